"""What a spreadsheet export would cost to read, judged from its zip before calamine opens it.

An XLSX file is a zip of XML parts. calamine holds a sheet as a grid spanning its first
to its furthest cell, and reserves room for as many shared strings as the file claims,
so a file of two kilobytes can claim billions of cells, and one of a few hundred
kilobytes can inflate to gigabytes. Before calamine sees the file, `check_spreadsheet`
bounds:

* its size on disk, the number of its parts and the sum of their inflated sizes (what a
  zip bomb multiplies). Both Python's zip reader and calamine refuse a part that
  inflates beyond the size it declares, so the declared sum is what reading can cost;
* the grid of every part, streamed once: cells are placed as a reader places them (by
  their `r` attribute, or next to the cell before), and the grid from the first cell
  of the sheet to the furthest row and column may hold at most MAX_CELLS cells (calamine
  hands out the rows above the data as empty ones); the `<dimension>` a sheet declares
  and the counts a shared-strings table claims are held to the same bound.

Each refusal is an ExportProblem naming the file.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

MAX_SPREADSHEET_BYTES = 16 * 1024 * 1024
MAX_INFLATED_BYTES = 64 * 1024 * 1024
MAX_PARTS = 10_000
MAX_CELLS = 2_000_000
"""The largest grid (rows times columns, from the sheet's first cell) a spreadsheet export may span."""

_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|dimension|sst)(?=[\s/>])([^>]*)>")
_ATTRIBUTE = re.compile(rb"""(?<![\w:.-])(r|ref|count|uniqueCount)\s*=\s*["']([^"']*)["']""")
_CELL = re.compile(rb"\$?([A-Za-z]+)\$?(\d+)")
_CHUNK = 1 << 20


class Problem(Exception):
    """Why the spreadsheet is refused; the caller names the file."""


def check_spreadsheet(path: Path) -> None:
    """Raise Problem when reading the spreadsheet would cost more than the bounds allow."""
    size = path.stat().st_size
    if size > MAX_SPREADSHEET_BYTES:
        raise Problem(f"spreadsheet is {size:,} bytes; the limit is {MAX_SPREADSHEET_BYTES:,} (export it as CSV)")
    try:
        with zipfile.ZipFile(path) as book:
            parts = book.infolist()
            inflated = sum(part.file_size for part in parts)
            if len(parts) > MAX_PARTS:
                raise Problem(f"spreadsheet holds {len(parts):,} parts; the limit is {MAX_PARTS:,}")
            if inflated > MAX_INFLATED_BYTES:
                raise Problem(f"spreadsheet inflates to {inflated:,} bytes ({inflated / max(size, 1):,.0f} times its size); "
                              f"the limit is {MAX_INFLATED_BYTES:,} (export it as CSV)")
            for part in parts:
                with book.open(part) as stream:
                    _Grid(part.filename).scan(stream)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise Problem(f"not a readable XLSX file ({exc})") from None


class _Grid:
    """The cells of one part, placed as a reader places them."""

    def __init__(self, part: str):
        self.part = part
        self.row = self.column = 0  # where the last cell was placed
        self.rows = self.columns = 0  # the furthest row and column

    def scan(self, stream) -> None:
        carry = b""
        while chunk := stream.read(_CHUNK):
            buffer = carry + chunk
            cut = buffer.rfind(b"<")
            if cut == -1 or buffer.find(b">", cut) != -1:
                cut = len(buffer)
            for tag in _TAG.finditer(buffer, 0, cut):
                self.tag(tag[1], dict(_ATTRIBUTE.findall(tag[2])))
            carry = buffer[cut:]

    def tag(self, name: bytes, attributes: dict) -> None:
        if name == b"row":
            self.row = _number(attributes.get(b"r")) or self.row + 1
            self.column = 0
        elif name == b"c":
            cell = _CELL.fullmatch(attributes.get(b"r", b""))
            self.row, self.column = (int(cell[2]), _column(cell[1])) if cell else (self.row, self.column + 1)
            self.place(self.row, self.column)
        elif name == b"dimension":
            corners = [_CELL.fullmatch(c) for c in attributes.get(b"ref", b"").split(b":")]
            if all(corners) and len(corners) == 2:
                (top, left), (bottom, right) = ((int(c[2]), _column(c[1])) for c in corners)
                self.bound(max(top, bottom) * max(left, right), f"declares the dimension "
                           f"{attributes[b'ref'].decode('ascii', 'replace')}")
        else:
            for key in (b"count", b"uniqueCount"):
                self.bound(_number(attributes.get(key)), f"claims {_number(attributes.get(key)):,} shared strings")

    def place(self, row: int, column: int) -> None:
        self.rows, self.columns = max(self.rows, row), max(self.columns, column)
        if self.rows * self.columns > MAX_CELLS:  # calamine's rows run from the first row of the sheet
            self.bound(self.rows * self.columns, f"reaches row {self.rows:,} and column {self.columns:,}")

    def bound(self, cells: int, what: str) -> None:
        if cells > MAX_CELLS:
            raise Problem(f"part {self.part} {what}: a grid of {cells:,} cells; the limit is {MAX_CELLS:,} "
                          "(export fewer rows or columns, or as CSV)")


def _number(text: bytes | None) -> int:
    return int(text) if text and text.isdigit() else 0  # beyond 4,300 digits int() raises ValueError: refused


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number
