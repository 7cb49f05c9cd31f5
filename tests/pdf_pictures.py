"""Each page of a PDF drawn as a PNG (PDFium through pypdfium2; the PNG written here, so no
imaging library is needed), for a person to look at."""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pypdfium2 as pdfium


def png(width: int, height: int, rgb: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    stride = width * 3
    rows = b"".join(b"\0" + rgb[y * stride:(y + 1) * stride] for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b""))


def page_pictures(pdf: Path, out: Path, name: str, scale: float = 1.4) -> list[Path]:
    """Write out/<name>-page-NN.png for every page; returns their paths."""
    written = []
    document = pdfium.PdfDocument(str(pdf))
    try:
        for number, page in enumerate(document, start=1):
            bitmap = page.render(scale=scale, rev_byteorder=True, force_bitmap_format=pdfium.raw.FPDFBitmap_BGR)
            rgb = bytes(bitmap.buffer)
            stride = bitmap.stride
            packed = b"".join(rgb[y * stride:y * stride + bitmap.width * 3] for y in range(bitmap.height))
            path = out / f"{name}-page-{number:02d}.png"
            path.write_bytes(png(bitmap.width, bitmap.height, packed))
            written.append(path)
    finally:
        document.close()
    return written
