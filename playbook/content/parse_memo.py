"""What each content file parsed into, kept from one check of a folder to the next.

Under `playbook serve` the whole folder is checked again after every save, and one file
changed. `ParseMemo` keeps, for each file, the text it last read and what parsing it gave
(the fields with their places, the body): a file whose text is the same is not parsed
again. Later stages change an entity's fields in place (a number kept as the text
written, a rejected value set aside), so each check gets its own copy of the fields; the
places and problems are only read. A file that does not parse is parsed again every time.
A measurement file's rows are kept the same way.
What the check works out from one file's text alone (its schema findings) is kept the same way.

Nor is a file read again whose identity, size and times are those it had when it was last
read, if by then it had not changed for `SETTLED_NS` (`text`). Any write sets a file's change
time (`st_ctime`), which no program can set back, to the time of the write; a later write
could only show the same times within one tick of the file system's clock, and the file had
been left alone for longer than any tick. A file read sooner after its change is read again
each time, until it has settled. The file is still opened, and its status taken from the open
file, so that a network file system looks at it afresh rather than from what it cached.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from typing import Callable, TypeVar

from playbook.content.model import Series
from playbook.content.safe_yaml import Located

Parsed = tuple[Located, "str | None", int]
T = TypeVar("T")
SETTLED_NS = 3_000_000_000
"""How long a file must have been left alone for its times to tell a later change: longer than
the coarsest clock tick of a file system in use (FAT's two seconds), with a second to spare."""


@dataclass
class _File:
    text: str
    parsed: Parsed
    derived: dict = field(default_factory=dict)


class ParseMemo:
    def __init__(self) -> None:
        self._files: dict[str, _File] = {}
        self._texts: dict[str, tuple[tuple[int, ...], str]] = {}  # path -> what its status was, and its text

    def text(self, path: str, status: os.stat_result, read: Callable[[], str]) -> str:
        """The text of the file open at `path` whose `status` is given: `read()`, or the text last
        read where the file has not changed since."""
        key = (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
        last = self._texts.get(path)
        if last is not None and last[0] == key:
            return last[1]
        settled = time.time_ns() - max(status.st_mtime_ns, status.st_ctime_ns) > SETTLED_NS
        text = read()
        if settled:
            self._texts[path] = (key, text)
        else:
            self._texts.pop(path, None)
        return text

    def parsed(self, file: str, text: str, parse: Callable[[], Parsed]) -> Parsed:
        """What `parse()` returns for the file's `text`, from the last check when the text is the same."""
        doc, body, body_line = self._last(file, text, parse).parsed
        return replace(doc, value=_copy(doc.value)), body, body_line

    def series(self, file: str, text: str, parse: Callable[[], tuple[Series, list]]) -> tuple[Series, list]:
        """The measurements and row problems `parse()` finds in a CSV's `text`, kept the same way;
        each check gets its own list of the (unchangeable) measurements."""
        series, diags = self._last(file, text, parse).parsed
        return replace(series, points=list(series.points)), list(diags)

    def _last(self, file: str, text: str, parse: Callable) -> _File:
        last = self._files.get(file)
        if last is None or last.text != text:
            last = self._files[file] = _File(text, parse())
        return last

    def derived(self, file: str, name: str, work: Callable[[], T]) -> T:
        """What `work()` returns, worked out from nothing but the file's text as last parsed: kept
        until the text changes. Its value is shared between checks, so it is never changed."""
        entry = self._files[file].derived
        if name not in entry:
            entry[name] = work()
        return entry[name]


def _copy(value):
    """A copy of parsed fields: mappings and lists copied, everything else (text, numbers,
    dates, true/false) immutable and shared."""
    kind = type(value)
    if kind is dict:
        return {key: _copy(item) for key, item in value.items()}
    if kind is list:
        return [_copy(item) for item in value]
    return value
