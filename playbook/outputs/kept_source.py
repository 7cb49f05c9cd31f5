"""Where the Zensical path writes the site source: a folder kept from one build to the next.

Zensical keeps a cache of what it rendered in the folder of the configuration it builds
(`.cache`, keyed by the content of each page), and renders again only the pages whose
source changed. A source written into a new folder at every build starts that cache empty,
and Zensical renders every page again: at 1,000 entities, 5 of the build's 6 seconds in
Zensical. So the source of each edition is written into one kept folder of the project,
`.cache/playbook/zensical-<edition>/` (beside the cache folders Material's plugins keep),
and only Zensical's cache outlives the build: the source and the built site are removed
before it starts and after it ends, and what Zensical renders from its cache is what it
would render anew (the tests hold the two to each other, byte for byte).

The kept folder is used only if it is a folder of the project's own, no link on the way
to it, and no other build holds it (a lock); otherwise the source goes, as before, into a
scratch folder beside the site, removed after the build.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from playbook.outputs.site_reuse import remove

CACHE = Path(".cache") / "playbook"
BUILT = ("docs", "site", "mkdocs.yml")  # what a build writes there; Zensical's `.cache` stays
LOCK = ".lock"


@contextlib.contextmanager
def source_folder(project: Path, edition: str, site: Path) -> Iterator[Path]:
    """A folder for the source of the edition's site, emptied of any earlier source."""
    kept = project.absolute() / CACHE / f"zensical-{edition}"
    with _held(kept) as held:
        work = kept if held else site.with_name(site.name + ".src")
        built = [work / name for name in BUILT] if held else [work]
        _remove_all(built)
        try:
            yield work
        finally:
            _remove_all(built)


@contextlib.contextmanager
def _held(kept: Path) -> Iterator[bool]:
    """Whether the kept folder is this build's, held until the build is over."""
    lock = _locked(kept)
    try:
        yield lock is not None
    finally:
        if lock is not None:
            os.close(lock)


def _locked(kept: Path) -> int | None:
    """The kept folder's lock, taken: the folder made if missing, no link on the way to it or
    where Zensical keeps its cache in it; None where any of that fails."""
    lock = None
    try:
        if not _made(kept, len(CACHE.parts) + 1):
            return None
        lock = os.open(kept / LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if (kept / ".cache").is_symlink():
            remove(kept / ".cache")
        return lock
    except OSError:
        if lock is not None:
            os.close(lock)
        return None


def _made(folder: Path, depth: int) -> bool:
    """Whether `folder` and the `depth - 1` folders above it are folders, not links, each made
    if missing from the top down (so that nothing is made through a link)."""
    for path in reversed([folder, *folder.parents][:depth]):
        if path.is_symlink():
            return False
        if not path.exists():
            path.mkdir()
        if not path.is_dir():
            return False
    return True


def _remove_all(paths: list[Path]) -> None:
    for path in paths:
        remove(path)
