"""How `measure` and `import` change content: under one lock, every file of a change or none.

They are the only commands that write into the content folder, and both do it here:

* `locked(root)` holds an exclusive lock on the content folder itself (no lock file
  is left behind) around the whole read-modify-write, so two runs at once take turns
  and neither loses the other's rows;
* `target(root, relative)` is the only way to a file they may write: inside the
  content folder, a regular file or none yet, and reached through no symbolic link
  (a link would make the writer change another file than the one named, or one the
  checker never reads);
* `replace_all(changes)` writes every new content to a temporary file beside its
  target first, so a full disk, a read-only file or folder fails before any target
  is touched; then renames each over its target, and should a rename fail, puts the
  old contents of the targets already replaced back.

A refusal is a `WriteRefused`, which names the file (and the row, where a row is the
reason) in the checker's `file:line:col: error ...` form.
"""
from __future__ import annotations

import fcntl
import os
import stat
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playbook.content.diagnostics import Diagnostic
from playbook.content.loader import resolve_inside

LOCK_WAIT_SECONDS = 60
"""How long a writer waits for another one to finish before it gives up."""


class WriteRefused(Exception):
    """A change `measure` or `import` refuses to write; nothing was written."""

    def __init__(self, file: str | Path, line: int, column: int, message: str):
        super().__init__(f"{file}:{line}:{column}: error {message}")
        self.file, self.line, self.column, self.message = str(file), line, column, message

    @classmethod
    def of(cls, root: Path, diag: Diagnostic, why: str) -> "WriteRefused":
        """The refusal for a problem the checker's reader finds, with why it stops the writer."""
        shown = diag.relative_to(str(root))
        return cls(shown.file, shown.line, shown.column, f"{diag.code} {diag.message} ({why})")


@contextmanager
def locked(root: Path):
    """Hold the writers' lock on the content folder; waits for another writer to finish."""
    handle = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise WriteRefused(root, 1, 1, f"another 'playbook measure' or 'import' has been writing here for "
                                       f"{LOCK_WAIT_SECONDS} s; try again when it is done") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(handle)  # releases the lock


def target(root: Path, relative: str) -> Path:
    """The file `relative` names inside root, refusing one reached through a link, or not a file."""
    path = resolve_inside(root, relative)
    if path is None:
        raise WriteRefused(root / relative, 1, 1, "the path leads outside the content folder (perhaps through a symbolic link); "
                             "nothing is written there")
    path = root
    for part in Path(os.path.normpath(relative)).parts:
        path = path / part
        if path.is_symlink():
            raise WriteRefused(path, 1, 1, "is a symbolic link; measure and import write only regular files "
                               "reached through no link (replace the link by the file itself)")
    if path.exists() and not path.is_file():
        raise WriteRefused(path, 1, 1, "is not a regular file")
    return path


def read_bytes(path: Path, limit: int) -> bytes | None:
    """The file's bytes (at most limit + 1 of them), or None when there is none; never through a link."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WriteRefused(path, 1, 1, f"cannot be read: {exc.strerror}") from None
    with os.fdopen(handle, "rb") as file:
        return file.read(limit + 1)


@dataclass(frozen=True)
class Change:
    """One file of a change: its new content, and the old one read under the lock (None: new file)."""
    path: Path
    new: bytes
    old: bytes | None


def replace_all(changes: list[Change]) -> None:
    """Replace every file with its new content, or leave them all as they were."""
    changes = [c for c in changes if c.new != c.old]
    for change in changes:
        _refuse_read_only(change.path)
    staged: list[Path] = []
    try:
        for change in changes:
            staged.append(_stage(change.path, change.new))
    except OSError as exc:
        _discard(staged)
        raise WriteRefused(changes[len(staged)].path, 1, 1,
                           f"cannot be written ({exc.strerror or exc}); no file was changed") from None
    for done, (change, temporary) in enumerate(zip(changes, staged)):
        try:
            os.replace(temporary, change.path)
        except OSError as exc:
            _discard(staged[done:])
            _restore(changes[:done])
            raise WriteRefused(change.path, 1, 1, f"cannot be replaced ({exc.strerror or exc}); "
                               "the files already replaced were given their old content back") from None
    for folder in {c.path.parent for c in changes}:
        _sync_folder(folder)


def _refuse_read_only(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise WriteRefused(path, 1, 1, "is read-only; make it writable to change it (no file was changed)")


def _stage(path: Path, data: bytes) -> Path:
    """A temporary file beside `path` holding `data`, with the mode of the file it will replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # hidden: the checker skips it
    temporary.unlink(missing_ok=True)  # left by a run that was killed; the lock says none is running
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 if mode is None else mode)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _discard(temporaries: list[Path]) -> None:
    for temporary in temporaries:
        temporary.unlink(missing_ok=True)


def _restore(changes: list[Change]) -> None:
    """Best effort: the old content back in the files already replaced."""
    for change in changes:
        try:
            if change.old is None:
                change.path.unlink(missing_ok=True)
            else:
                os.replace(_stage(change.path, change.old), change.path)
        except OSError:
            continue


def _sync_folder(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:  # some file systems cannot sync a folder; the files are in place all the same
        pass
    finally:
        os.close(handle)
