"""The editor's commands: start a playbook, add an entity, check in, import, review a change, list
what is due, export, and write the files a repository's workflow uses (issue form, CODEOWNERS,
the CMS). `editor_commands` adds them to the parser."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from playbook.check.checker import check
from playbook.check.codeowners import CODEOWNERS_PATH, codeowners_text
from playbook.check.credentials import redact
from playbook.check.edition import project
from playbook.check.safe_url import is_web_address
from playbook.cli.arguments import (
    EXIT_CONTENT,
    EXIT_OK,
    UsageError,
    as_of_date,
    content_dir,
    content_options,
    day_count,
    edition_option,
)
from playbook.content.diagnostics import print_problems
from playbook.content.model import VISIBILITY_LEVELS
from playbook.living.analytics_files import ExportProblem
from playbook.living.analytics_import import import_export
from playbook.living.cms_config import backend_for, cms_config
from playbook.living.deadlines import due_items, select
from playbook.living.issue_checkin import (
    Refused,
    check_in,
    pull_request_body,
    read_event,
    recorded_reply,
    step_outputs,
)
from playbook.living.measure import Comment, find_kpi, parse_value, record
from playbook.living.strategy_diff import FORMATS as DIFF_FORMATS
from playbook.living.strategy_diff import diff_revisions
from playbook.outputs.data_export import to_json, write_csv
from playbook.outputs.due_list import FORMATS as DUE_FORMATS
from playbook.outputs.output_guard import refuse_overlap, write_file
from playbook.outputs.publish import (
    sources_around,
)
from playbook.outputs.stratml import stratml
from playbook.scaffold.checkin_form import write_checkin_files
from playbook.scaffold.generated_files import write_generated
from playbook.scaffold.starter import (
    TEMPLATES,
    export_schemas,
    init,
    new_entity,
)


def cmd_init(args) -> int:
    init(Path(args.dir), dt.date.today(), args.template)
    print(f"wrote a new playbook to {args.dir}; next: cd {args.dir} && playbook validate content")
    return EXIT_OK


def cmd_new(args) -> int:
    print(f"wrote {new_entity(content_dir(args.dir), args.kind, args.id, dt.date.today())}")
    return EXIT_OK


def cmd_checkin_form(args) -> int:
    content = content_dir(args.content)
    for path in write_checkin_files(check(content, as_of=args.as_of), content.resolve().parent):
        print(f"wrote {path}")
    return EXIT_OK


def cmd_codeowners(args) -> int:
    content = content_dir(args.content)
    text = codeowners_text(check(content, as_of=args.as_of).graph, content.resolve().name)
    for path in write_generated({content.resolve().parent / CODEOWNERS_PATH: text}):
        print(f"wrote {path}: {sum(1 for line in text.splitlines() if not line.startswith('#'))} files with owners")
    return EXIT_OK


def cmd_cms(args) -> int:
    if args.local_backend is not None and not is_web_address(args.local_backend):
        raise UsageError(f"--local-backend '{args.local_backend}' is not an http or https address")
    config = cms_config(args.content, backend_for(args.repo_url, args.branch), args.local_backend or True)
    text = json.dumps(config, indent=2, ensure_ascii=False) + "\n"
    if args.out is None:
        sys.stdout.write(text)
        return EXIT_OK
    refuse_overlap(Path(args.out), sources=sources_around(Path(args.content)))
    write_file(Path(args.out), text)
    print(f"wrote {args.out}: {len(config['collections'])} collections")
    return EXIT_OK


def cmd_schema(args) -> int:
    refuse_overlap(Path(args.out), sources=sources_around(Path("content")))
    print(f"wrote {len(export_schemas(Path(args.out)))} JSON Schemas to {args.out}")
    return EXIT_OK


def cmd_diff(args) -> int:
    report = diff_revisions(content_dir(args.content), args.rev1, args.rev2, args.as_of, edition=args.edition)
    print(DIFF_FORMATS[args.format](report))
    return EXIT_OK


def cmd_measure(args) -> int:
    content = content_dir(args.content)
    value = parse_value(args.value)
    result = check(content, as_of=args.as_of)
    kpi = find_kpi(result, args.kpi)
    day = args.date or result.as_of
    done = record(result, kpi, value, day, args.note or "", args.replace, comment_of(args))
    verb = "replaced" if done.replaced else "added"
    print(f"{verb} {day} = {args.value} in {done.file}")
    if done.commented:
        print(f"added the commentary of {day} to {done.commented}")
    change = "unchanged" if done.before.status == done.after.status else f"was {done.before.status}"
    print(f"kpi '{kpi.id}' is {done.after.status} as of {result.as_of} ({change})")
    return EXIT_OK


def cmd_checkin_from_issue(args) -> int:
    content, out = content_dir(args.content), Path(args.out)
    refuse_overlap(out, sources=sources_around(content))
    issue = read_event(Path(args.event))
    result = check(content, as_of=args.as_of)
    try:
        done = check_in(result, issue)
    except Refused as refused:
        write_file(out / "reply.md", f"{refused}\n")
        (out / "pull-request.md").unlink(missing_ok=True)  # a refused check-in opens no pull request
        print(f"playbook: check-in refused: {refused}", file=sys.stderr)
        return EXIT_CONTENT
    write_file(out / "reply.md", recorded_reply(done))
    write_file(out / "pull-request.md", pull_request_body(done, content))
    if args.github_output:
        with open(args.github_output, "a", encoding="utf-8") as outputs:
            outputs.write(step_outputs(done, content))
    print(f"recorded {done.value:g} on {done.date} for kpi '{done.kpi.id}' in {done.file}")
    return EXIT_OK


def comment_of(args) -> Comment | None:
    given = (args.comment, args.next, args.help_needed, args.author)
    if all(part is None for part in given):
        return None
    return Comment(*(part or "" for part in given))


def cmd_import(args) -> int:
    export = Path(args.file)
    if not export.is_file():
        raise UsageError(f"export '{export}' does not exist or is not a file")
    result = check(content_dir(args.content), as_of=args.as_of)
    try:
        done = import_export(result, export, args.kpi, args.dry_run)
    except ExportProblem as problem:
        print(f"{problem.file}:{problem.row}:{problem.column}: error {redact(problem.message)}", file=sys.stderr)
        return EXIT_CONTENT
    if not done:
        print(f"no kpi has an import rule whose 'match' fits '{export.name}'")
    for item in done:
        print(item.summary(args.dry_run))
        for line in item.details(args.dry_run):
            print(line)
    return EXIT_OK


def cmd_due(args) -> int:
    result = project(check(content_dir(args.content), as_of=args.as_of), args.edition)
    items = select(due_items(result.graph, result.config), result.as_of, args.within, args.owner)
    print(DUE_FORMATS[args.format](items, result.as_of))
    return EXIT_OK


EXPORT_SUFFIXES = {"json": ".json", "stratml": ".xml", "csv": ".csv"}
"""What an export file is named, so that it never lands on a file of another kind (mkdocs.yml)."""


def refuse_misnamed(out: Path, format: str) -> None:
    suffix = EXPORT_SUFFIXES[format]
    folder_allowed = format == "csv" and (not out.suffix or out.is_dir())
    if out.suffix.lower() != suffix and not folder_allowed:
        raise UsageError(f"--out names FILE{suffix} for --format {format}" + (" or a folder" if format == "csv" else ""))


def cmd_export(args) -> int:
    content = content_dir(args.content)
    if args.out:
        refuse_overlap(Path(args.out), sources=sources_around(content))
        refuse_misnamed(Path(args.out), args.format)
    result = check(content, as_of=args.as_of)
    if args.format == "stratml":
        if result.errors:
            print_problems(result.errors, content)
            return EXIT_CONTENT
        document = stratml(result, args.edition or "public", args.kind)
        if args.out:
            write_file(Path(args.out), document)
        else:
            sys.stdout.write(document.decode("utf-8"))
        return EXIT_OK
    result = project(result, args.edition or "internal")
    if args.format == "csv":
        if not args.out:
            raise UsageError("--format csv writes two files (entities, relations): give --out FOLDER or --out FILE.csv")
        print("\n".join(f"wrote {path}" for path in write_csv(result, Path(args.out))))
    elif args.out:
        write_file(Path(args.out), to_json(result) + "\n")
    else:
        print(to_json(result))
    return EXIT_OK


def editor_commands(sub) -> None:
    p = sub.add_parser("init", help="start a new playbook repository in an empty folder")
    p.add_argument("dir", metavar="DIR", help="the new playbook's folder (must be empty or absent)")
    p.add_argument("--template", choices=list(TEMPLATES), default="business",
                   help="the example to start from: a small business, or a public agency (default: business)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("new", help="write a new entity file with every field explained")
    p.add_argument("kind", metavar="KIND", help="the kind of entity: goal, kpi, tactic, policy... (playbook new --help lists them)")
    p.add_argument("id", metavar="ID", help="the new entity's id, which is also its file name: lowercase letters, digits and hyphens")
    p.add_argument("--content", "--dir", dest="dir", default="content", metavar="DIR",
                   help="the content folder (default: content)")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("checkin-form", help="write the check-in issue form (listing the KPIs) and its workflow into .github/ beside the content folder")
    content_options(p)
    p.set_defaults(func=cmd_checkin_form)

    p = sub.add_parser("codeowners", help="write .github/CODEOWNERS beside the content folder, so that a change asks its owner and deputy for review")
    content_options(p)
    p.set_defaults(func=cmd_codeowners)

    p = sub.add_parser("cms", help="write the configuration of the browser editor (Decap CMS) from the JSON Schemas")
    p.add_argument("--content", default="content", metavar="DIR",
                   help="the content folder, as a path from the repository's root (default: content)")
    p.add_argument("--repo-url", metavar="URL", help="the repository's address: a GitHub one selects the GitHub backend")
    p.add_argument("--branch", default="main", help="the branch the editor proposes changes to (default: main)")
    p.add_argument("--local-backend", metavar="URL",
                   help="the address of a local decap-server (default: its own, http://localhost:8081/api/v1)")
    p.add_argument("--out", metavar="FILE", help="the file to write (default: standard output), e.g. admin/config.yml")
    p.set_defaults(func=cmd_cms)

    p = sub.add_parser("schema", help="export the JSON Schemas for editors")
    p.add_argument("--out", required=True, metavar="DIR", help="the folder to write the JSON Schemas into")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("diff", help="what changed in strategy terms between two revisions")
    p.add_argument("rev1", metavar="REV1", help="the git revision to compare from (a commit, branch or tag)")
    p.add_argument("rev2", nargs="?", default=None, metavar="REV2", help="default: the working tree")
    p.add_argument("--format", choices=list(DIFF_FORMATS), default="text",
                   help="text for a terminal, markdown for a pull request comment, json for tools")
    edition_option(p, "confidential")
    content_options(p)
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("measure", help="add one measurement to a KPI's file and say how its status changed")
    p.add_argument("kpi", metavar="KPI", help="the id of the KPI the reading is for")
    p.add_argument("value", metavar="VALUE", help="the reading, a number in the KPI's unit")
    p.add_argument("--date", type=as_of_date, default=None, metavar="YYYY-MM-DD", help="default: the as-of date")
    p.add_argument("--note", default=None, metavar="TEXT", help="a note kept with the reading: why it moved, where it came from")
    p.add_argument("--replace", action="store_true", help="change the value the file already holds for the date")
    p.add_argument("--comment", default=None, metavar="TEXT",
                   help="the owner's commentary, dated like the reading: why the KPI stands where it stands "
                        "(written into the KPI's file, together with the reading or not at all)")
    p.add_argument("--next", default=None, metavar="TEXT", help="with --comment: what happens next")
    p.add_argument("--help-needed", default=None, metavar="TEXT", help="with --comment: what help is needed, and from whom")
    p.add_argument("--author", default=None, metavar="PERSON", help="with --comment: who says so (a person's id or a name)")
    content_options(p)
    p.set_defaults(func=cmd_measure)

    p = sub.add_parser("checkin-from-issue", help="record a check-in submitted with the issue form (run by the check-in workflow)")
    p.add_argument("event", metavar="EVENT.json", help="GitHub's event file of the opened issue ($GITHUB_EVENT_PATH)")
    p.add_argument("--out", required=True, metavar="DIR",
                   help="a folder outside the project for reply.md (the answer on the issue) and pull-request.md")
    p.add_argument("--github-output", default=None, metavar="FILE",
                   help="append the step's outputs (branch, title, reviewer, file) to this file ($GITHUB_OUTPUT)")
    content_options(p)
    p.set_defaults(func=cmd_checkin_from_issue)

    p = sub.add_parser("import", help="turn an analytics export (CSV or XLSX) into KPI measurements by each KPI's rule")
    p.add_argument("file", metavar="FILE", help="the analytics export to read: CSV or XLSX")
    p.add_argument("--kpi", default=None, metavar="ID", help="only this KPI's rule (default: every rule whose match fits)")
    p.add_argument("--dry-run", action="store_true", help="show the changes without writing them")
    content_options(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("due", help="what falls due, overdue first: measurements, reviews, milestones, access reviews")
    p.add_argument("--owner", default=None, metavar="NAME", help="only this owner's items (person id or name)")
    p.add_argument("--within", type=day_count, default=None, metavar="DAYS", help="only overdue items and those due within DAYS")
    p.add_argument("--format", choices=list(DUE_FORMATS), default="text",
                   help="text for a terminal, json for tools, markdown for an issue, ics for a calendar")
    edition_option(p, "internal")
    content_options(p)
    p.set_defaults(func=cmd_due)

    p = sub.add_parser("export", help="write the checked graph as JSON or CSV, or a StratML performance plan or report")
    p.add_argument("--format", choices=["json", "csv", "stratml"], default="json",
                   help="json (one document), csv (a file per kind) or stratml (ISO 17469-1 XML)")
    p.add_argument("--out", default=None, metavar="PATH",
                   help="JSON and StratML: a file (default: print); CSV: a folder or FILE.csv")
    p.add_argument("--kind", choices=["plan", "report"], default="report",
                   help="StratML: a performance plan (targets) or report (targets and actual results)")
    p.add_argument("--edition", choices=list(VISIBILITY_LEVELS), default=None,
                   help="what this audience may see (default: public for StratML, internal for JSON and CSV)")
    content_options(p)
    p.set_defaults(func=cmd_export)
