"""What a reader downloads from a built site: entity page weight and the search payload.

`site_weight(site)` reads a built playbook site: the HTML size of its entity
pages (`<kind folder>/<id>/index.html`; the median and the largest) and the
search index as a browser fetches it, compressed with gzip.
"""
from __future__ import annotations

import gzip
import statistics
from dataclasses import dataclass
from pathlib import Path

from playbook.content.model import KINDS


@dataclass(frozen=True)
class Weight:
    page_kb: float  # median entity page, KB of HTML
    largest_page_kb: float
    search_kb: float  # search index, KB after gzip


def site_weight(site: Path) -> Weight:
    sizes = [p.stat().st_size / 1024 for folder in KINDS.values()
             for p in (site / folder).glob("*/index.html")]
    index = site / "search" / "search_index.json"
    search = len(gzip.compress(index.read_bytes(), 6)) / 1024 if index.is_file() else 0.0
    return Weight(statistics.median(sizes) if sizes else 0.0, max(sizes, default=0.0), search)
