"""A full build writes its pages into the files of the last build, rather than into new ones.

A builder empties the site's folder before a full build and makes every file and folder again:
at 1,000 entities, a thousand pages, each in a folder of its own. On a file system that passes
over the entries of files removed moments before each time it makes one (ext4 without a
journal, as on this project's build machines), that costs the kernel as much as a tenth of the
build, and more the more was removed. So the builder's glue has the last build set aside before
the folder is emptied (`set_aside`, under a name the emptying passes over), and, once it knows
the files the build writes, puts the last build's folders back (`take_back`) holding only those
files, each cut to nothing: the build then writes into files and folders that are there.

Nothing of the last build stays unless this build writes it again:

* every other file, folder and link of the last build is removed, and a file is kept only if it
  is a plain file that no other name links to (a link would have the write land in the file it
  points to);
* a kept file is empty until written, so a build stopped or failed midway leaves empty files,
  never the last build's bytes; a page kept that the build then did not write (a page the
  builder skipped) is removed once the build is over (`sweep`);
* a folder set aside by a build that was stopped before it took it back is removed by the next
  (`set_aside`), and by a build that fails (`drop`).
"""
from __future__ import annotations

import contextlib
import os
import shutil
import stat
from collections.abc import Iterable
from pathlib import Path

ASIDE = ".site-last"
"""The last build, set aside from the emptying of the site's folder (which passes over names
starting with a dot) until the build takes it back."""


def set_aside(site: Path) -> None:
    """Move what the site's folder holds into ASIDE, a leftover of a stopped build removed first."""
    drop(site)
    if not site.is_dir() or site.is_symlink():
        return
    names = [name for name in os.listdir(site) if not name.startswith(".")]
    if names:
        (site / ASIDE).mkdir()
        for name in names:
            os.rename(site / name, site / ASIDE / name)


def take_back(site: Path, written: Iterable[str]) -> list[str]:
    """Put the last build's folders back where nothing new stands, holding only the files of
    `written` (absolute paths), each cut to nothing; the rest set aside is removed. The files kept."""
    aside = site / ASIDE
    if not aside.is_dir() or aside.is_symlink():
        drop(site)
        return []
    wanted, kept = {os.path.normpath(path) for path in written}, []
    for name in os.listdir(aside):
        if not os.path.lexists(site / name):
            os.rename(aside / name, site / name)
            try:
                _keep(os.path.normpath(site / name), wanted, kept)
            except OSError:  # what cannot be sorted goes, as the builder's emptying would have it
                remove(site / name)
    drop(site)
    return kept


def sweep(files: Iterable[str]) -> None:
    """Remove each of `files` still empty: kept for a page that the build did not write."""
    for path in files:
        try:
            if os.lstat(path).st_size == 0:
                os.unlink(path)
        except OSError:
            pass


def drop(site: Path) -> None:
    """Remove what was set aside."""
    remove(site / ASIDE)


def remove(path: Path) -> None:
    """A file, link or folder gone; a link is removed, not followed."""
    if path.is_symlink() or not path.is_dir():
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


def _keep(path: str, wanted: set[str], kept: list[str]) -> bool:
    """Whether anything of `path` is kept: a file of `wanted`, emptied, or a folder holding one;
    what is not kept is removed."""
    if os.path.isdir(path) and not os.path.islink(path):
        with os.scandir(path) as entries:
            inside = [entry.path for entry in entries]
        if any([_keep(entry, wanted, kept) for entry in inside]):  # a list: every entry is seen to
            return True
        os.rmdir(path)
        return False
    if path in wanted and _emptied(path):
        kept.append(path)
        return True
    os.unlink(path)
    return False


def _emptied(path: str) -> bool:
    """Cut a plain file to nothing; False, and the file untouched, for a link or anything else."""
    try:  # never follows a link, never waits on a pipe
        handle = os.open(path, os.O_WRONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode) or status.st_nlink != 1:
            return False
        os.ftruncate(handle, 0)
        return True
    except OSError:
        return False
    finally:
        os.close(handle)
