"""The docs folder is held to the content folder's rules: nothing outside it is published.

MkDocs copies every file of `docs_dir` into the site, following symbolic links (and the
static files of the theme's `custom_dir`, held to the same rules), and `playbook render`
copies the folder into the site source. So before either reads it, `docs_problem`
refuses:

* a `docs_dir` that is the content folder, holds it or sits inside it: the raw YAML and
  CSV of every entity, confidential ones included, would be published;
* a symbolic link in it, to a file or a folder, that resolves outside it, by the test
  the content folder's links pass (`loader.resolve_inside`): a link to
  `/proc/self/environ`, to a file of the content folder, or climbing out with `../`;
* a link that loops, or a link to a folder that holds the link (a copy that follows
  links would never end).

Paths are compared after resolving links and `..`, so a `docs_dir` that is a link to the
content folder is seen for what it is. The callers turn the problem into a usage error
(exit 2) or MkDocs' `PluginError`, before anything is written.
"""
from __future__ import annotations

import errno
import os
from pathlib import Path

from playbook.content.loader import resolve_inside


def docs_problem(docs: Path, content: Path, theme: Path | None = None) -> str | None:
    """Why publishing the folder `docs` (and the theme's `custom_dir`, whose files MkDocs
    copies too) would publish what it may not; None when it would not."""
    folders = [("docs_dir", docs)] + ([("theme.custom_dir", theme)] if theme else [])
    return next((problem for setting, folder in folders
                 for problem in (_overlap(setting, folder, content), _escaping_link(setting, folder)) if problem), None)


def _overlap(setting: str, folder: Path, content: Path) -> str | None:
    inner, outer = Path(os.path.realpath(folder)), Path(os.path.realpath(content))
    if inner == outer or outer in inner.parents:
        return (f"{setting} '{folder}' is the content folder or inside it ('{content}'): every raw content "
                "file would be published; use a folder beside it, such as 'docs'")
    if inner in outer.parents:
        return (f"{setting} '{folder}' holds the content folder '{content}': every raw content file would be "
                "published; use a folder beside it, such as 'docs'")
    return None


def _escaping_link(setting: str, folder: Path) -> str | None:
    for dirpath, dirnames, filenames in os.walk(folder):  # links to folders are listed, not entered
        for name in sorted(dirnames + filenames):
            path = Path(dirpath, name)
            if path.is_symlink() and (_loops(path) or resolve_inside(folder, path.relative_to(folder).as_posix()) is None):
                return (f"'{path}' is a symbolic link that leads outside the {setting} folder '{folder}' (or loops); "
                        "nothing outside it is published: copy the file in, or remove the link")
    return None


def _loops(link: Path) -> bool:
    """Whether following the link never ends: it loops, or names a folder that holds it."""
    try:
        target = link.resolve(strict=True)
    except RuntimeError:  # a loop, before Python 3.13
        return True
    except OSError as exc:
        return exc.errno == errno.ELOOP  # else broken: no loop, and judged by where it points
    here = Path(os.path.realpath(link.parent))
    return target.is_dir() and (target == here or target in here.parents)
