"""Read analytics exports (CSV or XLSX) into rows of cells, the way their tools write them.

CSV: UTF-8 with or without a byte-order mark, comma, semicolon or tab separated
(sniffed from the header), blank rows and `#` comment rows (GA4 writes some first) skipped. XLSX: the first sheet, read with
python-calamine. The first non-blank row is the header. Every row keeps its number in
the file, so a problem can name file, row and column.

Dates are read in the forms exports use (2026-05-01, 20260501, 01/05/2026 day first,
05/01/2026 with `date_format` set, 1 May 2026, 2026-05-01 13:00:00, spreadsheet dates);
numbers with thousands separators (1,234 or 1.234,5 in semicolon files or 1 234),
percent signs and currency marks around them.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

MAX_EXPORT_BYTES = 200 * 1024 * 1024
"""An export larger than this is refused before it is read."""
DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%d/%m/%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y", "%b %d, %Y", "%Y/%m/%d")
_NUMBER_MARKS = re.compile(r"[%$€£¥\s\u00a0']")


class ExportProblem(Exception):
    """A problem in an export file, at a 1-based row and column."""

    def __init__(self, file: str, row: int, column: int, message: str):
        super().__init__(f"{file}:{row}:{column}: {message}")
        self.file, self.row, self.column, self.message = file, row, column, message


@dataclass
class Table:
    file: str
    header: list[str]
    rows: list[tuple[int, list]]  # (row number in the file, cells)
    decimal_comma: bool = False
    header_row: int = 1

    def column(self, name: str, what: str) -> int:
        wanted = name.strip().casefold()
        for index, title in enumerate(self.header):
            if str(title).strip().casefold() == wanted:
                return index
        raise ExportProblem(self.file, self.header_row, 1, f"no column '{name}' for the {what} (columns: "
                            + ", ".join(str(h) for h in self.header if str(h).strip()) + ")")


def read_table(path: Path) -> Table:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ExportProblem(str(path), 1, 1, f"cannot read the export: {exc.strerror}") from None
    if size > MAX_EXPORT_BYTES:
        raise ExportProblem(str(path), 1, 1, f"export is {size:,} bytes; the limit is {MAX_EXPORT_BYTES:,}")
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        return _sheet(path)
    return _csv(path)


def _csv(path: Path) -> Table:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExportProblem(str(path), 1, 1, f"not UTF-8 text (byte {exc.start}); export it as UTF-8 CSV") from None
    first = next((line for line in text.splitlines() if line.strip() and not line.startswith("#")), "")
    delimiter = max((";", ",", "\t"), key=first.count)
    rows = [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1)
            if any(cell.strip() for cell in row) and not row[0].startswith("#")]  # GA4 opens with # comment lines
    return _table(str(path), rows, decimal_comma=delimiter == ";")


def _sheet(path: Path) -> Table:
    from python_calamine import CalamineWorkbook  # only exports in spreadsheet form need it
    try:
        book = CalamineWorkbook.from_path(str(path))
        cells = book.get_sheet_by_index(0).to_python()
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise ExportProblem(str(path), 1, 1, f"cannot read the spreadsheet: {exc}") from None
    rows = [(n, row) for n, row in enumerate(cells, 1) if any(str(c).strip() for c in row if c is not None)]
    return _table(str(path), rows)


def _table(file: str, rows: list, decimal_comma: bool = False) -> Table:
    if not rows:
        raise ExportProblem(file, 1, 1, "the export holds no rows")
    (header_row, header), body = rows[0], rows[1:]
    return Table(file, [str(h) for h in header], body, decimal_comma, header_row)


def parse_number(cell, decimal_comma: bool = False) -> float | None:
    """A number from a cell as exports write it, or None."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return float(cell)
    text = _NUMBER_MARKS.sub("", str(cell or ""))
    if decimal_comma or re.fullmatch(r"-?\d{1,3}(\.\d{3})+,\d+", text):
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", "")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def date_parser(date_format: str | None):
    """A function from a cell to a date (or None), remembering the texts it has read."""
    formats = (date_format,) if date_format else DATE_FORMATS
    seen: dict[str, dt.date | None] = {}

    def parse(cell) -> dt.date | None:
        if isinstance(cell, dt.datetime):
            return cell.date()
        if isinstance(cell, dt.date):
            return cell
        text = str(cell or "").strip()
        if text not in seen:
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
