"""Material's templates without the indentation of their source.

Material's templates are indented for people to read, and every page carries that
indentation: about a third of an entity page's bytes are white space around the
header, the sidebars and the footer. `install(env)` puts a loader in front of the
theme's that gives each of Material's own templates with every run of white space
that holds a line break written as one line break. A browser shows such a run
exactly as it showed the longer one, and the page's text, links and the values the
templates insert are untouched: only the template source changes, never the content
or a template of the project's `custom_dir`. A template with an element that keeps
its white space as written (`pre`, `textarea`) is left as it is. A language's template
is also given with its table of words made once (`tabled`), not for every word looked up.

`install` also gives the environment a bytecode cache kept for the whole process:
`serve` makes a new environment for every rebuild, which would otherwise compile every
template again (Jinja checks each template's source against what was compiled), and
MkDocs would list Material's thousands of files again.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from jinja2 import BaseLoader, BytecodeCache, Environment, FileSystemLoader
from jinja2.bccache import Bucket

from .navcache import MATERIAL

_LINE_BREAKS = re.compile(r"[ \t\r\f]*\n[ \t\n\r\f]*")
"""A run of HTML white space (not U+00A0, which is text) that holds a line break."""
_KEEPS_WHITE_SPACE = re.compile(r"<(pre|textarea)\b", re.I)


@lru_cache(maxsize=512)
def compact(source: str) -> str:
    """The template's source with each run of white space that holds a line break made one
    (kept for the process: `serve` loads every template again for each rebuild)."""
    return source if _KEEPS_WHITE_SPACE.search(source) else _LINE_BREAKS.sub("\n", source)


LANGUAGES = "partials/languages/"
_TABLE_MACRO = re.compile(r"\{% macro t\(key\) %\}\{\{ (\{.*\})\[key\] \}\}\{% endmacro %\}", re.S)
"""A language's translations as Material writes them: a macro that makes the whole table for
every word it looks up (some thirty a page)."""


def tabled(source: str) -> str:
    """The language's table made once, when the template is first imported, and looked up by the
    same macro; a template written otherwise is left as it is."""
    found = _TABLE_MACRO.search(source)
    if found is None:
        return source
    return (f"{source[:found.start()]}{{% set _table = {found[1]} %}}"
            f"{{% macro t(key) %}}{{{{ _table[key] }}}}{{% endmacro %}}{source[found.end():]}")


class CompactLoader(BaseLoader):
    """The theme's loader, giving Material's own templates compacted."""

    def __init__(self, loader: BaseLoader, theme: Path):
        self.loader, self.theme = loader, theme

    def get_source(self, environment: Environment, template: str):
        source, filename, uptodate = self.loader.get_source(environment, template)
        if filename and _inside(filename, self.theme):
            source = tabled(compact(source)) if template.startswith(LANGUAGES) else compact(source)
        return source, filename, uptodate

    def list_templates(self):
        """The templates of every folder the theme's loader searches; Material's own listed once for
        the whole process, without its icons: MkDocs lists a theme's files to copy them into the
        site, and never copies one inside a folder whose name starts with a dot, as Material's
        fourteen thousand icons are (Jinja still finds them by name)."""
        if not isinstance(self.loader, FileSystemLoader):
            return self.loader.list_templates()
        found = set()
        for folder in self.loader.searchpath:
            fixed = Path(folder).resolve().is_relative_to(self.theme)
            found.update(_listed(folder) if fixed else FileSystemLoader(folder).list_templates())
        return sorted(found)


@lru_cache(maxsize=1024)
def _inside(filename: str, folder: Path) -> bool:
    """Whether the file is in the folder, links resolved (once for the process: the theme's files
    stay where they were installed)."""
    return Path(filename).resolve().is_relative_to(folder)


@lru_cache(maxsize=None)
def _listed(folder: str) -> tuple[str, ...]:
    return tuple(name for name in FileSystemLoader(folder).list_templates() if not _in_dot_folder(name))


def _in_dot_folder(name: str) -> bool:
    return name.startswith(".") and "/" in name or "/." in name.rpartition("/")[0]


class CompiledOnce(BytecodeCache):
    """Compiled templates in memory, by template; Jinja drops one whose source changed."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledOnce()


def share(theme) -> None:
    """Give every environment the theme makes for this build the caches of `install`: MkDocs lists
    the theme's files, and Material's search plugin reads its language settings, each through an
    environment of its own, before the build's environment exists."""
    make = theme.get_env

    def get_env() -> Environment:
        env = make()
        install(env)
        return env

    theme.get_env = get_env


def install(env: Environment) -> bool:
    """Serve Material's templates compacted; False (nothing changed) without Material."""
    if env.bytecode_cache is None:
        env.bytecode_cache = COMPILED
    if MATERIAL is None or env.loader is None or isinstance(env.loader, CompactLoader):
        return False
    env.loader = CompactLoader(env.loader, MATERIAL)
    return True
