"""The project's one YAML loader: safe, located, strict about types and bounded.

The text is composed into nodes by PyYAML's safe composer (the C one where it is
installed), then turned into plain Python values here, so that:

* every value keeps its line and column (`Located.locs` maps a path such as
  `("milestones", 2, "date")` to a 1-based `(line, column)`);
* plain scalars follow YAML 1.2's core schema, not YAML 1.1: only `true`/`false`
  are booleans, and dates stay text (`no`, `on`, `2026-01-05` are strings); the
  schemas then check that a date field holds a real date;
* a key given twice is reported with both lines (the document still loads);
* aliases are expanded under a budget of nodes, so an alias bomb fails fast.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from playbook.content.diagnostics import position

try:  # the C composer is several times faster; both are safe
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader

MAX_NODES = 20_000
"""How many values one document may expand to, aliases included."""
MAX_DEPTH = 64
"""How deeply values may nest (a self-referencing alias would nest forever)."""

MAX_NUMBER = 1e15
"""The largest magnitude a number may have: sums and charts of such numbers stay finite."""

Path = tuple
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


class YamlProblem(Exception):
    """A problem in the YAML text, at a 1-based line and column."""

    def __init__(self, message: str, line: int, column: int, code: str = "PB001"):
        super().__init__(message)
        self.message, self.line, self.column, self.code = message, line, column, code


@dataclass
class Located:
    value: object
    locs: dict = field(default_factory=dict)
    key_locs: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)  # YamlProblems that did not stop the parse
    numbers: dict = field(default_factory=dict)  # path -> the text of a plain scalar read as a number

    def strings(self) -> list[tuple[Path, str]]:
        """(path, text) of every text value in the document, in document order."""
        if isinstance(self.value, str):
            return [((), self.value)]
        found: list[tuple[Path, str]] = []
        if isinstance(self.value, (dict, list)):
            _texts(self.value, (), found)
        return found

    def loc(self, path: Path, key: bool = False) -> tuple[int, int]:
        """Where `path` sits; falls back to the nearest enclosing value."""
        table = self.key_locs if key else self.locs
        path = tuple(path)
        while path:
            if path in table:
                return table[path]
            if key and path in self.locs:
                return self.locs[path]
            path = path[:-1]
        return self.locs.get((), (1, 1))


def _texts(value, path: Path, found: list) -> None:
    """Add (path, text) of each text inside a mapping or list to `found` (called for containers
    only: one call per mapping or list, not per value)."""
    for key, item in (value.items() if isinstance(value, dict) else enumerate(value)):
        if isinstance(item, str):
            found.append((path + (key,), item))
        elif isinstance(item, (dict, list)):
            _texts(item, path + (key,), found)


_STR_TAG = "tag:yaml.org,2002:str"
_TAGGED_WORDS = _NULL | set(_BOOL) | {"<<"}
_NUMBER_START = frozenset("+-.0123456789")


class _Loader(_SafeLoader):
    """The safe loader, asking YAML 1.1's resolver for a tag only where the tag can change what
    `_scalar` and `_Builder.mapping` make of a node: a plain scalar that may be a number, null,
    a boolean or a merge key. Any other plain scalar becomes text whatever its tag, so it is
    tagged as text. A node's place never changes its tag (the loader has no path resolvers),
    so the composer need not report each step down and back up. The composer calls these
    three for every node of every file: they took a fifth of its time."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0] and (value[:1] in _NUMBER_START or value in _TAGGED_WORDS):
            return super().resolve(kind, value, implicit)
        if kind is yaml.ScalarNode:
            return _STR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


def _scalar(node: yaml.ScalarNode):
    text = node.value
    # quoted, block or explicitly tagged: always text (the C composer marks plain
    # scalars with style '' where the pure-Python one uses None)
    if node.style or node.tag == _STR_TAG:
        return text
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text) or (_FLOAT.match(text) and any(c.isdigit() for c in text)):
        return number(text)
    return text


def number(text: str) -> int | float | str:
    """The number `text` writes, or the text itself when its size is beyond MAX_NUMBER
    (the schema then says a number was expected, and text fields keep what was written)."""
    if len(text) > 40:
        return text
    value = int(text) if _INT.match(text) else float(text)
    return value if abs(value) <= MAX_NUMBER else text


class _Builder:
    def __init__(self, line_offset: int):
        self.line_offset = line_offset
        self.nodes = 0
        self.out = Located(None)

    def origin(self, path: Path) -> tuple[int, int]:
        """Where the text that leads to `path` is written. An alias sits at its anchor's
        position, which comes before the alias, so follow the path while positions advance."""
        best = self.out.locs.get((), (1 + self.line_offset, 1))
        for depth in range(1, len(path)):
            here = self.out.locs.get(path[:depth])
            if here is None or here < best:
                break
            best = here
        return best

    def build(self, node, path: Path):
        self.nodes += 1
        if self.nodes > MAX_NODES:
            line, col = self.origin(path)
            raise YamlProblem(
                f"document expands to more than {MAX_NODES} values (anchors and aliases are "
                "limited; write the values out instead)", line, col, "PB005")
        if len(path) > MAX_DEPTH:
            line, col = self.origin(path)
            raise YamlProblem(f"values nest more than {MAX_DEPTH} levels deep", line, col, "PB005")
        mark = node.start_mark  # 1-based, below the front matter's first line
        self.out.locs[path] = (mark.line + 1 + self.line_offset, mark.column + 1)
        kind = type(node)
        if kind is yaml.MappingNode:
            return self.mapping(node, path)
        if kind is yaml.SequenceNode:
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        value = _scalar(node)
        if type(value) is int or type(value) is float:
            self.out.numbers[path] = node.value
        return value

    def mapping(self, node, path: Path) -> dict:
        result: dict = {}
        seen: dict = {}
        key_locs = self.out.key_locs
        for key_node, value_node in node.value:
            mark = key_node.start_mark
            line, col = mark.line + 1 + self.line_offset, mark.column + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem("merge keys ('<<') are not supported; write the fields out", line, col)
            if type(key_node) is not yaml.ScalarNode:
                raise YamlProblem("a key must be plain text, not a list or mapping", line, col)
            key = key_node.value
            if key in seen:  # reported, and the later value wins, as in YAML parsers
                self.out.problems.append(YamlProblem(
                    f"duplicate key '{key}' (first defined on line {seen[key]})", line, col, "PB004"))
            seen[key] = line
            here = path + (key,)
            key_locs[here] = (line, col)
            result[key] = self.build(value_node, here)
        return result


def read_yaml(text: str, line_offset: int = 0) -> Located:
    """Parse one YAML document into plain values with their locations.

    `line_offset` shifts reported lines (front matter starts below the `---`).
    Raises `YamlProblem` on a syntax or size problem; duplicate keys are collected
    in `problems`.
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        col = mark.column + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        if "\t" in text and "tab" in str(exc).lower() or _char_at(text, mark) == "\t":
            problem = "a tab character is not allowed here (indent with spaces)"
        code = "PB005" if "nesting depth" in problem else "PB001"  # libyaml's own depth limit
        raise YamlProblem(f"YAML syntax error: {problem}", line, col, code) from None
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        offset = getattr(exc, "position", None)
        line, col = position(text, offset, 1 + line_offset) if isinstance(offset, int) else (1 + line_offset, 1)
        raise YamlProblem(f"YAML error: {_reader_message(exc)}", line, col) from None
    builder = _Builder(line_offset)
    if node is not None:  # an empty document stays None
        builder.out.value = builder.build(node, ())
    return builder.out


def _char_at(text: str, mark) -> str:
    lines = text.split("\n")
    if mark is None or mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return lines[mark.line][mark.column]


def _reader_message(exc) -> str:
    char = getattr(exc, "character", None)
    if isinstance(char, str):
        return f"control character {ord(char):#06x} is not allowed"
    return str(exc).splitlines()[0]
