"""What each content file parsed into, kept from one check of a folder to the next.

Under `playbook serve` the whole folder is checked again after every save, and one file
changed. `ParseMemo` keeps, for each file, the text it last read and what parsing it gave
(the fields with their places, the body): a file whose text is the same is not parsed
again. Later stages change an entity's fields in place (a number kept as the text
written, a rejected value set aside), so each check gets its own copy of the fields; the
places and problems are only read. A file that does not parse is parsed again every time.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from playbook.content.safe_yaml import Located

Parsed = tuple[Located, "str | None", int]


class ParseMemo:
    def __init__(self) -> None:
        self._files: dict[tuple[str, bool], tuple[str, Parsed]] = {}

    def parsed(self, file: str, markdown: bool, text: str, parse: Callable[[], Parsed]) -> Parsed:
        """What `parse()` returns for the file's `text`, from the last check when the text is the same."""
        last = self._files.get((file, markdown))
        if last is None or last[0] != text:
            last = self._files[(file, markdown)] = (text, parse())
        doc, body, body_line = last[1]
        return replace(doc, value=_copy(doc.value)), body, body_line


def _copy(value):
    """A copy of parsed fields: mappings and lists copied, everything else (text, numbers,
    dates, true/false) immutable and shared."""
    kind = type(value)
    if kind is dict:
        return {key: _copy(item) for key, item in value.items()}
    if kind is list:
        return [_copy(item) for item in value]
    return value
