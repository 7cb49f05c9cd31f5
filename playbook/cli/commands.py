"""The `playbook` command line.

Exit codes: 0 no errors, 1 the content has errors (or warnings with --strict),
2 a usage or configuration problem. No content, however broken, prints a traceback.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from playbook.check.checker import check, collector_paused, edition_warnings
from playbook.check.config import ConfigError
from playbook.check.credentials import redact
from playbook.check.rules import markdown_table
from playbook.cli.arguments import (
    EXIT_CONTENT,
    EXIT_OK,
    EXIT_USAGE,
    Parser,
    UsageError,
    Version,
    as_of_date,
    as_of_option,
    content_dir,
    content_options,
    edition_env,
    edition_options,
    entity_id,
    meeting_name,
    web_address,
)
from playbook.cli.editor_commands import editor_commands
from playbook.content.diagnostics import FORMATS, print_problems
from playbook.content.loader import is_text_name, shown_name
from playbook.content.model import VISIBILITY_LEVELS
from playbook.content.report_log import last_report
from playbook.i18n import LanguageError, language
from playbook.living.git_revisions import GitError
from playbook.living.issue_checkin import (
    EventError,
)
from playbook.living.measure import CheckinError
from playbook.living.report_record import record_report
from playbook.living.transaction import WriteRefused
from playbook.outputs.output_guard import OutputError, refuse_overlap, write_file
from playbook.outputs.publish import (
    BUILDERS,
    POLL_ENV,
    PublishError,
    Stopped,
    build,
    serve,
    site_url_near,
    sources_around,
)
from playbook.scaffold.checkin_form import FormError
from playbook.scaffold.generated_files import GeneratedFileError
from playbook.scaffold.starter import (
    ScaffoldError,
)


def cmd_validate(args) -> int:
    if args.content_dir and args.content_option and args.content_dir != args.content_option:
        raise UsageError(f"two content folders given: '{args.content_dir}' and --content '{args.content_option}'")
    root = content_dir(args.content_dir or args.content_option or "content")
    with collector_paused():  # until the report is out: the check's objects are only freed after it
        result = check(root, as_of=args.as_of)
        diags = [d.relative_to(str(root)) for d in result.diagnostics]
        waived = [w.listed().relative_to(str(root)) for w in result.waived]
        print(FORMATS[args.format](diags, waived, args.waived))
    failing = result.errors or (args.strict and result.warnings)
    return EXIT_CONTENT if failing else EXIT_OK


def cmd_rules(args) -> int:
    print(markdown_table())
    return EXIT_OK


def cmd_build(args) -> int:
    code = build(Path(args.config), args.site_dir and Path(args.site_dir), edition_env(args), args.strict, args.builder)
    return EXIT_OK if code == 0 else EXIT_CONTENT


def cmd_report(args) -> int:
    # the book and the site's pages are imported by the commands that write them: `validate`
    # starts without them
    from playbook.outputs.briefing_book import ReportError
    try:
        return _report(args)
    except ReportError as exc:
        raise UsageError(str(exc)) from None


def _report(args) -> int:
    from playbook.outputs.briefing_book import (
        Meeting,
        comparison,
        report_html,
        write_pdf,
    )
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
    review = review_recorded(args, result.graph)
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
        record_report(content, args.meeting_date or result.as_of, meeting.name, review)
        print(f"recorded the report in {content / 'reports.yml'}")
    return EXIT_OK


def review_recorded(args, graph) -> str:
    """The id of the review `--review` names, once it is known to produce a report ('' when none)."""
    if args.review is None:
        return ""
    if not args.record:
        raise UsageError("--review names the review this report is a record of; it goes with --record")
    review = graph.get("review", args.review)
    if review is None:
        known = ", ".join(r.id for r in graph.of_kind("review") if r.data.get("output") == "report") or "none"
        raise UsageError(f"--review: there is no review '{args.review}' in reviews/ (reviews that produce a report: {known})")
    if review.data.get("output") != "report":
        raise UsageError(f"--review: review '{review.id}' does not produce a report (set its output: report)")
    return review.id


def cmd_render(args) -> int:
    from playbook.outputs.site_source import render
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
    return serve(Path(args.config), {**edition_env(args), **({POLL_ENV: "1"} if args.poll else {})}, args.dev_addr)


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
    p.add_argument("--review", type=entity_id, default=None, metavar="ID",
                   help="with --record: the review (output: report) this report is a record of")
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
    p.add_argument("--poll", action="store_true",
                   help="look for changed files twice a second instead of being told by the system "
                        "(for a network drive or a folder shared into a container)")
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
    except (UsageError, ConfigError, PublishError, ScaffoldError, GitError, OutputError, CheckinError,
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
