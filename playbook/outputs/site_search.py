"""The site's search: a Pagefind index over the written pages, read in shards as queries need them.

A builder writes an edition's site; its glue marks the article of every page that search may
read (`searchable_text.mark_searchable`) and then calls `index_site(site)`. That makes of each
marked page the small page search reads (`searchable_text.searchable_page`: the article, without
charts, listings of other pages or heading anchors) in a folder aside, and runs Pagefind over
those (a child process, like every builder). Pagefind writes `pagefind/` into the site: its
script, its WebAssembly and the index, cut into shards that a browser fetches only when a query
needs them. `index_site` then puts the site's own search worker
(`playbook/site/assets/search-worker.js`) in the place of the theme's, so the theme's search box
asks Pagefind, and empties the theme's own index, which every page would otherwise download
whole. Everything stays on the site's host.

The index is made from the pages the edition wrote, so it holds nothing that edition does not
show. Refusals are `SearchIndexError`, said in one line.
"""
from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from functools import partial
from importlib import resources
from pathlib import Path

from playbook.outputs.publish import die_with_parent
from playbook.outputs.searchable_text import searchable_page

BUNDLE = "pagefind"
"""The folder of the site that holds Pagefind's script and index."""
_KEPT = ("pagefind.js", "pagefind-entry.json", "*.pf_meta", "wasm.*.pagefind", "fragment", "index", "filter")
"""What a query needs of Pagefind's output; its ready-made interfaces are not used."""
_WORKERS = Path("assets", "javascripts", "workers")
_THEME_INDEX = Path("search", "search_index.json")


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


def index_site(site: Path, background: bool = False) -> None:
    """Index the written site with Pagefind and let the theme's search box use it. The new
    index is written aside and swapped in whole, so a reader never meets half of one. In the
    `background` (under `serve`), Pagefind runs on one thread at the lowest priority, so
    that the next rebuild is not slowed by it."""
    new, old = site / f".{BUNDLE}-new", site / f".{BUNDLE}-old"
    for aside in (new, old):
        shutil.rmtree(aside, ignore_errors=True)
    # a server may end while this thread writes into the folder: it is then left behind quietly
    with tempfile.TemporaryDirectory(prefix="playbook-search-", ignore_cleanup_errors=True) as pages:
        _write_searchable(site, Path(pages))
        done = _pagefind([sys.executable, "-m", "pagefind", "--site", pages, "--output-path", str(new), "--silent"],
                         background)
    if done.returncode != 0:
        last = (done.stderr.strip() or done.stdout.strip() or f"exit code {done.returncode}").splitlines()[-1]
        shutil.rmtree(new, ignore_errors=True)
        raise SearchIndexError(f"search index of {site}: Pagefind failed: {last}")
    _drop_unused(new)
    if (site / BUNDLE).exists():
        os.rename(site / BUNDLE, old)
    os.rename(new, site / BUNDLE)
    shutil.rmtree(old, ignore_errors=True)
    _install_worker(site)
    _empty_theme_index(site)


_running: set[subprocess.Popen] = set()
"""Pagefind's runs under way: one still running when this process ends stops with it."""


def _pagefind(command: list[str], background: bool) -> subprocess.CompletedProcess:
    env = {**os.environ, "RAYON_NUM_THREADS": "1"} if background else None
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                          preexec_fn=partial(_child_setup, background)) as child:
        _running.add(child)
        try:
            out, err = child.communicate()
        finally:
            _running.discard(child)
    return subprocess.CompletedProcess(command, child.returncode, out, err)


def _child_setup(background: bool) -> None:
    """In Pagefind's process before it starts: it stops when the thread that started it ends (a
    server stopped while indexing in the background); in the background, at the lowest priority."""
    die_with_parent(signal.SIGTERM)
    if background:
        os.nice(19)


@atexit.register
def _stop_running() -> None:
    for child in list(_running):
        with contextlib.suppress(ProcessLookupError):
            child.kill()


def _write_searchable(site: Path, folder: Path) -> None:
    """The small page search reads of every marked page of the site, at the same place in `folder`."""
    for path in site.rglob("*.html"):
        if path.is_relative_to(site / BUNDLE) or not path.is_file():
            continue
        page = searchable_page(path.read_text(encoding="utf-8", errors="replace"))
        if page is not None:
            aside = folder / path.relative_to(site)
            aside.parent.mkdir(parents=True, exist_ok=True)
            aside.write_text(page, encoding="utf-8")


def _drop_unused(bundle: Path) -> None:
    for path in bundle.iterdir():
        if not any(path.match(pattern) for pattern in _KEPT):
            shutil.rmtree(path) if path.is_dir() else path.unlink()


def _install_worker(site: Path) -> None:
    """Our worker under the theme's worker's name, which every page's configuration names."""
    worker = (resources.files("playbook.site") / "assets" / "search-worker.js").read_bytes()
    for path in (site / _WORKERS).glob("search.*"):
        if path.suffix == ".map":
            path.unlink()
        else:
            path.write_bytes(worker)


def _empty_theme_index(site: Path) -> None:
    """The theme's index keeps its settings and loses its documents: Pagefind holds them."""
    path = site / _THEME_INDEX
    if path.is_file():
        index = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(index, dict) and index.get("docs"):
            index["docs"] = []
            path.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
