"""Where output may go: never over the project it is made from.

A build replaces its output folder whole (old one aside, new one in, old one
removed), so an output folder that is the project, or holds it, would delete the
project. `refuse_overlap` is asked before anything is written, by every command
that writes (`build`, the plugin under `mkdocs build` and `serve`, `render`,
`export`, `report`, `schema`):

* the project folder (the one holding mkdocs.yml) and every folder above it are
  refused; folders inside it (the usual `./site`) are fine;
* the sources are refused, and so is every path inside or above them: the
  folders (content, `docs_dir`, `.git`, `.github`) and the files (mkdocs.yml,
  pyproject.toml) that make the project, so neither a folder nor a file output
  lands on them.

Paths are compared after resolving links and `..`, so `site/../content` and a
link to the project are seen for what they are.
"""
from __future__ import annotations

import os
from pathlib import Path


class OutputError(Exception):
    """The output path would overwrite the project; the message says which part."""


def _resolved(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _within(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


Sources = list[tuple[str, Path]]
"""(what it is, path) of each folder and file an output may not enter, equal or hold."""


def refuse_overlap(output: Path, project: Path | None = None, sources: Sources = ()) -> None:
    """Raise OutputError when writing `output` could overwrite the project or a source.

    `project` is the folder holding the configuration; `sources` the folders and files
    that output may not enter, equal, or hold.
    """
    out = _resolved(output)
    if project is not None and _within(_resolved(project), out):
        raise OutputError(f"output '{output}' is the project folder or holds it ('{project}'); "
                          "choose a folder inside the project, such as 'site'")
    for name, source in sources:
        src = _resolved(source)
        if _within(out, src) or _within(src, out):
            raise OutputError(f"output '{output}' overlaps the {name} '{source}'; "
                              "choose a path outside it, such as 'site'")


def project_sources(project: Path, content: str = "content", docs: str = "docs", config: str = "mkdocs.yml") -> Sources:
    """The sources of a project: content, docs_dir, git and workflow folders, the
    configuration and the Python project file."""
    return [("content folder", project / content), ("docs folder", project / docs), ("git folder", project / ".git"),
            ("workflow folder", project / ".github"), ("configuration file", project / config),
            ("Python project file", project / "pyproject.toml")]


def ensure_folder(folder: Path) -> Path:
    """The folder, made with its parents if missing; OutputError if a file stands in the way."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(f"'{folder}' cannot be made a folder: a file of that name (or above it) is in the way") from None
    except OSError as exc:
        raise OutputError(f"cannot make folder '{folder}': {exc.strerror}") from None
    return folder


def write_file(path: Path, data: str | bytes) -> Path:
    """Write the file whole or not at all: a temporary file beside it, renamed over it."""
    if path.is_dir():
        raise OutputError(f"'{path}' is a folder; give a file name")
    ensure_folder(path.parent)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        if isinstance(data, str):
            tmp.write_text(data, encoding="utf-8", newline="")
        else:
            tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write '{path}': {exc.strerror}") from None
    return path
