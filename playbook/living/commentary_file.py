"""An entity's file with one more commentary entry, every other byte kept as written.

`measure --comment` adds the owner's commentary to the KPI's own YAML (or a Markdown
file's front matter) through here:

* `CommentaryFile.open` reads the file under the writers' lock, after the checker
  found no error in it (an entry is only added to a file the checker accepts);
* `add` appends the entry at the end of the top-level `commentary` block list, or
  starts one at the end of the YAML when there is none (an empty `commentary: []`
  becomes the block); any other form of the field is refused rather than rewritten;
* `judged` is the new content once the checker's reader and the kind's schema accept
  it and read back exactly the fields they read before plus the entry meant, or the
  writer refuses and writes nothing.

Texts are written as double-quoted YAML scalars (JSON's escaping), so no character of
a comment can open a new key, a comment or a document.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from playbook.check.checker import Result
from playbook.check.form import check_schema
from playbook.content.diagnostics import ContentError
from playbook.content.loader import (
    MAX_FILE_BYTES,
    check_markdown,
    decode,
    parse_document,
    parse_problems,
)
from playbook.content.model import Entity
from playbook.living.transaction import Change, WriteRefused, read_bytes, target

BOM = b"\xef\xbb\xbf"
KEY = re.compile(r"^commentary[ \t]*:[ \t]*(?P<rest>[^\n]*)$", re.M)
ITEM = re.compile(r"^(?P<indent>[ \t]*)- ", re.M)
FIELDS = ("date", "why", "next", "help_needed", "author")
MAX_TEXT = 2000
"""The longest text the schema accepts in one part of an entry."""


def entry(date: str, why: str, next: str = "", help: str = "", author: str = "") -> dict:
    """A commentary entry with the parts given."""
    parts = {"date": date, "why": why.strip(), "next": next.strip(), "help_needed": help.strip(), "author": author.strip()}
    return {key: value for key, value in parts.items() if value}


def quoted(text: str) -> str:
    """The text as a double-quoted YAML scalar: JSON's escapes, and an escape for every character
    that is not printable (YAML reads U+2028 and the like as line breaks)."""
    return "".join(c if c.isprintable() else json.dumps(c)[1:-1] for c in json.dumps(text, ensure_ascii=False))


def _lines(item: dict, indent: str) -> str:
    quoted_ = [f"{key}: {quoted(item[key])}" for key in FIELDS if key in item]
    return "".join(f"{indent}{'- ' if n == 0 else '  '}{line}\n" for n, line in enumerate(quoted_))


@dataclass
class CommentaryFile:
    root: Path
    entity: Entity
    path: Path
    old: bytes

    @classmethod
    def open(cls, result: Result, entity: Entity) -> "CommentaryFile":
        """The entity's file as it is now; call under the writers' lock."""
        errors = [d for d in result.diagnostics if d.file == entity.file and d.severity == "error"]
        if errors:
            shown = errors[0]
            raise WriteRefused(shown.file, shown.line, shown.column, f"{shown.code} {shown.message} (fix it before "
                               "adding commentary; nothing was written)")
        root = result.content.root
        path = target(root, entity.file)
        raw = read_bytes(path, MAX_FILE_BYTES)
        if raw is None:
            raise WriteRefused(entity.file, 1, 1, "the file is gone since the check; nothing was written")
        return cls(root, entity, path, raw)

    def add(self, item: dict) -> Change:
        """The file with `item` appended to its commentary, judged by the checker's reader."""
        bom = BOM if self.old.startswith(BOM) else b""
        newline = "\r\n" if b"\r\n" in self.old else "\n"
        text = self._text(self.old)
        markdown = self.entity.file.endswith(".md")
        start, end = _front_matter(text) if markdown else (0, len(text))
        front = _appended(text[start:end], item, self.entity.file)
        new = bom + (text[:start] + front + text[end:]).replace("\n", newline).encode("utf-8")
        return self._judged(new, item)

    def _text(self, raw: bytes) -> str:
        try:
            return decode(raw, self.entity.file)
        except ContentError as fail:
            d = fail.diagnostic
            raise WriteRefused(d.file, d.line, d.column, f"{d.code} {d.message} (nothing was written)") from None

    def _judged(self, new: bytes, item: dict) -> Change:
        before, after = self._read(self.old), self._read(new)
        meant = {**before.data, "commentary": [*(before.data.get("commentary") or []), item]}
        if after.data != meant or after.body != before.body:
            raise WriteRefused(self.entity.file, 1, 1, "the file would not read back as written (nothing was written)")
        return Change(self.path, new, self.old)

    def _read(self, raw: bytes) -> Entity:
        """The entity the checker's reader makes of `raw`; WriteRefused at its first problem."""
        file = self.entity.file
        try:
            doc, body, body_line = parse_document(self._text(raw), file, file.endswith(".md"))
            check_markdown(file, doc, body, body_line)
        except ContentError as fail:
            d = fail.diagnostic
            raise WriteRefused(d.file, d.line, d.column, f"{d.code} {d.message} (nothing was written)") from None
        read = Entity(self.entity.kind, self.entity.id, file, doc, body, body_line)
        problems = parse_problems(file, doc) + check_schema(read)
        if problems:
            d = problems[0]
            raise WriteRefused(d.file, d.line, d.column, f"{d.code} {d.message} (nothing was written)")
        return read


def _front_matter(text: str) -> tuple[int, int]:
    """Where a Markdown file's front matter starts and ends (a file without one gets one)."""
    if not text.startswith("---\n"):
        return 0, 0
    end = text.find("\n---\n", 3)
    return 4, (end if end != -1 else len(text) - 4) + 1


def _appended(yaml: str, item: dict, file: str) -> str:
    """The YAML text with the entry at the end of its top-level commentary list."""
    yaml = yaml if not yaml or yaml.endswith("\n") else yaml + "\n"
    found = KEY.search(yaml)
    if found is None:
        return yaml + "commentary:\n" + _lines(item, "  ")
    rest = found.group("rest").split("#", 1)[0].strip()
    if rest == "[]":
        return yaml[:found.start()] + "commentary:\n" + _lines(item, "  ") + yaml[found.end() + 1:]
    if rest:
        line = yaml.count("\n", 0, found.start()) + 1
        raise WriteRefused(file, line, 1, "commentary is not written as a block list ('- date: ...' on lines of "
                           "its own); write it so, or add the entry by hand (nothing was written)")
    block_end = _block_end(yaml, found.end() + 1)
    first = ITEM.search(yaml, found.end(), block_end)
    indent = first.group("indent") if first else "  "
    return yaml[:block_end] + _lines(item, indent) + yaml[block_end:]


def _block_end(yaml: str, start: int) -> int:
    """The offset just after the last line of the block that starts at `start`: its lines
    are indented or list items; blank and comment lines after it stay after it."""
    end = pos = start
    while pos < len(yaml):
        stop = yaml.find("\n", pos)
        stop = len(yaml) if stop == -1 else stop + 1
        line = yaml[pos:stop]
        if line.strip() and not line.lstrip().startswith("#"):
            if not (line[0] in " \t" or line.startswith("- ") or line.rstrip("\n") == "-"):
                break
            end = stop
        pos = stop
    return end
