"""Hostile spreadsheet exports written from their XML parts: a declared dimension of a
billion cells, a cell at the sheet's far corner, a shared-strings table that claims
billions of entries, and zip bombs (a sheet or a shared string that inflates a
thousandfold). Each file is a few kilobytes on disk."""
from __future__ import annotations

import zipfile
from pathlib import Path

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                 '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                 '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                 '</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>')
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="Export" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                 '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                 '</Relationships>')
SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
DATA = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>2026-04-02</t></is></c><c r="B2"><v>12</v></c></row>')


def sheet(body: str = DATA, dimension: str | None = "A1:B2", padding: int = 0) -> list[bytes]:
    """The sheet's XML in pieces; `padding` bytes of blanks sit between the rows."""
    head = SHEET_HEAD + (f'<dimension ref="{dimension}"/>' if dimension else "") + "<sheetData>"
    return [head.encode(), *_blanks(padding), (body + "</sheetData></worksheet>").encode()]


def shared(strings=("Date", "Sessions"), count: int | None = None, padding: int = 0) -> list[bytes]:
    n = len(strings) if count is None else count
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{n}" uniqueCount="{n}">'
    if not padding:
        return [(head + items + "</sst>").encode()]
    return [(head + items + "<si><t>").encode(), *_letters(padding), b"</t></si></sst>"]


def _blanks(size: int):
    chunk = b" " * (1 << 20)
    for start in range(0, size, len(chunk)):
        yield chunk[: min(len(chunk), size - start)]


def _letters(size: int):
    for piece in _blanks(size):
        yield piece.replace(b" ", b"A")


def write_xlsx(path: Path, sheet_xml=None, shared_xml=None, lie_about: str | None = None) -> Path:
    """An XLSX of the given parts; `lie_about` names a member whose declared size is set to
    one byte, as a crafted file may do."""
    parts = {"[Content_Types].xml": [CONTENT_TYPES.encode()], "_rels/.rels": [RELS.encode()],
             "xl/workbook.xml": [WORKBOOK.encode()], "xl/_rels/workbook.xml.rels": [WORKBOOK_RELS.encode()],
             "xl/worksheets/sheet1.xml": sheet_xml or sheet(), "xl/sharedStrings.xml": shared_xml or shared()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        for name, pieces in parts.items():
            with book.open(name, "w", force_zip64=True) as member:
                for piece in pieces:
                    member.write(piece)
    if lie_about:
        _declare_one_byte(path, lie_about)
    return path


def _declare_one_byte(path: Path, member: str) -> None:
    """Rewrite the declared uncompressed size of `member` (local header and central
    directory, zip64 extra fields included) to 1."""
    import struct
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as book:
        info = book.getinfo(member)
    name = member.encode()
    for signature, size_at, extra_len_at, name_at in ((b"PK\x03\x04", 22, 28, 30), (b"PK\x01\x02", 24, 30, 46)):
        at = data.find(signature)
        while at != -1:
            if data[at + name_at: at + name_at + len(name)] == name:
                name_len = struct.unpack_from("<H", data, at + name_at - (4 if signature == b"PK\x03\x04" else 18))[0]
                if name_len == len(name):
                    struct.pack_into("<I", data, at + size_at, 1)
                    extra = at + name_at + len(name)
                    extra_len = struct.unpack_from("<H", data, at + extra_len_at)[0]
                    _zip64_size_to_one(data, extra, extra_len)
            at = data.find(signature, at + 4)
    assert info.file_size > 1
    path.write_bytes(bytes(data))


def _zip64_size_to_one(data: bytearray, start: int, length: int) -> None:
    import struct
    at = start
    while at + 4 <= start + length:
        tag, size = struct.unpack_from("<HH", data, at)
        if tag == 1:
            struct.pack_into("<Q", data, at + 4, 1)
        at += 4 + size


HOSTILE = {
    "declared-dimension": lambda p: write_xlsx(p, sheet(dimension="A1:XFD1048576")),
    "far-corner-cell": lambda p: write_xlsx(p, sheet(DATA + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', None)),
    "shared-strings-count": lambda p: write_xlsx(p, shared_xml=shared(count=4_000_000_000)),
    "sheet-zip-bomb": lambda p: write_xlsx(p, sheet(padding=400 << 20)),
    "shared-string-bomb": lambda p: write_xlsx(p, shared_xml=shared(padding=400 << 20)),
    "lying-member-size": lambda p: write_xlsx(p, sheet(padding=400 << 20), lie_about="xl/worksheets/sheet1.xml"),
}
