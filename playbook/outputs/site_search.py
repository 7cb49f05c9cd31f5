"""The site's search: a Pagefind index of the written pages, read in chunks as queries need them.

A builder writes an edition's site; its glue marks the article of every page that search may
read (`searchable_text.mark_searchable`). It hands each page to a `SiteIndex` as it writes it
and then has it `finish`, or, where it does not see every page written (a rebuild of some
pages under `serve`), calls `index_site(site, order)` once the site is written. Of each marked
page, search reads a small page (`searchable_text.searchable_page`: the article, without charts,
listings of other pages or heading anchors), handed to Pagefind's indexer in memory
(`pagefind_service`), in the order the builder wrote the pages: that order sets the names of the
index's files, so a site indexed as it is written and the same site read back from its folder
get the same index. `finish` writes into the site's `pagefind/` the files of Pagefind's answer that
search needs: its script, its WebAssembly and the index, cut into chunks that a browser fetches
only when a query needs them.

Pagefind ranks a query in a time that grows with the pages found times the pages its words are
on: at 10,000 pages a common word costs a reader several hundred milliseconds. So a large site's
index is cut into shards of about `SHARD_PAGES` pages (a page's shard is set by its path): a
query is ranked in each, and the answers are merged by score. The first shard is the bundle
itself; the others are its folders `shard-1/`, `shard-2/`... with their entry, metadata and
chunks only, and `SHARDS` lists them for the search worker. `finish` then puts the site's own
search worker (`playbook/site/assets/search-worker.js`) in the place of the theme's, so the
theme's search box asks Pagefind, and empties the theme's own index, which every page would
otherwise download whole. Everything stays on the site's host.

The index is made from the pages the edition wrote, so it holds nothing that edition does not
show. Refusals are `SearchIndexError`, said in one line.

A full build first empties the site's folder, index included, and `finish` then makes a
thousand files of index at 1,000 pages, most of them the very files just removed (a page's
record is named by a digest of it). On a file system that passes over the entries of files
removed moments before each time it makes one (ext4 without a journal, as on this project's
build machines), removing and making them again cost a tenth of the build. So the builder's glue
has the last index set aside before the folder is emptied (`keep_last_index`), under a name the
emptying passes over, and `finish` moves each of its files that the new index has under the same
name into place, writing it again only where its bytes differ; what is left of it is removed.
No file of the last index stays unless the new index holds it byte for byte.
"""
from __future__ import annotations

import fnmatch
import json
import os
import stat
import threading
import zlib
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from playbook.outputs.pagefind_service import PagefindService, SearchIndexError, stop_background
from playbook.outputs.searchable_text import searchable_page
from playbook.outputs.site_reuse import remove

__all__ = ["BUNDLE", "LAST", "SHARDS", "SHARD_PAGES", "SearchIndexError", "SiteIndex", "drop_last_index", "index_site",
           "keep_last_index", "stop_background"]

BUNDLE = "pagefind"
"""The folder of the site that holds Pagefind's script and index."""
LAST = f".{BUNDLE}-last"
"""The last build's index, set aside from a full build's emptying of the site's folder (which passes
over names that start with a dot) until `finish` has taken what it shares with the new one."""
SHARDS = "playbook-shards.json"
"""The bundle's list of its other shards' folders, which the search worker merges."""
SHARD_PAGES = 2500
"""Pages a shard of the index holds, give or take half: a site has as many shards as this goes
into its pages, rounded (at least one). At 10,000 pages, four shards rank a common word's query
in about a third of the time one index takes, and the chunks a query fetches (one a shard) still
weigh less than 300 KB with everything else search fetches."""
_KEPT = ("pagefind.js", "pagefind-entry.json", "*.pf_meta", "wasm.*.pagefind", "fragment", "index", "filter")
"""What a query needs of Pagefind's output; its ready-made interfaces are not used."""
_SHARD_KEPT = ("pagefind-entry.json", "*.pf_meta", "fragment", "index", "filter")
"""What a query needs of a shard other than the first: the script and WebAssembly are the first's."""
_NEEDED = ("pagefind.js", "pagefind-entry.json")
"""Files without which there is no index to swap in."""
_SHARD_NEEDED = ("pagefind-entry.json",)
"""Files without which a shard other than the first is not there."""
_WORKERS = Path("assets", "javascripts", "workers")
_THEME_INDEX = Path("search", "search_index.json")


class SiteIndex:
    """The search index of a site of about `pages` pages, made as its pages are written: `add`
    each, then `finish`; a site left unfinished (`close`) keeps the index it had. Each shard has a
    Pagefind of its own. In the `background` (under `serve`), each runs on one thread at the
    lowest priority, so that the next rebuild is not slowed."""

    def __init__(self, background: bool = False, pages: int = 0) -> None:
        self._shards: list[PagefindService] = []
        try:
            for _ in range(max(1, round(pages / SHARD_PAGES))):
                self._shards.append(PagefindService(background))
        except SearchIndexError as exc:
            self.close()
            raise SearchIndexError(f"search index: {exc}") from None
        self._pages = [0] * len(self._shards)

    def add(self, path: str, html: str) -> None:
        """The page written at `path` (relative to the site's folder), if it is marked searchable."""
        page = searchable_page(html)
        if page is not None:
            shard = zlib.crc32(path.encode("utf-8")) % len(self._shards)
            try:  # a lone surrogate, which Pagefind refuses, as the written page has it: a character reference
                self._shards[shard].add(path, page.encode("utf-8", "xmlcharrefreplace").decode("utf-8"))
            except SearchIndexError as exc:
                raise SearchIndexError(f"search index, at {path}: {exc}") from None
            self._pages[shard] += 1

    def finish(self, site: Path) -> None:
        """Write the index into the site and let the theme's search box use it. The new index is
        written aside and swapped in whole, so a reader never meets half of one."""
        new, old, last = site / f".{BUNDLE}-new", site / f".{BUNDLE}-old", site / LAST
        for aside in (new, old):
            remove(aside)
        try:
            filled = [shard for shard, pages in zip(self._shards, self._pages) if pages]
            if not filled:
                raise SearchIndexError("no page is marked for search")
            new.mkdir()  # not its parents: a server that stops removes the site, and it stays removed
            _write_shards(filled, new, last if _folder(last) else None)
        except SearchIndexError as exc:
            remove(new)
            raise SearchIndexError(f"search index of {site}: {exc}") from None
        except OSError as exc:
            remove(new)
            raise SearchIndexError(f"search index of {site}: {exc.strerror or exc}: {exc.filename}") from None
        finally:
            remove(last)
        _swap(new, site / BUNDLE, old)
        _install_worker(site)
        _empty_theme_index(site)

    def close(self) -> None:
        for shard in self._shards:
            shard.close()

    def __enter__(self) -> SiteIndex:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def index_site(site: Path, order: Iterable[str] | None = None, background: bool = False) -> None:
    """Index the pages written in `site`: those at the paths of `order` (relative to the site, in
    the order the builder wrote them) that are there, or without it every page, by name."""
    paths = _written(site) if order is None else list(order)
    with SiteIndex(background, len(paths)) as index:
        for path in paths:
            try:
                html = (site / path).read_text(encoding="utf-8", errors="replace")
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
                continue
            index.add(path, html)
        index.finish(site)


def _written(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html")
                  if not path.is_relative_to(site / BUNDLE) and path.is_file())


def keep_last_index(site: Path) -> None:
    """Set the site's index aside before a full build empties the folder (see the module's notes)."""
    bundle, last = site / BUNDLE, site / LAST
    remove(last)  # a build stopped before its index was finished
    if _folder(bundle):
        try:
            os.rename(bundle, last)
        except OSError:
            pass  # then the build empties it as it would have


def drop_last_index(site: Path) -> None:
    """Remove what a build that failed had set aside."""
    remove(site / LAST)


def _folder(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def _write_shards(shards: list[PagefindService], bundle: Path, reuse: Path | None = None) -> None:
    """Each shard's files in its folder of `bundle` (the first in `bundle` itself), and their list,
    taking the files of the last index in `reuse` that it has under the same names (`_reused`).
    Each shard's Pagefind hands its files over to a thread of its own, all at once; the first
    failure stops every shard. The threads are daemons: a server stopped meanwhile does not wait."""
    folders = [bundle, *(bundle / f"shard-{n}" for n in range(1, len(shards)))]
    for folder in folders[1:]:
        folder.mkdir()
    failed: list[BaseException] = []

    def write(shard: PagefindService, folder: Path) -> None:
        try:
            last = reuse / folder.relative_to(bundle) if reuse is not None else None
            _write_kept(shard.files(), folder, _KEPT if folder == bundle else _SHARD_KEPT, last)
        except BaseException as exc:  # told in the caller's thread
            failed.append(exc)
            for other in shards:
                other.close()

    threads = [threading.Thread(target=write, args=pair, daemon=True, name="pagefind-files") for pair in zip(shards, folders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failed:
        raise failed[0]
    for folder in folders:
        missing = [name for name in (_NEEDED if folder == bundle else _SHARD_NEEDED) if not (folder / name).is_file()]
        if missing:
            raise SearchIndexError(f"Pagefind's answer lacks {missing[0]}")
    names = [folder.relative_to(bundle).as_posix() + "/" for folder in folders[1:]]
    (bundle / SHARDS).write_text(json.dumps(names), encoding="utf-8")


def _write_kept(files: Iterable[tuple[str, bytes]], bundle: Path, kept: tuple[str, ...], reuse: Path | None = None) -> None:
    """The files search needs (those `kept` names), written under `bundle`, which must be there;
    where `reuse` has a file of the same name, that file, moved into place (`_reused`)."""
    folders = {""}
    for path, data in files:
        if any(fnmatch.fnmatchcase(path.split("/", 1)[0], pattern) for pattern in kept):
            folder = path.rpartition("/")[0]
            if folder not in folders:
                (bundle / folder).mkdir(parents=True, exist_ok=True)
                folders.add(folder)
            if reuse is None or not _reused(reuse / path, bundle / path, data):
                (bundle / path).write_bytes(data)


def _reused(old: Path, target: Path, data: bytes) -> bool:
    """Whether the last index's file `old` now stands at `target` holding `data`: moved there, and
    written again only where its bytes differ. Only a plain file that no other name links to is
    taken: a link would have the write land in the file it points to."""
    try:
        status = os.lstat(old)
        if not stat.S_ISREG(status.st_mode) or status.st_nlink != 1:
            return False
        os.rename(old, target)
    except OSError:
        return False
    if status.st_size != len(data) or target.read_bytes() != data:
        target.write_bytes(data)
    return True


def _swap(new: Path, bundle: Path, old: Path) -> None:
    """`new` in the place of `bundle`, the index before it put back if that fails."""
    had = bundle.exists()
    if had:
        os.rename(bundle, old)
    try:
        os.rename(new, bundle)
    except OSError:
        if had:
            os.rename(old, bundle)
        raise
    remove(old)


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
