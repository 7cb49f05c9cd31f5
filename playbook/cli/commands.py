"""The `playbook` command line.

Exit codes: 0 no errors, 1 the content has errors (or warnings with --strict),
2 a usage or configuration problem. No content, however broken, prints a traceback.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from playbook import __version__
from playbook.check.checker import check, edition_warnings
from playbook.check.codeowners import CODEOWNERS_PATH, codeowners_text
from playbook.check.config import ConfigError
from playbook.check.credentials import redact
from playbook.check.edition import project
from playbook.check.rules import markdown_table
from playbook.check.safe_url import is_web_address
from playbook.content.dates import MAX_DAYS, date_problem, parse_date
from playbook.content.diagnostics import FORMATS, print_problems
from playbook.content.loader import is_text_name, shown_name
from playbook.content.model import VISIBILITY_LEVELS
from playbook.content.report_log import last_report
from playbook.i18n import LanguageError, language
from playbook.living.analytics_files import ExportProblem
from playbook.living.analytics_import import import_export
from playbook.living.cms_config import backend_for, cms_config
from playbook.living.deadlines import due_items, select
from playbook.living.git_revisions import GitError
from playbook.living.issue_checkin import (
    EventError,
    Refused,
    check_in,
    pull_request_body,
    read_event,
    recorded_reply,
    step_outputs,
)
from playbook.living.measure import CheckinError, Comment, find_kpi, parse_value, record
from playbook.living.report_record import record_report
from playbook.living.strategy_diff import FORMATS as DIFF_FORMATS
from playbook.living.strategy_diff import diff_revisions
from playbook.living.transaction import WriteRefused
from playbook.outputs.briefing_book import (
    Meeting,
    ReportError,
    comparison,
    report_html,
    write_pdf,
)
from playbook.outputs.data_export import to_json, write_csv
from playbook.outputs.due_list import FORMATS as DUE_FORMATS
from playbook.outputs.output_guard import OutputError, refuse_overlap, write_file
from playbook.outputs.publish import (
    BUILDERS,
    PublishError,
    Stopped,
    build,
    mkdocs_env,
    serve,
    site_url_near,
    sources_around,
)
from playbook.outputs.site_source import render
from playbook.outputs.stratml import stratml
from playbook.scaffold.checkin_form import FormError, write_checkin_files
from playbook.scaffold.generated_files import GeneratedFileError, write_generated
from playbook.scaffold.starter import (
    TEMPLATES,
    ScaffoldError,
    export_schemas,
    init,
    new_entity,
)

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def as_of_date(text: str) -> dt.date:
    problem = date_problem(text)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return parse_date(text)


def day_count(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = -1
    if not 0 <= days <= MAX_DAYS:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of days from 0 to {MAX_DAYS}")
    return days


def web_address(text: str) -> str:
    if not is_web_address(text):
        raise argparse.ArgumentTypeError(f"'{text}' is not a web address (expected e.g. https://playbook.example.org/)")
    return text


def content_dir(text: str) -> Path:
    path = Path(text)
    if not path.is_dir():
        raise UsageError(f"content folder '{text}' does not exist or is not a folder")
    return path


def cmd_validate(args) -> int:
    if args.content_dir and args.content_option and args.content_dir != args.content_option:
        raise UsageError(f"two content folders given: '{args.content_dir}' and --content '{args.content_option}'")
    root = content_dir(args.content_dir or args.content_option or "content")
    result = check(root, as_of=args.as_of)
    diags = [d.relative_to(str(root)) for d in result.diagnostics]
    waived = [w.listed().relative_to(str(root)) for w in result.waived]
    print(FORMATS[args.format](diags, waived, args.waived))
    failing = result.errors or (args.strict and result.warnings)
    return EXIT_CONTENT if failing else EXIT_OK


def cmd_rules(args) -> int:
    print(markdown_table())
    return EXIT_OK


def edition_env(args) -> dict:
    return mkdocs_env(args.edition, args.as_of and args.as_of.isoformat())


def cmd_build(args) -> int:
    code = build(Path(args.config), args.site_dir and Path(args.site_dir), edition_env(args), args.strict, args.builder)
    return EXIT_OK if code == 0 else EXIT_CONTENT


def cmd_report(args) -> int:
    content = content_dir(args.content_dir or args.content)
    out = Path(args.out)
    try:
        language(args.language)
    except LanguageError as exc:
        raise UsageError(str(exc)) from None
    if out.suffix.lower() not in (".pdf", ".html", ".htm"):
        raise UsageError("--out names FILE.pdf or FILE.html")
    refuse_overlap(out, sources=sources_around(content))
    result = check(content, as_of=args.as_of)
    if result.errors:
        print_problems(result.errors, content)
        return EXIT_CONTENT
    last = last_report(result.content.reports, result.as_of)
    since = comparison(content, args.since, last and last.day, result.as_of)
    meeting = Meeting(args.meeting or "", args.meeting_date)
    html = report_html(result, args.edition or "internal", since, args.language,
                       args.site_url or site_url_near(content), meeting)
    if out.suffix.lower() == ".pdf":
        write_pdf(html, out)
    else:
        write_file(out, html)
    print(f"wrote {out}")
    if args.record:
        record_report(content, args.meeting_date or result.as_of, meeting.name)
        print(f"recorded the report in {content / 'reports.yml'}")
    return EXIT_OK


def cmd_render(args) -> int:
    source = render(Path(args.config), Path(args.out_dir), args.edition, args.as_of)
    result, written = source.result, len(source.pages)
    print_problems(result.diagnostics, result.content.root)
    if result.errors:
        print(f"playbook: {len(result.errors)} content error(s); nothing was written", file=sys.stderr)
        return EXIT_CONTENT
    for message in edition_warnings(result, args.edition or "internal"):
        print(f"playbook: warning: {message}", file=sys.stderr)
    print(f"wrote {written} pages and mkdocs.yml to {args.out_dir}; build them with "
          f"'zensical build' (or 'mkdocs build', 'properdocs build') in that folder")
    return EXIT_OK


def cmd_serve(args) -> int:
    return serve(Path(args.config), edition_env(args), args.dev_addr)


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


def meeting_name(text: str) -> str:
    """One line of printable text, at most 200 characters."""
    if len(text) > 200 or not text.isprintable() or not text.strip():
        raise argparse.ArgumentTypeError("a meeting's name is one line of printable text, at most 200 characters")
    return text.strip()


def as_of_option(p: argparse.ArgumentParser, purpose: str) -> None:
    p.add_argument("--as-of", type=as_of_date, default=None, metavar="YYYY-MM-DD",
                   help=f"date for {purpose} (default: playbook.yml's plan: as_of, else today)")


def content_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--content", default="content", metavar="DIR", help="the content folder (default: content)")
    as_of_option(p, "KPI status")


def edition_option(p: argparse.ArgumentParser, default: str) -> None:
    p.add_argument("--edition", choices=list(VISIBILITY_LEVELS), default=default,
                   help=f"show only what this audience may see (default: {default})")


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


def edition_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", "-f", default="mkdocs.yml", metavar="MKDOCS_YML",
                   help="the site's configuration file (default: mkdocs.yml)")
    p.add_argument("--edition", choices=list(VISIBILITY_LEVELS), default=None,
                   help="build only what this audience may see (default: the plugin's edition)")
    as_of_option(p, "KPI status and date-dependent rules")


class Parser(argparse.ArgumentParser):
    """argparse's parser, except that help and the version fail when standard output is
    gone (argparse would say nothing and exit 0)."""

    def print_help(self, file=None):
        (file or sys.stdout).write(self.format_help())


class Version(argparse.Action):
    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"playbook {__version__}")
        parser.exit()


def parser() -> argparse.ArgumentParser:
    top = Parser(prog="playbook", description="Check and publish a strategy playbook.")
    top.add_argument("--version", action=Version, help="print the version and exit")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check the content and report every problem")
    p.add_argument("content_dir", nargs="?", default=None, metavar="CONTENT_DIR", help="the content folder (or --content)")
    p.add_argument("--content", dest="content_option", default=None, metavar="DIR", help="the content folder (default: content)")
    p.add_argument("--format", choices=sorted(FORMATS), default="text",
                   help="text for a terminal, json for tools, github for GitHub Actions annotations")
    as_of_option(p, "date-dependent rules")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("--waived", action="store_true",
                   help="list the findings waivers cover too (severity 'waived'), with each waiver's reason, owner and expiry")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("rules", help="list every rule code and its meaning")
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser("build", help="build the site with MkDocs; replace the old one only on success")
    edition_options(p)
    p.add_argument("--site-dir", "-d", default=None, metavar="DIR", help="default: mkdocs.yml's site_dir")
    p.add_argument("--builder", choices=list(BUILDERS), default="mkdocs",
                   help="mkdocs (default) or properdocs run the plugin; zensical builds what 'playbook render' writes")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("report", help="write the briefing book for a board meeting, as PDF or HTML")
    p.add_argument("content_dir", nargs="?", default=None, metavar="CONTENT_DIR",
                   help="the content folder (default: content)")
    p.add_argument("--out", required=True, metavar="FILE.pdf|FILE.html",
                   help="the book to write: a PDF, or HTML to print yourself")
    p.add_argument("--edition", choices=list(VISIBILITY_LEVELS), default=None, help="default: internal")
    p.add_argument("--since", default=None, metavar="REV|YYYY-MM-DD",
                   help="tell what changed since then (default: the last report in reports.yml, else 30 days back)")
    p.add_argument("--meeting", default=None, metavar="TEXT", type=meeting_name, help="the meeting, named on the cover")
    p.add_argument("--meeting-date", type=as_of_date, default=None, metavar="YYYY-MM-DD",
                   help="the meeting's date, on the cover")
    p.add_argument("--record", action="store_true",
                   help="add this report to the content folder's reports.yml, so the next book tells what changed since")
    p.add_argument("--language", default=None, metavar="LANG", help="en (default), de, fr or es")
    p.add_argument("--site-url", type=web_address, default=None, metavar="URL",
                   help="the site's address, for links to its pages (default: mkdocs.yml's site_url; none: plain text)")
    content_options(p)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("render", help="write the site source (pages, assets, mkdocs.yml) for builders that run no plugins")
    p.add_argument("out_dir", metavar="OUT_DIR", help="the folder to write the site's source into (a new or empty folder)")
    edition_options(p)
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("serve", help="preview the site with MkDocs' live-reloading server, rebuilding only changed pages")
    edition_options(p)
    p.add_argument("--dev-addr", "-a", default=None, metavar="IP:PORT",
                   help="the address to serve on (default: the one in mkdocs.yml, else 127.0.0.1:8000)")
    p.set_defaults(func=cmd_serve)

    editor_commands(sub)
    return top


def unusable_input(argv: list[str]) -> str | None:
    """Why the command cannot start: standard output is closed, or an argument is not UTF-8."""
    if sys.stdout is None:
        return "standard output is closed; nothing was done"
    odd = next((arg for arg in argv if not is_text_name(arg)), None)
    if odd is not None:
        return f"argument '{shown_name(odd)}' is not valid UTF-8 text; nothing was done"
    return None


def run_command(argv: list[str]) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit:  # --help, --version or a usage error, which argparse has printed
        sys.stdout.flush()  # a reader that went away is said as for any command
        raise
    code = args.func(args)
    sys.stdout.flush()
    return code


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    problem = unusable_input(argv)
    if problem:
        print(f"playbook: {problem}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return run_command(argv)
    except (UsageError, ConfigError, PublishError, ScaffoldError, GitError, OutputError, CheckinError, ReportError,
            EventError, FormError, GeneratedFileError) as exc:
        print(f"playbook: {redact(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except WriteRefused as refused:
        print(refused, file=sys.stderr)
        return EXIT_CONTENT
    except BrokenPipeError:  # the reader went away (`playbook rules | head -1`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        print("playbook: output closed before everything was written", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"playbook: {exc.filename or 'output'}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except Stopped as stop:
        print(f"playbook: stopped by {stop}", file=sys.stderr)
        return 128 + stop.signum
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
