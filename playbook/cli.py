"""The `playbook` command line.

Exit codes: 0 no errors, 1 the content has errors (or warnings with --strict),
2 a usage or configuration problem. No content, however broken, prints a traceback.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .checker import check
from .config import ConfigError
from .diagnostics import FORMATS
from .rules import markdown_table

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def as_of_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (expected YYYY-MM-DD)") from None


def content_dir(text: str) -> Path:
    path = Path(text)
    if not path.is_dir():
        raise UsageError(f"content folder '{text}' does not exist or is not a folder")
    return path


def cmd_validate(args) -> int:
    root = content_dir(args.content_dir)
    result = check(root, as_of=args.as_of)
    diags = [d.relative_to(str(root)) for d in result.diagnostics]
    print(FORMATS[args.format](diags))
    failing = result.errors or (args.strict and result.warnings)
    return EXIT_CONTENT if failing else EXIT_OK


def cmd_rules(args) -> int:
    print(markdown_table())
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="playbook", description="Check and publish a strategy playbook.")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check the content and report every problem")
    p.add_argument("content_dir", nargs="?", default="content", metavar="CONTENT_DIR")
    p.add_argument("--format", choices=sorted(FORMATS), default="text")
    p.add_argument("--as-of", type=as_of_date, default=None, metavar="YYYY-MM-DD",
                   help="date for date-dependent rules (default: today)")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("rules", help="list every rule code and its meaning")
    p.set_defaults(func=cmd_rules)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (UsageError, ConfigError) as exc:
        print(f"playbook: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
