"""Read a content folder into entities, free pages and KPI measurement series.

The folder names the kind, the file stem is the id. A file is YAML (`.yml`,
`.yaml`) or Markdown with YAML front matter (`.md`). Every problem becomes a
diagnostic; nothing here raises for bad content.
"""
from __future__ import annotations

import csv
import errno
import io
import os
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from playbook.content import safe_yaml
from playbook.content.dates import date_problem, parse_date
from playbook.content.diagnostics import ContentError, Diagnostic, position
from playbook.content.markdown_bounds import document_problem, markdown_problem
from playbook.content.model import (
    CONFIG_FILE,
    FOLDER_KIND,
    ID_PATTERN,
    MAX_ID_LENGTH,
    MEASUREMENTS_FOLDER,
    PAGES_FOLDER,
    Entity,
    Measurement,
    Page,
    Series,
    slugify,
)
from playbook.content.parse_memo import ParseMemo
from playbook.content.report_log import REPORT_LOG, Report, parse_report_log

MAX_FILE_BYTES = 1_048_576
"""Files larger than 1 MiB are rejected: a strategy document never needs more."""
YAML_SUFFIXES = (".yml", ".yaml")
IGNORED_ROOT_FILES = {CONFIG_FILE, "README.md"}
IMPORTS_FOLDER = "imports"
"""Analytics exports kept for `playbook import`; the checker does not read them."""


@dataclass
class Content:
    root: Path
    entities: list[Entity] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    series: dict[str, Series] = field(default_factory=dict)  # by data file, relative to root
    unreadable: set[tuple[str, str]] = field(default_factory=set)  # (kind, id) of entity files that failed to load
    diagnostics: list[Diagnostic] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)  # the report log, in date order
    files: set[str] = field(default_factory=set)  # every file the folder held when it was read, relative to root


def _error(file: str, line: int, col: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(file, line, col, "error", code, message)


def decode(raw: bytes, file: str) -> str:
    """UTF-8 text without a byte-order mark; raises ContentError when it is not."""
    if len(raw) > MAX_FILE_BYTES:
        raise ContentError(_too_big(file, len(raw)))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ContentError(_error(file, 1, 1, "PB002", "file is UTF-16; save it as UTF-8"))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise ContentError(_error(file, line, col, "PB002",
                                  f"invalid UTF-8 at byte offset {exc.start} (byte {raw[exc.start]:#04x}); save the file as UTF-8")) from None
    if "\x00" in text:
        line, col = position(text, text.index("\x00"))
        raise ContentError(_error(file, line, col, "PB002", "file contains a NUL byte; is it a binary file?"))
    return text.replace("\r\n", "\n")


def split_front_matter(text: str, file: str) -> tuple[str, str, int]:
    """(yaml text, body, line where the body starts) of a Markdown file."""
    if not text.startswith("---\n"):
        return "", text, 1
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            raise ContentError(_error(file, 1, 1, "PB001", "front matter opened with '---' is never closed by a '---' line"))
    front = text[4:end + 1]
    body = text[end + 5:]
    return front, body, front.count("\n") + 3


def parse_document(text: str, file: str, markdown: bool) -> tuple[safe_yaml.Located, str | None, int]:
    body, body_line, offset = None, 1, 0
    if markdown:
        front, body, body_line = split_front_matter(text, file)
        text, offset = front, 1
    try:
        doc = safe_yaml.read_yaml(text, line_offset=offset)
    except safe_yaml.YamlProblem as exc:
        raise ContentError(_error(file, exc.line, exc.column, exc.code, exc.message)) from None
    if doc.value is None:
        doc.value = {}
    if not isinstance(doc.value, dict):
        raise ContentError(_error(file, *doc.loc(()), "PB010",
                                  f"expected a mapping of fields at the top of the file, found {type_name(doc.value)}"))
    return doc, body, body_line


def type_name(value) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number",
            float: "a number", type(None): "nothing"}.get(type(value), type(value).__name__)


def read_text(root: Path, file: str, memo: ParseMemo | None = None) -> str:
    """The file's text; its size is checked before it is read, and no more than the limit is read.
    With a `memo`, a file unchanged since the memo's last reading of it is not read again: it is
    opened, which has a network file system look at it afresh, and what it is then is compared."""
    path = os.path.join(root, file)
    try:
        with open(path, "rb") as handle:
            status = os.fstat(handle.fileno())
            if memo is not None:
                return memo.text(path, status, lambda: decode(_read(handle, file, status.st_size), file))
            raw = _read(handle, file, status.st_size)
    except OSError as exc:
        raise ContentError(_error(file, 1, 1, "PB002", f"file cannot be read: {exc.strerror or exc}")) from None
    return decode(raw, file)


def _read(handle, file: str, size: int) -> bytes:
    if size > MAX_FILE_BYTES:
        raise ContentError(_too_big(file, size))
    # ask for the size it has: a buffer of the limit, made and dropped for each small file,
    # took more time than the rest of reading it; a file that grows meanwhile is still cut off
    raw = handle.read(size + 1)
    if len(raw) > size:
        raw += handle.read(MAX_FILE_BYTES + 1 - len(raw))
    return raw


def _too_big(file: str, size: int) -> Diagnostic:
    return _error(file, 1, 1, "PB003", f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")


def load_entity(root: Path, file: str, kind: str, memo: ParseMemo | None = None) -> Entity:
    stem, suffix = os.path.splitext(os.path.basename(file))
    doc, body, body_line = _parsed(read_text(root, file, memo), file, suffix == ".md", memo)
    return Entity(kind, stem, file, doc, body, body_line)


def _parsed(text: str, file: str, markdown: bool, memo: ParseMemo | None):
    """The document's fields and body, refused (PB016) when rendering its Markdown would take unbounded work."""
    def parse():
        doc, body, body_line = parse_document(text, file, markdown)
        check_markdown(file, doc, body, body_line)
        return doc, body, body_line
    return memo.parsed(file, text, parse) if memo is not None else parse()


def check_markdown(file: str, doc: safe_yaml.Located, body: str | None, body_line: int) -> None:
    """Refuse (PB016) a body or text field whose Markdown would take unbounded work to render."""
    problem = document_problem(doc, body, body_line)
    if problem:
        raise ContentError(_error(file, *problem))


def parse_problems(file: str, doc: safe_yaml.Located) -> list[Diagnostic]:
    return [_error(file, p.line, p.column, p.code, p.message) for p in doc.problems]


def check_id(entity: Entity) -> list[Diagnostic]:
    if ID_PATTERN.match(entity.id) and len(entity.id) <= MAX_ID_LENGTH:
        return []
    return [_error(entity.file, 1, 1, "PB006",
                   f"'{entity.id}' is not a valid id: ids are lowercase letters, digits and single "
                   f"hyphens, at most {MAX_ID_LENGTH} characters (rename the file to '{slugify(entity.id) or 'my-id'}')")]


def page_segment_ok(part: str) -> bool:
    """A folder or file name in a free page's path: letters (with their accents), digits,
    '-', '_' and '.', starting with a letter or digit, so that the page's URL means what
    it says (no ':', '?', '#', '%', '\\' or space)."""
    return (0 < len(part) <= MAX_ID_LENGTH and part[0].isalnum()
            and all(c in "-_." or unicodedata.category(c)[0] in "LMN" for c in part))


def check_page_name(file: str) -> None:
    rel = file[len(PAGES_FOLDER) + 1:].removesuffix(".md")
    bad = [part for part in rel.split("/") if not page_segment_ok(part)]
    if bad:
        raise ContentError(_error(file, 1, 1, "PB006",
                                  f"free page name '{bad[0]}' cannot be a safe address: folder and file names of pages "
                                  f"use letters, digits, '-', '_' and '.', start with a letter or digit, and are at most "
                                  f"{MAX_ID_LENGTH} characters (rename it to '{slugify(bad[0]) or 'page'}')"))


def load_page(root: Path, file: str, memo: ParseMemo | None = None) -> Page:
    check_page_name(file)
    doc, body, body_line = _parsed(read_text(root, file, memo), file, True, memo)
    rel = file[len(PAGES_FOLDER) + 1:]
    if doc.problems:
        raise ContentError(parse_problems(file, doc)[0])
    return Page(rel, file, doc, body or "", body_line)


def load_series(root: Path, file: str, kpi: str, memo: ParseMemo | None = None) -> tuple[Series, list[Diagnostic]]:
    """Read a measurement CSV: header `date,value[,note]`, one row per measurement."""
    text = read_text(root, file, memo)
    if memo is None:
        return parse_series(text, file, kpi)
    return memo.series(file, text, lambda: parse_series(text, file, kpi))


def parse_series(text: str, file: str, kpi: str) -> tuple[Series, list[Diagnostic]]:
    """The measurements of a CSV text (as `decode` returns it) and the problems of its rows;
    the writers judge every file they would write with it."""
    series, diags = Series(kpi, file), []
    reader = csv.reader(io.StringIO(text, newline=None))  # any line ending
    try:
        _read_rows(reader, series, diags)
    except csv.Error as exc:  # e.g. a value beyond the csv module's field size limit
        diags.append(_error(file, max(reader.line_num, 1), 1, "PB020", f"unreadable CSV: {exc}"))
    return series, diags


def _read_rows(reader, series: Series, diags: list[Diagnostic]) -> None:
    file = series.file
    header = next(reader, None)
    if not header or [h.strip().lower() for h in header[:2]] != ["date", "value"]:
        diags.append(_error(file, 1, 1, "PB020", "measurement file must start with the header 'date,value,note'"))
        return
    last, start = "", reader.line_num + 1
    for row in reader:
        line, start = start, reader.line_num + 1  # a quoted value may span lines
        joined = "".join(row)  # one string for the row's two questions, not a generator over its cells
        if not joined.strip():
            continue
        date, value = row[0].strip(), (row[1].strip() if len(row) > 1 else "")
        problem = _row_shape(row, "\n" in joined, line, reader.line_num) or _row_problem(date, value, last)
        if problem:
            diags.append(_error(file, line, problem[0], "PB020", problem[1]))
            continue
        note = row[2].strip() if len(row) > 2 else ""
        problem = markdown_problem(note) if note else None
        if problem:
            diags.append(_error(file, line, len(date) + len(value) + 3, "PB016", problem[1]))
            continue
        last = date
        series.points.append(Measurement(date, float(value), note, line))


def _row_shape(row: list[str], multiline: bool, line: int, end: int):
    if end > line or multiline:  # a note fits on one line
        return 1, "a quoted value is not closed on its line (the row runs on to the next line or the end of the file)"
    if len(row) > 3:
        return 1, f"expected at most 3 columns (date,value,note), found {len(row)}"
    return None


def _row_problem(date: str, value: str, last: str):
    if parse_date(date) is None:
        return 1, date_problem(date)
    if date <= last:
        return 1, f"date {date} is not after the previous row's {last} (rows must be in date order, one per date)"
    try:
        number = float(value)
    except ValueError:
        return len(date) + 2, f"'{value}' is not a number"
    if not abs(number) <= safe_yaml.MAX_NUMBER:  # also false for NaN
        return len(date) + 2, f"'{value}' is not a number between -{safe_yaml.MAX_NUMBER:,.0f} and {safe_yaml.MAX_NUMBER:,.0f}"
    return None


def _files(root: Path):
    """Every regular file under root, relative, sorted; symlinks are reported separately,
    and so are names that are not UTF-8 (folders among them are not entered)."""
    for dirpath, dirnames, filenames in os.walk(root):
        undecodable = [d for d in dirnames if not is_text_name(d)]
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and is_text_name(d))
        escaping = [d for d in dirnames if Path(dirpath, d).is_symlink() and not _inside(root, Path(dirpath, d))]
        folder = Path(dirpath).relative_to(root).as_posix()  # once a folder, not once a file
        for name in sorted(filenames + escaping + undecodable):  # folder links are never followed
            if not name.startswith("."):
                yield name if folder == "." else f"{folder}/{name}"


def is_text_name(name: str) -> bool:
    """False for a name the file system holds in bytes that are not UTF-8."""
    try:
        name.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def shown_name(name: str) -> str:
    """The name with bytes that are not UTF-8 shown as U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def load_content(root: str | os.PathLike, memo: ParseMemo | None = None) -> Content:
    """Every file of the folder read; with a `memo` of the last read of the same folder, files
    whose text is unchanged are not parsed again."""
    root = Path(root)
    content = Content(root)
    for file in _files(root):
        content.files.add(file)
        try:
            _load_file(content, file, memo)
        except ContentError as fail:
            content.diagnostics.append(fail.diagnostic)
            kind = entity_kind(file)
            if kind:
                content.unreadable.add((kind, os.path.splitext(os.path.basename(file))[0]))
    return content


def entity_kind(file: str) -> str | None:
    """The kind of entity a file holds by its place, or None when it holds none."""
    folder, _, rest = file.partition("/")
    if folder in FOLDER_KIND and "/" not in rest and os.path.splitext(rest)[1] in (*YAML_SUFFIXES, ".md"):
        return FOLDER_KIND[folder]
    return None


def _load_file(content: Content, file: str, memo: ParseMemo | None) -> None:
    root = content.root
    if not is_text_name(file):
        raise ContentError(_error(shown_name(file), 1, 1, "PB002",
                                  "file or folder name is not valid UTF-8; rename it (it is ignored)"))
    path = os.path.join(root, file)  # os.path, not pathlib: this runs for every file
    status = _status(path, os.lstat)
    if status is not None and stat.S_ISLNK(status.st_mode):
        if Path(path).exists() and not _inside(root, Path(path)):
            raise ContentError(_error(file, 1, 1, "PB008", "symbolic link points outside the content folder; it is ignored"))
        status = _status(path, os.stat)
    if status is None or not stat.S_ISREG(status.st_mode):
        raise ContentError(Diagnostic(file, 1, 1, "warning", "PB008",
                                      "not a regular file (a broken or looping link, a pipe or a device); it is ignored"))
    folder, _, rest = file.partition("/")
    suffix = os.path.splitext(file)[1]
    kind = entity_kind(file)
    if kind:
        entity = load_entity(root, file, kind, memo)
        content.diagnostics.extend(parse_problems(file, entity.doc) + check_id(entity))
        content.entities.append(entity)
    elif folder == PAGES_FOLDER and suffix == ".md":
        page = load_page(root, file, memo)
        content.pages.append(page)
    elif folder == MEASUREMENTS_FOLDER and "/" not in rest and suffix == ".csv":
        series, diags = load_series(root, file, os.path.splitext(rest)[0], memo)
        content.series[file] = series
        content.diagnostics.extend(diags)
    elif file == REPORT_LOG:
        content.reports, diags = parse_report_log(read_text(root, file))
        content.diagnostics.extend(diags)
    elif file in IGNORED_ROOT_FILES or folder in (PAGES_FOLDER, IMPORTS_FOLDER) or suffix not in (*YAML_SUFFIXES, ".md", ".csv"):
        return  # assets and notes that are not content
    else:
        raise ContentError(Diagnostic(file, 1, 1, "warning", "PB008",
                                      f"file is not in a known place and is ignored (entity folders: {', '.join(sorted(FOLDER_KIND))}; "
                                      f"free pages go in '{PAGES_FOLDER}/', measurements in '{MEASUREMENTS_FOLDER}/')"))


def _status(path: str, look: Callable[[str], os.stat_result]) -> os.stat_result | None:
    """What `look` (`os.lstat` or `os.stat`) says of the path: None where nothing is there to
    read (missing, a broken or looping link), and the error of any other failure to look (a
    folder that may not be searched) raised as it raises it."""
    try:
        return look(path)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP):
            return None
        raise
    except ValueError:  # a name the system cannot take (a NUL byte)
        return None


def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError, RuntimeError):  # outside, or a link loop (RuntimeError before Python 3.13)
        return False


def resolve_inside(root: Path, relative: str) -> Path | None:
    """The path `relative` names inside root, or None if it would leave the root."""
    if not relative or os.path.isabs(relative) or "\\" in relative:
        return None
    candidate = root / relative
    return candidate if _inside(root, candidate) else None
