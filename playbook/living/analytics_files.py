"""Read analytics exports (CSV or XLSX) row by row, the way their tools write them.

CSV: UTF-8 with or without a byte-order mark, comma, semicolon or tab separated
(sniffed from the header); `#` comment rows skipped (GA4 writes some first, and the
`Start date` and `End date` it names there are kept as the dates the export covers).
The file is streamed: each pass holds one row at a time, and a row longer than
`MAX_LINE_CHARS`, a cell beyond the csv module's field limit or more than `MAX_ROWS`
rows are refused with their row and column. XLSX: the first sheet, read with
python-calamine once `sheetbounds` has judged what reading it would cost. The first
non-blank row is the header; blank rows are passed on empty, so a reader can tell a
section that follows the data from the data. Every row keeps its number in the file,
so a problem can name file, row and column.

Dates are read in the forms exports use (2026-05-01, 20260501, 01/05/2026 day first,
05/01/2026 with `date_format` set, 1 May 2026, 2026-05-01 13:00:00, spreadsheet dates).
Numbers are read as written (`parse_number`): thousands separators, percent signs and
currency marks around them, and the file's decimal convention where a separator could
be either (`1,234`: a comma-separated file writes a point for decimals, a semicolon-
separated one a comma; a rule's `decimal` says so for other files).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from playbook.content import safe_yaml
from playbook.living.spreadsheet_bounds import Problem, check_spreadsheet

MAX_EXPORT_BYTES = 200 * 1024 * 1024
"""An export larger than this is refused before it is read."""
MAX_LINE_CHARS = 1024 * 1024
MAX_ROWS = 1_000_000
DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%d/%m/%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y", "%b %d, %Y", "%Y/%m/%d")
SPREADSHEETS = (".xlsx", ".xlsm")
_NUMBER_MARKS = re.compile(r"[%$€£¥\s\u00a0\u202f']")
_COVERS = re.compile(r"#\s*(start|end)\s+date\s*:\s*(\d{8}|\d{4}-\d{2}-\d{2})\s*$", re.IGNORECASE)
_SCIENTIFIC = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)[eE][+-]?\d+")


class ExportProblem(Exception):
    """A problem in an export file, at a 1-based row and column."""

    def __init__(self, file: str, row: int, column: int, message: str):
        super().__init__(f"{file}:{row}:{column}: {message}")
        self.file, self.row, self.column, self.message = file, row, column, message


@dataclass
class Table:
    file: str
    header: list[str]
    header_row: int
    passes: Callable[[], Iterator[tuple[int, list]]]  # a fresh pass over the rows below the header
    decimal: str | None = None  # "." or "," where the file's form says which separator is the decimal one
    covers: tuple[dt.date | None, dt.date | None] = (None, None)  # the dates the export says it covers
    first_column: int = 1

    def rows(self) -> Iterator[tuple[int, list]]:
        """(row number in the file, cells) of every row below the header; a blank row has no cells."""
        return self.passes()

    def column(self, name: str, what: str) -> int:
        wanted = name.strip().casefold()
        for index, title in enumerate(self.header):
            if str(title).strip().casefold() == wanted:
                return index
        raise ExportProblem(self.file, self.header_row, self.first_column, f"no column '{name}' for the {what} (columns: "
                            + ", ".join(str(h) for h in self.header if str(h).strip()) + ")")

    def problem(self, row: int, index: int, message: str) -> ExportProblem:
        return ExportProblem(self.file, row, self.first_column + index, message)


def read_table(path: Path) -> Table:
    """The export's header, and a way to stream its rows."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ExportProblem(str(path), 1, 1, f"cannot read the export: {exc.strerror}") from None
    if size > MAX_EXPORT_BYTES:
        raise ExportProblem(str(path), 1, 1, f"export is {size:,} bytes; the limit is {MAX_EXPORT_BYTES:,}")
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods", ".xlsb"):
        raise ExportProblem(str(path), 1, 1, f"'{suffix}' spreadsheets are not read; save the export as XLSX or CSV")
    return _sheet(path) if suffix in SPREADSHEETS else _csv(path)


def _csv(path: Path) -> Table:
    file = str(path)
    skip, delimiter, covers = _preamble(path)
    convention = {";": ",", ",": "."}.get(delimiter)  # tab-separated files follow either

    def records() -> Iterator[tuple[int, list]]:
        return _records(path, delimiter, skip)

    header_row, header = next(records())
    return Table(file, [str(h) for h in header], header_row, lambda: _body(records()), convention, covers)


def _body(records: Iterator[tuple[int, list]]) -> Iterator[tuple[int, list]]:
    next(records)  # the header
    for number, cells in records:
        if not (cells and cells[0].startswith("#")):  # GA4 writes comment rows
            yield number, cells if any(cell.strip() for cell in cells) else []


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, text) of each line, each within MAX_LINE_CHARS and UTF-8."""
    file = str(path)
    with open(path, "rb") as handle:
        number = 0
        while raw := handle.readline(MAX_LINE_CHARS + 1):
            number += 1
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if len(raw) > MAX_LINE_CHARS:
                raise ExportProblem(file, number, 1, f"row is longer than {MAX_LINE_CHARS:,} bytes")
            try:
                yield number, raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ExportProblem(file, number, exc.start + 1, "not UTF-8 text; export it as UTF-8 CSV") from None


def _preamble(path: Path) -> tuple[int, str, tuple[dt.date | None, dt.date | None]]:
    """The lines before the header (blank and # comment lines), the delimiter and the dates covered."""
    said: dict[str, dt.date | None] = {}
    for number, line in _lines(path):
        text = line.strip()
        if text.startswith("#"):
            found = _COVERS.match(text)
            if found:
                said[found[1].lower()] = _parse_text(found[2], ("%Y%m%d", "%Y-%m-%d"))
        elif text:
            return number - 1, max((";", ",", "\t"), key=line.count), (said.get("start"), said.get("end"))
    raise ExportProblem(str(path), 1, 1, "the export holds no rows")


def _records(path: Path, delimiter: str, skip: int) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of each CSV record after the first `skip` lines."""
    record: list[str] = []  # the lines of the record being read

    def feed() -> Iterator[str]:
        for number, line in _lines(path):
            if number > skip:
                record.append(line)
                yield line

    reader = csv.reader(feed(), delimiter=delimiter)
    rows = 0
    while True:
        start = skip + reader.line_num + 1
        record.clear()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ExportProblem(str(path), start, _long_cell("".join(record), delimiter), f"unreadable CSV: {exc}") from None
        rows += 1
        if rows > MAX_ROWS + 1:
            raise ExportProblem(str(path), start, 1, f"the export has more than {MAX_ROWS:,} rows; export a shorter period")
        yield start, cells


def _long_cell(text: str, delimiter: str) -> int:
    """The column of the first cell beyond the csv module's field limit in a record, else 1."""
    limit = csv.field_size_limit()
    try:
        csv.field_size_limit(sys.maxsize)
        cells = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
    except csv.Error:
        return 1
    finally:
        csv.field_size_limit(limit)
    return next((i for i, cell in enumerate(cells, 1) if len(cell) > limit), 1)


def _sheet(path: Path) -> Table:
    from python_calamine import (
        CalamineWorkbook,  # only exports in spreadsheet form need it
    )
    file = str(path)
    try:
        check_spreadsheet(path)
        sheet = CalamineWorkbook.from_path(file).get_sheet_by_index(0)
        left = (sheet.start or (0, 0))[1]
    except Problem as problem:
        raise ExportProblem(file, 1, 1, str(problem)) from None
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise ExportProblem(file, 1, 1, f"cannot read the spreadsheet: {exc}") from None

    def rows() -> Iterator[tuple[int, list]]:
        for number, cells in enumerate(sheet.iter_rows(), 1):  # from the sheet's first row, the columns from `left`
            yield number, (cells if any(str(c).strip() for c in cells if c is not None) else [])

    first = next(((n, cells) for n, cells in rows() if cells), None)
    if first is None:
        raise ExportProblem(file, 1, 1, "the export holds no rows")
    header_row, header = first

    def body() -> Iterator[tuple[int, list]]:
        return ((n, cells) for n, cells in rows() if n > header_row)

    return Table(file, [str(h) for h in header], header_row, body, None, (None, None), left + 1)


class NotANumber(ValueError):
    """Why a cell is not a number; the message is shown."""


def parse_number(cell, decimal: str | None = None) -> float:
    """A number from a cell as exports write it, in the file's decimal convention ("." or ",",
    None when unknown); NotANumber says why a cell is none, or could be two."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        value = float(cell)
    else:
        value = _written(_NUMBER_MARKS.sub("", str(cell if cell is not None else "")), decimal, cell)
    if not abs(value) <= safe_yaml.MAX_NUMBER:
        raise NotANumber(f"'{cell}' is not a number between -{safe_yaml.MAX_NUMBER:,.0f} and {safe_yaml.MAX_NUMBER:,.0f}")
    return value


def _written(text: str, decimal: str | None, cell) -> float:
    """A number written with or without separators: thousands groups and a decimal point or comma."""
    if _SCIENTIFIC.fullmatch(text):
        return float(text)
    found = re.fullmatch(r"([+-]?)(\d[\d.,]*|[.,]\d+)", text)
    if not found:
        raise NotANumber(f"'{cell}' is not a number")
    sign, body = found.groups()
    if "," in body and "." in body:  # the last one is the decimal separator
        point = "," if body.rfind(",") > body.rfind(".") else "."
        whole, _, part = body.rpartition(point)
        return _grouped(sign, whole, part, "." if point == "," else ",", cell)
    separator = "," if "," in body else "."
    whole, _, part = body.partition(separator)
    if separator not in body:
        return float(sign + body)
    if separator in part:  # two or more: thousands groups
        return _grouped(sign, body, "", separator, cell)
    if len(part) != 3 or not re.fullmatch(r"[1-9]\d{0,2}", whole):
        return float(f"{sign}{whole or 0}.{part or 0}")  # cannot be a thousands group: it is the decimal separator
    if decimal is None:
        raise NotANumber(f"'{cell}' could be {sign}{whole}{part} or {sign}{whole}.{part}; give the import rule "
                         "'decimal: point' or 'decimal: comma'")
    return float(f"{sign}{whole}.{part}") if separator == decimal else float(f"{sign}{whole}{part}")


def _grouped(sign: str, whole: str, part: str, group: str, cell) -> float:
    """`whole` in thousands groups separated by `group`, and the decimals `part`."""
    if not re.fullmatch(rf"[1-9]\d{{0,2}}(?:{re.escape(group)}\d{{3}})+|\d{{1,3}}", whole):
        raise NotANumber(f"'{cell}' is not a number (its separators do not group thousands)")
    return float(f"{sign}{whole.replace(group, '')}.{part or 0}")


def date_parser(date_format: str | None):
    """A function from a cell to a date (or None), remembering the texts it has read."""
    formats = (date_format,) if date_format else DATE_FORMATS
    seen: dict[str, dt.date | None] = {}

    def parse(cell) -> dt.date | None:
        if isinstance(cell, dt.datetime):
            return cell.date()
        if isinstance(cell, dt.date):
            return cell
        text = str(cell if cell is not None else "").strip()
        if text not in seen:
            if len(seen) > 100_000:
                seen.clear()
            seen[text] = _parse_text(text, formats)
        return seen[text]
    return parse


def _parse_text(text: str, formats) -> dt.date | None:
    head = text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}[ T]", text) else text
    for fmt in formats:
        try:
            return dt.datetime.strptime(head, fmt).date()
        except ValueError:
            continue
    return None
