"""The `playbook` MkDocs plugin: check the content, then publish the engine's pages.

Hooks stay a few lines each; the work is done by `playbook.check.checker` and
`playbook.site.all_pages`, which know nothing of MkDocs.

* `on_config` refuses a site folder over the project and a docs folder that would
  publish what it may not (`playbook.outputs.docs_folder`), checks the content folder and
  logs every diagnostic as `file:line:col: CODE message` (warnings make
  `mkdocs build --strict` fail).
  Content errors raise `PluginError` here, before MkDocs cleans or writes the site
  folder. Per-build state is reset here too, because `mkdocs serve` reloads the
  config on every rebuild.
* `on_files` adds the rendered pages and the site's other files (assets, data, feeds)
  with `File.generated`; entity
  pages are `NOT_IN_NAV`. Their raw HTML blocks skip Python-Markdown
  (`rawhtml.stash`) and are put back by `on_page_content`.
* Search is Pagefind's (`playbook.outputs.site_search`): `on_config` takes Material's search
  plugin off the pages' path, so no page goes into its own index, which every page would
  download whole; that plugin read each page only to leave it out, and rewrote its HTML
  on the way (a tenth of a rebuild). Where MkDocs' event lists are not there,
  `on_page_context` marks every page left out of it instead (their own search settings are
  back in place once the search plugin has passed);
  `on_post_page` marks the article of each page that may be found and, where the build
  writes every page, hands it to Pagefind as it is written, so the index is made on the
  machine's other core while the site is; the last `on_post_build` writes the index and
  hands Material's search box to it. Where only some pages are written (`--dirty`), it
  indexes the written site instead (under `serve`, once there is an index, in the
  background: the rebuilt page is served at once, and search answers from the last index
  until the new one is in).
* `on_env` has the theme draw its sidebar navigation once for all the pages that
  are not in it (`navcache`), from Material's templates without the indentation
  of their source (`compact_theme`).
* A full build writes into the last build's files, and its search index takes the files it
  shares with the last (`last_build`): `on_pre_build` sets the site's folder aside before
  MkDocs empties it, `on_env` puts back only the files the build writes, emptied, and
  `on_post_build` removes a page kept that was not written.
* Under `mkdocs serve --dirty`, the engine renders only the pages a change touches and
  MkDocs rebuilds only the pages whose Markdown changed (`incremental`); the tags plugin
  still hears of the tags of the pages that were kept, and the search index is made again
  from every page written, in the background (`served_index`). `on_serve` has the server
  notice a saved file as the system reports it (`watcher`).
"""
from __future__ import annotations

import datetime as dt
import os
from functools import partial
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from playbook.check.checker import check, edition_warnings
from playbook.check.config import ConfigError
from playbook.check.rules import RULES
from playbook.check.safe_url import is_web_address
from playbook.check.site_paths import edit_base
from playbook.content.dates import date_problem, parse_date
from playbook.content.model import VISIBILITY_LEVELS
from playbook.i18n import LanguageError, has_catalogue
from playbook.outputs.docs_folder import docs_problem
from playbook.outputs.output_guard import OutputError, project_sources, refuse_overlap
from playbook.outputs.publish import AS_OF_ENV, EDITION_ENV
from playbook.outputs.searchable_text import mark_searchable
from playbook.outputs.site_search import (
    BUNDLE,
    SearchIndexError,
    SiteIndex,
    index_site,
    stop_background,
)
from playbook.site.all_pages import ASSETS, SiteOptions, build_site
from playbook.site.cms_page import CmsScriptMissing
from playbook.site.navigation import build_nav, tags_enabled

from . import compact_theme, guards, incremental, navcache, served_index, watcher
from .last_build import LastBuild
from .quick_render import QuickRender, render_quickly
from .rawhtml import AnchorMemo, stash, unstash

log = get_plugin_logger(__name__)


class PlaybookConfig(Config):
    content_dir = c.Type(str, default="content")
    """Folder holding the playbook content, relative to mkdocs.yml."""
    edition = c.Choice(("public", "internal", "confidential"), default="internal")
    """Build only what this audience may see. The environment variable PLAYBOOK_EDITION,
    set by `playbook build --edition`, overrides it."""
    as_of = c.Optional(c.Type((str, dt.date)))  # YAML reads an unquoted date as a date
    """Date (YYYY-MM-DD) for KPI status and date-dependent rules; default today. The
    environment variable PLAYBOOK_AS_OF, set by `playbook build --as-of`, overrides it."""
    language = c.Optional(c.Type(str))
    """The language of the playbook's words (en, de, fr, es); default: theme.language."""
    locale = c.Optional(c.Type(str))
    """The locale of dates and numbers when it differs from the language's, e.g. en_US."""
    cms_script = c.Optional(c.Type(str))
    """decap-cms.js of the npm package pinned in a lock file (e.g. tools/node_modules/decap-cms/dist/decap-cms.js),
    relative to mkdocs.yml: the internal and confidential editions then serve the CMS page at admin/."""
    rules = c.Type(dict, default={})
    """Rule severities that override the content folder's playbook.yml, e.g. {PB206: off}."""


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    dirty = False  # `--dirty`; MkDocs keeps a plugin with `on_startup` across the rebuilds of `serve`
    serving = False
    last_build: LastBuild | None = None  # what a full build set aside of the site it builds over
    search_index: SiteIndex | None = None  # the pages' index while a build writes them all
    theme_search_unplugged = False

    def __init__(self) -> None:
        super().__init__()
        self.stashed: dict[str, tuple[str, tuple[str, list[str]]]] = {}  # page -> its Markdown and `stash` of it
        self.anchors = AnchorMemo()

    def on_startup(self, *, command, dirty) -> None:
        self.dirty, self.serving = dirty, command == "serve"
        if dirty:
            incremental.quiet_dirty_notice()

    @event_priority(100)  # before the search plugin reads its language settings through the theme
    def _share_theme_caches(self, config):
        compact_theme.share(config.theme)
        self.theme_search_unplugged = _unplug_theme_search(config)
        return config

    def _check_and_render(self, config):
        self.gone = guards.missing(config)
        for speed_up, internal in self.gone.items():
            _notice_once(f"playbook: {speed_up} needs {internal}, which this MkDocs or Material lacks; "
                         "using the standard path (the same site, built more slowly)")
        project = Path(config.config_file_path or ".").parent
        root = project / self.config.content_dir
        if not root.is_dir():
            raise PluginError(f"playbook: content folder '{root}' does not exist")
        try:  # before MkDocs cleans the site folder
            refuse_overlap(Path(config.site_dir), project, project_sources(
                project, self.config.content_dir, config.docs_dir, Path(config.config_file_path or "mkdocs.yml").name))
        except OutputError as exc:
            raise PluginError(f"playbook: {exc}") from None
        theme_dir = config.theme.custom_dir
        unsafe_docs = docs_problem(Path(config.docs_dir), root, theme_dir and Path(theme_dir))  # before MkDocs reads them
        if unsafe_docs:
            raise PluginError(f"playbook: {unsafe_docs}")
        memo = incremental.memo(config) if self.dirty else None
        try:
            result = check(root, as_of=self._as_of(), severities=self._severities(), memo=memo and memo.parsed)
        except ConfigError as exc:
            raise PluginError(f"playbook: {exc}") from None
        report(result.diagnostics, root)
        if result.errors:
            raise PluginError(f"playbook: {len(result.errors)} content error(s); nothing was built")
        language = self.config.language or config.theme.get("language")
        options = SiteOptions(self._edition(), result.as_of, config.use_directory_urls, language=language,
                              locale=self.config.locale, tags=tags_enabled(config.plugins), repo_url=config.repo_url,
                              cms_script=project / self.config.cms_script if self.config.cms_script else None,
                              content_folder=self.config.content_dir,
                              site_url=config.site_url if is_web_address(config.site_url) else None,
                              edit_base=edit_base(config.repo_url, config.edit_uri, os.path.relpath(config.docs_dir, project),
                                                  self.config.content_dir))
        for message in edition_warnings(result, options.edition):
            log.warning(f"{root}: {message}")
        try:
            site = build_site(result, options, memo)
        except (LanguageError, CmsScriptMissing) as exc:
            raise PluginError(f"playbook: {exc}") from None
        self.pages, self.files = site.pages, site.files
        if not has_catalogue(language):
            _notice_once(f"playbook: no catalogue for language '{language}'; the playbook's words stay in English")
        if config.nav is None:
            config.nav = build_nav(self.pages)
        for asset in ASSETS:  # the stylesheet and script every page loads; other files are only served
            if asset.endswith(".css") and asset not in config.extra_css:
                config.extra_css.append(asset)
            if asset.endswith(".js") and asset not in config.extra_javascript:
                config.extra_javascript.append(asset)
        if str(root) not in config.watch:
            config.watch.append(str(root))
        return config

    on_config = CombinedEvent(_share_theme_caches, _check_and_render)

    def _edition(self) -> str:
        edition = os.environ.get(EDITION_ENV) or self.config.edition
        if edition not in VISIBILITY_LEVELS:
            raise PluginError(f"playbook: {EDITION_ENV} '{edition}' is not one of {', '.join(VISIBILITY_LEVELS)}")
        return edition

    def _as_of(self) -> dt.date | None:
        as_of = os.environ.get(AS_OF_ENV) or self.config.as_of
        if as_of is None:
            return None
        problem = date_problem(str(as_of))
        if problem:
            raise PluginError(f"playbook: as_of {problem}")
        return parse_date(str(as_of))

    def _severities(self) -> dict[str, str]:
        unknown = [code for code in self.config.rules if str(code).upper() not in RULES]
        if unknown:
            raise PluginError(f"playbook: unknown rule code(s) in 'rules': {', '.join(map(str, unknown))}")
        return {str(k).upper(): ("off" if v is False else v) for k, v in self.config.rules.items()}

    def _stash(self, page) -> tuple[str, list[str]]:
        """`rawhtml.stash` of the page's Markdown; under `serve`, kept from the last build while
        the page's Markdown is the same (the engine hands over the same text for a page it did
        not render again, so the comparison is at once)."""
        last = self.stashed.get(page.path)
        if last is None or last[0] != page.markdown:
            last = self.stashed[page.path] = (page.markdown, stash(page.markdown))
        return last[1]

    def on_files(self, files: Files, config) -> Files:
        self.raw_html: dict[str, list[str]] = {}
        self.quick = None if guards.QUICK_RENDER in self.gone else QuickRender(config)
        self.anchors.next_build()
        self.search_meta: dict[str, object] = {}  # page -> its `search` front matter, while the search plugin runs
        self.page_files: list[incremental.PageFile] = []
        for page in self.pages:
            existing = files.get_file_from_path(page.path)
            if existing is not None:
                log.warning(f"{page.source or page.path}: generated page '{page.path}' replaces the file of the same name in docs_dir")
                files.remove(existing)
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            markdown, self.raw_html[page.path] = (page.markdown, []) if guards.RAW_HTML in self.gone else self._stash(page)
            self.page_files.append(incremental.PageFile.generated(config, page.path, content=markdown,
                                                                  inclusion=inclusion))
            files.append(self.page_files[-1])
        if self.dirty and guards.INCREMENTAL not in self.gone:
            self.build = incremental.keep_unchanged(config, files, self.pages, self.page_files)
        for path, data in self.files.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                log.warning(f"{path}: generated file '{path}' replaces the file of the same name in docs_dir")
                files.remove(existing)
            files.append(File.generated(config, path, content=data))
        return files

    def on_pre_page(self, page, config, files):
        if self.quick is not None and page.file.src_uri in self.raw_html:
            render_quickly(self.quick, page)
        return page

    @event_priority(100)  # before any other plugin reads the page
    def on_page_content(self, html: str, page, config, files) -> str:
        blocks = self.raw_html.get(page.file.src_uri)
        if not blocks:
            return html
        page.present_anchor_ids = (page.present_anchor_ids or set()) | self.anchors.anchor_ids(blocks)
        return unstash(html, blocks)

    @event_priority(50)  # before the search plugin
    def _keep_from_theme_search(self, context, page, config, nav):
        if _theme_search(config) and not self.theme_search_unplugged:
            self.search_meta[page.file.src_uri] = page.meta.get("search")
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return context

    @event_priority(-50)  # after the search plugin
    def _restore_search_meta(self, context, page, config, nav):
        if page.file.src_uri in self.search_meta:
            original = self.search_meta.pop(page.file.src_uri)
            if original is None:
                del page.meta["search"]
            else:
                page.meta["search"] = original
        return context

    on_page_context = CombinedEvent(_keep_from_theme_search, _restore_search_meta)

    def _mark_searchable(self, output: str, page, config) -> str:
        if _theme_search(config) and not (page.meta.get("search") or {}).get("exclude"):
            return mark_searchable(output)
        return output

    @event_priority(-100)  # the page as it is written, after every plugin
    def _index_as_written(self, output: str, page, config) -> str:
        if self.search_index is not None:
            try:
                self.search_index.add(page.file.dest_uri, output)
            except SearchIndexError as exc:
                raise PluginError(f"playbook: {exc}") from None
        return output

    on_post_page = CombinedEvent(_mark_searchable, _index_as_written)

    @event_priority(150)  # before the tags plugin fills in its listings
    def on_env(self, env, config, files):
        if self.last_build is not None:
            self.last_build.take_back(files)
        compact_theme.install(env)
        navcache.install(env)
        built = InclusionLevel.is_in_serve if self.serving else InclusionLevel.is_included  # as MkDocs builds
        self.page_order = [f.dest_uri for f in files.documentation_pages(inclusion=built)]
        self._start_search_index(config)
        if guards.INCREMENTAL in self.gone:
            return env
        self.urls = [f.page.url for f in files.documentation_pages(inclusion=InclusionLevel.is_in_serve) if f.page]
        incremental.tag_kept_pages(config, files, [f for f in self.page_files if f.kept and f.page], self.urls)
        return env

    def on_pre_build(self, config) -> None:
        """Before MkDocs empties the site's folder for a full build, set the last build aside."""
        full = not self.dirty and not self.serving
        self.last_build = LastBuild(Path(config.site_dir), _theme_search(config)) if full else None

    def _start_search_index(self, config) -> None:
        """Where every page is written in this build, each is indexed as it is (see `on_post_build`)."""
        self._drop_search_index()
        if _theme_search(config) and not self.dirty and not self.serving:
            try:
                self.search_index = SiteIndex(pages=len(self.page_order))
            except SearchIndexError as exc:
                raise PluginError(f"playbook: {exc}") from None

    def _drop_search_index(self) -> None:
        index, self.search_index = self.search_index, None
        if index is not None:
            index.close()

    def _forget_gone_pages(self, config) -> None:
        if not self.dirty or guards.INCREMENTAL in self.gone:
            return
        incremental.remove_gone(config, self.build)
        incremental.remember(config, self.build)

    @event_priority(-100)  # after every plugin has written its files
    def _index_for_search(self, config) -> None:
        if not _theme_search(config):
            return
        site, index, self.search_index = Path(config.site_dir), self.search_index, None
        if self.serving and (site / BUNDLE).is_dir():  # the page is served at once; its index follows
            served_index.request(site, partial(_index_served, order=self.page_order))
            return
        served_index.wait()  # one index of a folder at a time
        try:
            index.finish(site) if index is not None else index_site(site, self.page_order)
        except SearchIndexError as exc:
            raise PluginError(f"playbook: {exc}") from None
        except OSError as exc:  # a page of an earlier build (`--dirty`) that cannot be read
            raise PluginError(f"playbook: search index of {site}: {exc.strerror or exc}: {exc.filename}") from None
        finally:
            if index is not None:
                index.close()

    def _sweep_unwritten(self, config) -> None:
        if self.last_build is not None:
            self.last_build.written()

    on_post_build = CombinedEvent(_forget_gone_pages, _sweep_unwritten, _index_for_search)

    def on_serve(self, server, config, builder):
        watcher.use_native(server)
        return server

    def on_shutdown(self) -> None:
        served_index.stop(stop_background)  # before the server removes the site it indexes

    def on_build_error(self, error) -> None:
        incremental.forget()  # a build cut short may have written some pages: start afresh
        self._drop_search_index()  # and the site keeps the index it had
        if self.last_build is not None:
            self.last_build.failed()


_NOTICES: set[str] = set()


def _index_served(site: Path, order: list[str] | None = None) -> None:
    """Index the served site again; until it is done, search answers from the last index."""
    try:
        index_site(site, order, background=True)
    except (SearchIndexError, OSError) as exc:
        if not served_index.stopping():
            _tell_unindexed(exc)


def _tell_unindexed(exc: Exception) -> None:
    if isinstance(exc, SearchIndexError):
        log.error(f"playbook: {exc}")
    else:  # a rebuild removed a file meanwhile; it asks for the index again
        log.warning(f"playbook: the search index was not made again: {exc.strerror or exc}: {exc.filename}")


def _unplug_theme_search(config) -> bool:
    """Take the theme's search plugin off every page's path; False where it is not on or
    MkDocs' event lists are not there. It still writes its settings for the search box."""
    handlers = getattr(config.plugins, "events", {}).get("page_context")
    if not _theme_search(config) or handlers is None:
        return False
    search = config.plugins["material/search"]
    handlers[:] = [h for h in handlers if getattr(h, "__self__", None) is not search]
    return True


def _theme_search(config) -> bool:
    """True when Material's search plugin is on, and with it the theme's search box."""
    search = config.plugins.get("material/search")
    return search is not None and getattr(search.config, "enabled", True)


def _notice_once(message: str) -> None:
    """A notice logged once per process (`serve` reloads the plugin on every rebuild)."""
    if message not in _NOTICES:
        _NOTICES.add(message)
        log.info(message)


def report(diagnostics, root: Path) -> None:
    """Log each diagnostic once, starting with its file:line:col."""
    for d in dict.fromkeys(diagnostics):
        line = f"{root / d.file}:{d.line}:{d.column}: {d.code} {d.message}"
        (log.error if d.severity == "error" else log.warning)(line)
