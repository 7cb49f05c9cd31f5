"""Under `mkdocs serve --dirty`, render and rebuild only the engine's pages a change touches.

The engine renders again only the pages whose inputs changed (`memo`, kept per
configuration file: `playbook.site.page_memo`); MkDocs then rebuilds only the pages
whose Markdown changed.

MkDocs' `--dirty` neither reads nor writes a page whose `File.is_modified()` is
False, but a File backed by in-memory content always says it was modified, so
every engine page would be rebuilt on every change. `previous` holds, for each
configuration file, what the last successful build in this process wrote:
every engine page's Markdown (the engine hands over the same text object for a
page it did not render again, so comparing is at once), a key for everything else the pages
depend on (mkdocs.yml, the navigation, the files of docs_dir and the theme).
`PageFile.kept` is then True for a page whose
Markdown and key are unchanged and whose output is still there. Plain builds
never ask `is_modified()`, so they rebuild everything as before. The search index
is made from the written site after each build, kept pages included.
Material's tags plugin collects tags from the pages that are read:
`tag_kept_pages` hands it the front matter of the kept pages that carry tags, and
a page holding a tags listing is never kept (nor is any page while a docs_dir
page holds one, since MkDocs keeps that page by its date). `DirtyNotice` turns
MkDocs' warning that a build is dirty into information, so `strict: true` still
lets `serve --dirty` build. `remove_gone` deletes the pages the last build wrote
that this one no longer has, so an entity that turns hidden disappears at once.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass, field

from mkdocs.structure.files import File, Files
from mkdocs.utils.meta import get_data

from playbook.site.page_memo import PageMemo

TAGS_LISTING = "<!-- material/tags"


class PageFile(File):
    """An engine page; `kept` when the previous build wrote it from the same Markdown."""

    kept = False

    def is_modified(self) -> bool:
        return not self.kept


@dataclass
class Build:
    key: str = ""
    markdown: dict[str, tuple[bool, str]] = field(default_factory=dict)  # src_uri -> (in the nav, its Markdown)
    outputs: set[str] = field(default_factory=set)  # the files its engine pages were written to


_builds: dict[str, Build] = {}
"""Configuration file (absolute path) -> its last successful build in this process."""
_memos: dict[str, PageMemo] = {}
"""Configuration file -> what the engine made in the last build (`playbook.site.page_memo`)."""


def _config_file(config) -> str:
    return os.path.abspath(config.config_file_path or "mkdocs.yml")  # serve's first load keeps it relative


def previous(config) -> Build | None:
    """The last successful build of this configuration in this process."""
    return _builds.get(_config_file(config))


def remember(config, build: Build) -> None:
    _builds[_config_file(config)] = build


def memo(config) -> PageMemo:
    """The engine's memo of the last build of this configuration, to render only what a change touches."""
    return _memos.setdefault(_config_file(config), PageMemo())


def forget() -> None:
    _builds.clear()
    _memos.clear()


def site_key(files: Files, config) -> str:
    """A digest of what every page depends on besides its own Markdown."""
    h = hashlib.sha256(json.dumps(config.nav, sort_keys=True, default=str).encode())
    if config.config_file_path and os.path.isfile(config.config_file_path):
        with open(config.config_file_path, "rb") as f:
            h.update(f.read())
    for file in files:
        if file.abs_src_path and os.path.isfile(file.abs_src_path):
            h.update(f"\0{file.src_uri}\0{os.stat(file.abs_src_path).st_mtime_ns}".encode())
    return h.hexdigest()


def docs_tags_listing(files: Files) -> bool:
    """Whether a page of docs_dir holds a tags listing."""
    for file in files.documentation_pages():
        if file.abs_src_path and os.path.isfile(file.abs_src_path):
            with open(file.abs_src_path, encoding="utf-8", errors="replace") as f:
                if TAGS_LISTING in f.read():
                    return True
    return False


def keep_unchanged(config, files: Files, pages, page_files: list[PageFile]) -> Build:
    """This build's record; marks as kept the files (one per page, in order) whose page
    the previous build wrote from the same Markdown, on the same key."""
    build = Build(site_key(files, config), {p.path: (p.in_nav, p.markdown) for p in pages},
                  {f.abs_dest_path for f in page_files})
    last = previous(config)
    if last is None or last.key != build.key or docs_tags_listing(files):
        return build
    for file in page_files:
        same = last.markdown.get(file.src_uri) == build.markdown[file.src_uri]  # the same text object, mostly: at once
        file.kept = same and TAGS_LISTING not in file.content_string and os.path.isfile(file.abs_dest_path)
    return build


def remove_gone(config, build: Build) -> None:
    """Delete what the last build wrote for engine pages this build no longer has (an
    entity deleted, or turned hidden to this edition): under `--dirty` MkDocs never
    cleans the site folder, so the old page would still be served."""
    last = previous(config)
    site = os.path.realpath(config.site_dir)
    for output in sorted(last.outputs - build.outputs) if last else []:
        path = os.path.realpath(output)
        if path.startswith(site + os.sep) and os.path.isfile(path):
            os.remove(path)
            folder = os.path.dirname(path)
            while folder != site and not os.listdir(folder):
                os.rmdir(folder)
                folder = os.path.dirname(folder)


def tag_kept_pages(config, files: Files, kept: list[PageFile], urls: list[str]) -> None:
    """Let the tags plugin read the tags of the kept pages, as it would have while
    reading them; its mappings then follow the page order (`urls`), as in a full build."""
    tags = config.plugins.get("material/tags")
    if tags is None or not tags.config.enabled or not kept:
        return
    for file in kept:
        page = file.page
        front = file.content_string.split("\n---", 1)[0]
        if page.markdown is None and "\ntags:" in front:
            page.markdown, page.meta = get_data(file.content_string)
            tags.on_page_markdown(page.markdown, page=page, config=config, files=files)
    mappings = tags.mappings.data  # page url -> its tags
    tags.mappings.data = {url: mappings[url] for url in urls if url in mappings}


class DirtyNotice(logging.Filter):
    """Report MkDocs' notice that a build is dirty as information, not as a warning,
    so that `strict: true` does not abort every build of `mkdocs serve --dirty`."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and record.getMessage().startswith("A 'dirty' build is being performed"):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


def quiet_dirty_notice() -> None:
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, DirtyNotice) for f in logger.filters):
        logger.addFilter(DirtyNotice())
