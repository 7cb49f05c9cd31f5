"""Run git, and read a content folder as it was at a revision.

`content_at(content, rev, into)` extracts the folder from one `git archive` of the
revision (three git calls in all, whatever the number of files), so the checker can
read it like any other folder; `TreeFolder` holds one revision's folder after another,
writing only what differs. Both write through `_Writer`, which keeps every file and link
inside the folder. Every failure becomes a `GitError` with git's own explanation, never
a traceback.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path


class GitError(Exception):
    """Git is missing, the folder is not in a repository, or a revision is unknown."""


def git(cwd: Path, *args: str, text: bool = True, stdin: str | bytes | None = None) -> subprocess.CompletedProcess:
    """Run `git args` in cwd (given `stdin` as its input) and capture its output; raises GitError
    if git is not installed."""
    try:
        return subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd, capture_output=True,
                              text=text, encoding="utf-8" if text else None, errors="replace" if text else None,
                              input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL)
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise GitError(f"cannot run git in '{cwd}': {exc.strerror}") from None


@dataclass(frozen=True)
class Location:
    top: Path  # the repository's working tree
    prefix: str  # the content folder inside it, '' or ending with '/'


@dataclass(frozen=True)
class Repository:
    where: Location
    shallow: bool  # a shallow clone, whose history would be wrong
    head: str | None  # the commit HEAD names; None before the first commit


def repository(content: Path) -> Repository:
    """Where the content folder sits in its git repository, whether the clone is shallow, and
    HEAD's commit, from one call to git; what is read of the history at HEAD can be kept
    while HEAD stays the same commit."""
    done = git(content, "rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository", "HEAD")
    lines = done.stdout.splitlines()
    if len(lines) < 3 or lines[2] not in ("true", "false"):
        raise GitError(f"'{content}' is not inside a git repository ({_first_line(done.stderr)})")
    head = lines[3] if done.returncode == 0 and len(lines) > 3 else None
    return Repository(Location(Path(lines[0]), lines[1]), lines[2] == "true", head)


def locate(content: Path) -> Location:
    """Where the content folder sits in its git repository."""
    done = git(content, "rev-parse", "--show-toplevel", "--show-prefix")
    if done.returncode != 0:
        raise GitError(f"'{content}' is not inside a git repository ({_first_line(done.stderr)})")
    top, prefix = (done.stdout.splitlines() + ["", ""])[:2]
    return Location(Path(top), prefix)


def commit_of(where: Location, rev: str) -> str:
    """The full commit id a revision names."""
    done = git(where.top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    if done.returncode != 0 or not done.stdout.strip():
        raise GitError(f"'{rev}' is not a commit in the repository at '{where.top}'")
    return done.stdout.strip()


def commit_day(content: Path, rev: str) -> dt.date:
    """The day a revision was committed."""
    where = locate(content)
    done = git(where.top, "log", "-1", "--format=%cs", commit_of(where, rev))
    return dt.date.fromisoformat(done.stdout.strip())


GIT_DATES = (dt.date(1970, 1, 1), dt.date(2099, 12, 31))
"""The days git's `--before` reads; no commit is dated outside them (a later day would be
read as no date at all, and find nothing)."""


def last_commit_on(content: Path, day: dt.date) -> str | None:
    """The latest commit of HEAD made on or before `day`, or None when there is none."""
    if day < GIT_DATES[0]:
        return None
    before = min(day, GIT_DATES[1]).isoformat()
    return git(locate(content).top, "rev-list", "-1", f"--before={before}T23:59:59", "HEAD").stdout.strip() or None


def content_at(content: Path, rev: str, into: Path) -> Path:
    """Extract the content folder as it was at `rev` under `into`; returns its root there.

    A revision from before the folder existed gives an empty folder. Files are written through
    git's filters (git-lfs, git-crypt), as `git archive` applies them, each by `_Writer`: not by
    `tarfile`, whose own filter some Python versions let a crafted archive get around.
    """
    where = locate(content)
    sha = commit_of(where, rev)
    root = into / where.prefix if where.prefix else into
    root.mkdir(parents=True, exist_ok=True)
    done = git(where.top, "--literal-pathspecs", "archive", "--format=tar", sha, "--", where.prefix or ".", text=False)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace")
        if "did not match any files" in message:
            return root
        raise GitError(f"git archive {rev} failed: {_first_line(message)}")
    writer = _Writer(into)
    try:
        with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
            for member in archive:
                if member.isfile():
                    mode = EXECUTABLE if member.mode & 0o111 else REGULAR
                    writer.write(member.name, mode, archive.extractfile(member).read())
                elif member.issym():
                    writer.write(member.name, LINK, member.linkname.encode("utf-8", "surrogateescape"))
    except tarfile.TarError as exc:
        raise GitError(f"git archive {rev} cannot be read: {exc}") from None
    return root


def _first_line(text: str) -> str:
    return (text.strip().splitlines() or ["no message"])[0]


REGULAR, EXECUTABLE, LINK = "100644", "100755", "120000"


class TreeFolder:
    """A scratch folder holding a content folder's tree, then another's, and so on: it moves from
    one tree to the next by writing only the files that differ (`git diff-tree`), so a walk back
    through a dozen commits writes the folder once and each changed file once more, not the
    whole folder a dozen times. Trees are the content folder's own (`<commit>:<folder>`), so
    paths are relative to it. Files are written as git holds them, and links that lead down from
    where they are (no `..`, not absolute), which no chain of such links can take out of the
    folder; other links and submodules are left out. Every path is checked to stay inside the
    folder, below folders of its own, before anything is written or removed there."""

    def __init__(self, top: Path, root: Path):
        self.top, self.root, self.tree = top, root, None  # `root` is an empty folder; None: the empty tree

    def move_to(self, tree: str | None) -> Path:
        if tree != self.tree:
            try:
                if tree is None:
                    self._clear()
                else:
                    self._apply(self._differences(tree))
            except BaseException:
                self._clear()  # what a move that failed left is unknown: the next one starts afresh
                self.tree = None
                raise
            self.tree = tree
        return self.root

    def _clear(self) -> None:
        shutil.rmtree(self.root)
        self.root.mkdir()

    def _differences(self, tree: str) -> list[tuple[str, str | None, str]]:
        """(path, its blob in `tree` or None where it goes, the blob's mode) of each path that differs."""
        if self.tree is None:
            done = git(self.top, "ls-tree", "-r", "-z", "--full-tree", tree, text=False)
            rows = [entry.split(b"\t", 1) for entry in done.stdout.split(b"\0") if entry]
            changed = [(path.decode("utf-8", "surrogateescape"), meta.split()[2].decode(), meta.split()[0].decode())
                       for meta, path in rows]
        else:
            done = git(self.top, "diff-tree", "-r", "-z", "--no-renames", self.tree, tree, text=False)
            fields = done.stdout.split(b"\0")
            changed = [(path.decode("utf-8", "surrogateescape"), *_after(meta.decode()))
                       for meta, path in zip(fields[::2], fields[1::2]) if meta.startswith(b":")]
        if done.returncode != 0:
            raise GitError(f"git cannot read the tree {tree}: {_first_line(done.stderr.decode('utf-8', 'replace'))}")
        return changed

    def _apply(self, changed: list[tuple[str, str | None, str]]) -> None:
        kept = [(path, blob, mode) for path, blob, mode in changed if blob and mode in (REGULAR, EXECUTABLE, LINK)]
        if self.tree is not None:  # what goes, goes first: a file may become a folder, or a folder a file
            for path, _, _ in changed:
                _remove(self.root, path)
        blobs = _blobs(self.top, [blob for _, blob, _ in kept])
        writer = _Writer(self.root)
        for path, blob, mode in kept:
            writer.write(path, mode, blobs[blob])


class _Writer:
    """Writes files and links below `root`: each path checked to stay inside it, at most MAX_PARTS
    deep, below folders of the writer's own (never through a link), and each link only where it
    leads down from its folder."""

    def __init__(self, root: Path):
        self.root, self.made = root, {root}

    def write(self, path: str, mode: str, data: bytes) -> None:
        target = _inside_folder(self.root, path)
        if target is None or not _folders_of_its_own(self.root, target.parent, self.made):
            return
        try:
            if mode == LINK:
                link = data.decode("utf-8", "surrogateescape")
                if _downward(link):
                    os.symlink(link, target)
                return
            with open(target, "xb") as handle:
                handle.write(data)
            if mode == EXECUTABLE:
                target.chmod(0o755)
        except FileExistsError:  # one path named twice: the first stays
            return
        except OSError:  # a link on a system without them is left out; anything else is not
            if mode != LINK:
                raise


def _after(meta: str) -> tuple[str | None, str]:
    """The blob and mode after a change, from a raw `diff-tree` line (":old new oldsha newsha X")."""
    _, mode, _, blob, status = meta.split()[:5]
    return (None if status == "D" else blob), mode


MAX_PARTS = 64
"""The deepest path written: deeper ones are left out (no content folder nests so deep)."""


def _inside_folder(root: Path, path: str) -> Path | None:
    """Where `path`, as git names it, goes under `root`; None for a name that would leave it."""
    parts = path.split("/")
    if len(parts) > MAX_PARTS or any(part in ("", ".", "..") or "\\" in part or "\0" in part for part in parts):
        return None
    return root.joinpath(*parts)


def _downward(link: str) -> bool:
    """Whether a link's target names a place below the link's own folder."""
    parts = link.split("/")
    return bool(link) and "\0" not in link and not link.startswith("/") and ".." not in parts and "\\" not in link


def _folders_of_its_own(root: Path, folder: Path, made: set[Path]) -> bool:
    """Make `folder` and those above it up to `root` (which is in `made`), none of them a link."""
    missing = []
    while folder not in made:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            return False
        folder.mkdir(exist_ok=True)
        made.add(folder)
    return True


def _remove(root: Path, path: str) -> None:
    target = _inside_folder(root, path)
    if target is None or not _below_folders_of_its_own(root, target):
        return
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.is_dir():
        shutil.rmtree(target)


def _below_folders_of_its_own(root: Path, target: Path) -> bool:
    """Whether every folder between `root` and `target` is a folder, none of them a link."""
    folder = target.parent
    while folder != root:
        if folder.is_symlink() or not folder.is_dir():
            return False
        folder = folder.parent
    return True


def _blobs(top: Path, ids: list[str]) -> dict[str, bytes]:
    """The contents of the blobs `ids`, from one `git cat-file --batch`."""
    if not ids:
        return {}
    done = git(top, "cat-file", "--batch", text=False, stdin="".join(f"{i}\n" for i in ids).encode())
    found, at, out = {}, 0, done.stdout
    while at < len(out):
        end = out.find(b"\n", at)
        header = out[at:end].split() if end >= 0 else []
        if len(header) < 3 or header[1] != b"blob" or not header[2].isdigit() or end + 1 + int(header[2]) > len(out):
            break
        size = int(header[2])
        found[header[0].decode("ascii", "replace")] = out[end + 1:end + 1 + size]
        at = end + 1 + size + 1
    if done.returncode != 0 or len(found) < len(set(ids)) or any(i not in found for i in ids):
        raise GitError(f"git cannot read every file of the tree: {_first_line(done.stderr.decode('utf-8', 'replace'))}")
    return found
