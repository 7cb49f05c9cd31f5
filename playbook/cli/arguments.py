"""The command line's vocabulary: argument types that refuse a bad value in one line, the options
several commands share, and the parser class that makes argparse's own errors exit code 2."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from playbook import __version__
from playbook.check.safe_url import is_web_address
from playbook.content.dates import MAX_DAYS, date_problem, parse_date
from playbook.content.model import ID_PATTERN, VISIBILITY_LEVELS
from playbook.outputs.publish import (
    mkdocs_env,
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


def edition_env(args) -> dict:
    return mkdocs_env(args.edition, args.as_of and args.as_of.isoformat())


def meeting_name(text: str) -> str:
    """One line of printable text, at most 200 characters."""
    if len(text) > 200 or not text.isprintable() or not text.strip():
        raise argparse.ArgumentTypeError("a meeting's name is one line of printable text, at most 200 characters")
    return text.strip()


def entity_id(text: str) -> str:
    """An entity's id: a lowercase slug of at most 64 characters."""
    if len(text) > 64 or not ID_PATTERN.match(text):
        raise argparse.ArgumentTypeError(f"'{text[:80]}' is not an id (a lowercase slug such as monthly-report)")
    return text


def as_of_option(p: argparse.ArgumentParser, purpose: str) -> None:
    p.add_argument("--as-of", type=as_of_date, default=None, metavar="YYYY-MM-DD",
                   help=f"date for {purpose} (default: playbook.yml's plan: as_of, else today)")


def content_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--content", default="content", metavar="DIR", help="the content folder (default: content)")
    as_of_option(p, "KPI status")


def edition_option(p: argparse.ArgumentParser, default: str) -> None:
    p.add_argument("--edition", choices=list(VISIBILITY_LEVELS), default=default,
                   help=f"show only what this audience may see (default: {default})")


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
