"""What a reader downloads from a built site: entity page weight and the search payload.

`site_weight(site)` reads a built playbook site: the HTML size of its entity
pages (`<kind folder>/<id>/index.html`; the median and the largest) and the
search payload: what a browser fetches from opening a page to the first result
of a one-word query, compressed with gzip (each file at most its gzip size, as a
server would send it). That is the theme's index and its search worker, and,
when the site's search is Pagefind's, its script, WebAssembly and list of shards,
and of each shard its entry file, metadata and largest chunk of the index (a
one-word query reads one a shard), and the records of the pages shown first
(counted at the largest ones).
"""
from __future__ import annotations

import gzip
import json
import statistics
from dataclasses import dataclass
from pathlib import Path

from playbook.content.model import KINDS
from playbook.outputs.site_search import SHARDS

SHOWN = 10
"""Results whose records the search worker fetches for one query."""


@dataclass(frozen=True)
class Weight:
    page_kb: float  # median entity page, KB of HTML
    largest_page_kb: float
    search_kb: float  # search data fetched before the first result, KB after gzip


def site_weight(site: Path) -> Weight:
    sizes = [p.stat().st_size / 1024 for folder in KINDS.values()
             for p in (site / folder).glob("*/index.html")]
    return Weight(statistics.median(sizes) if sizes else 0.0, max(sizes, default=0.0), search_payload(site) / 1024)


def search_payload(site: Path) -> int:
    """Bytes (gzip) fetched from opening a page to the first result of a one-word query."""
    files = [site / "search" / "search_index.json", *(site / "assets" / "javascripts" / "workers").glob("search.*.js")]
    bundle = site / "pagefind"
    if (bundle / "pagefind-entry.json").is_file():
        shards = [bundle, *(bundle / name for name in _shard_names(bundle))]
        files += [bundle / "pagefind.js", bundle / SHARDS]
        for shard in shards:
            languages = json.loads((shard / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"].values()
            files += [shard / "pagefind-entry.json", *(shard / f"pagefind.{lang['hash']}.pf_meta" for lang in languages)]
            if shard == bundle:  # the other shards use the first's WebAssembly
                files += [bundle / f"wasm.{lang['wasm']}.pagefind" for lang in languages]
            files += sorted((shard / "index").glob("*.pf_index"), key=_sent)[-1:]
        files += sorted((f for shard in shards for f in (shard / "fragment").glob("*.pf_fragment")), key=_sent)[-SHOWN:]
    return sum(_sent(path) for path in files if path.is_file())


def _shard_names(bundle: Path) -> list[str]:
    path = bundle / SHARDS
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []


def _sent(path: Path) -> int:
    data = path.read_bytes()
    return min(len(data), len(gzip.compress(data, 6)))
