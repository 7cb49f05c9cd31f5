"""The engine's site: every page of the playbook as Markdown, ready for a site builder.

`render_site(result, options)` returns the pages in sidebar order (see
`nav_order`): the home page, the overview pages (scorecard, alignment map,
roadmap), the operations pages that have something to show (team, account
registry, official accounts, content calendar, how to update the playbook, a page per operating mode in use), one index per kind (the policy register and the maturity grid are
the indexes of policies and maturity), the free pages (behind a guides index
when there are many), and then one page per
entity, which stays out of the sidebar (`in_nav=False`) and is reached through
the indexes and links. Only what the edition may show is rendered; entity pages
end with their file's git history (`playbook.living.file_history`), except in the public
edition, which names no committers and quotes no commit subjects. `ASSETS`
holds the files the pages need (stylesheet and the optional table-sorting
script), by their path in the site.

`build_site` returns the pages together with every other file the edition's site
holds, by its path in the site: the assets, the official accounts' JSON
(`render.official_accounts`), each person's calendar feed (`render.person_feeds`), the Atom
feed of the "What's new" page (`render.change_feed`) and the CMS page (`cms_page`, when
`cms_script` names the vendored script) where the edition has them. The builders' glue
(`plugins/`, `playbook render`) writes those files as they are.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from playbook.check.site_paths import FEED_PATH
from playbook.content.model import DEFAULT_VISIBILITY, KINDS
from playbook.i18n import _, language, use
from playbook.living.file_history import collect_history
from playbook.living.recent_changes import recent_changes
from playbook.site.cms_page import cms_files
from playbook.site.navigation import tags_page
from playbook.site.page_memo import PageMemo, site_key
from playbook.site.render.account_registry import registry_page
from playbook.site.render.alignment_page import alignment_page
from playbook.site.render.calendar import calendar_page
from playbook.site.render.change_feed import atom_feed
from playbook.site.render.context import Ctx
from playbook.site.render.due_page import due_page
from playbook.site.render.entity import entity_page
from playbook.site.render.formats import kind_title, operations
from playbook.site.render.free_pages import free_pages, guides_title
from playbook.site.render.home import home_page
from playbook.site.render.indexes import index_page
from playbook.site.render.markdown_page import SitePage
from playbook.site.render.maturity import maturity_page
from playbook.site.render.modes import mode_pages, with_mode_bar
from playbook.site.render.official_accounts import official_pages
from playbook.site.render.person_feeds import calendar_feeds
from playbook.site.render.policy_register import register_page
from playbook.site.render.print_page import print_page
from playbook.site.render.risk_register import risk_register_page
from playbook.site.render.roadmap_page import roadmap_page
from playbook.site.render.scorecard import scorecard_page
from playbook.site.render.team import team_page
from playbook.site.render.update_page import update_page
from playbook.site.render.view import View, title_key
from playbook.site.render.waivers_page import waivers_page
from playbook.site.render.whats_new import shown_changes, whats_new_page

__all__ = ["ASSETS", "Site", "SiteOptions", "SitePage", "build_site", "nav_order", "render_site"]

OWN_INDEX = {"policy": register_page, "maturity": maturity_page, "risk": risk_register_page}


@dataclass(frozen=True)
class SiteOptions:
    edition: str = "internal"  # public | internal | confidential: render only what it may show
    as_of: dt.date | None = None  # None: today
    directory_urls: bool = True  # MkDocs use_directory_urls: goals/x.md is served at goals/x/
    source_links: bool = False  # links name the pages' .md files (for `playbook render`), not their URLs
    language: str | None = None  # the words' language, as theme.language gives it (default English)
    locale: str | None = None  # the dates' and numbers' locale when it differs from the language's, e.g. en_US
    tags: bool = False  # add the listing page of Material's tags plugin
    repo_url: str | None = None  # the playbook's repository (mkdocs.yml repo_url), for "How to update this playbook"
    cms_script: Path | None = None  # decap-cms.js of the pinned npm package: serve the CMS page (not in public)
    content_folder: str = "content"  # the content folder as a path from the repository's root, for the CMS
    site_url: str | None = None  # the site's address (mkdocs.yml site_url), for the feed's links; None: relative
    edit_base: str | None = None  # where content files are edited (`site_paths.edit_base`); None: no edit links


def _asset(name: str) -> bytes:
    return (resources.files("playbook.site") / "assets" / name).read_bytes()


ASSETS: dict[str, bytes] = {f"assets/{name}": _asset(name) for name in ("playbook.css", "playbook.js")}


def nav_order() -> list[str]:
    """Section titles in sidebar order, in the language in force; `render_site` returns its
    pages in this order."""
    return [_("Home"), _("Overview"), operations()] + [kind_title(kind, plural=True) for kind in KINDS] + [guides_title()]


def kind_index(kind: str, ctx: Ctx) -> SitePage:
    """The kind's own index page (policy register, maturity grid) or the common table;
    a kind with nothing to show in this edition stays out of the sidebar."""
    page = OWN_INDEX[kind](ctx) if kind in OWN_INDEX else index_page(kind, ctx)
    return page if ctx.view.of_kind(kind) else replace(page, in_nav=False)


@dataclass(frozen=True)
class Site:
    pages: list[SitePage]
    files: dict[str, bytes]  # every other file by its path in the site: assets, data, feeds


class _Always:
    """Makes every unit: a build with nothing to take from."""

    @staticmethod
    def unit(_name, make):
        return make()


def render_site(result, options: SiteOptions) -> list[SitePage]:
    """Every page of the site for the checked `result` (a `playbook.check.checker.Result`), in the
    options' language (`i18n.LanguageError` when it is unknown)."""
    return build_site(result, options).pages


def build_site(result, options: SiteOptions, memo: PageMemo | None = None) -> Site:
    """The pages and the other files of the site for the checked `result`. With a `memo` of the
    last build of the same site, the pages that nothing changed are taken from it."""
    with use(language(options.language, options.locale, result.config.terms)):
        view = View(result, options.edition, options.as_of or dt.date.today(), memo and memo.projected)
        ctx = Ctx(view, "index.md", options.directory_urls, options.source_links, edit_base=options.edit_base)
        cms = cms_files(options.cms_script, options.content_folder, options.repo_url) \
            if options.cms_script and view.allows(DEFAULT_VISIBILITY) else {}
        official, data = official_pages(ctx)
        changes = shown_changes(ctx, recent_changes(result.content.root, options.edition, view.as_of, view.result))
        history = collect_history(result.content.root, shown=view.shows_file) if options.edition != "public" else {}
        if memo is not None:
            memo.begin(view, site_key(result.content.root, result, options, changes), history)
        pages = _pages(ctx, options, official, bool(cms), changes, history, memo or _Always)
        feed = {FEED_PATH: atom_feed(ctx, changes, options.site_url)}
        return Site(pages, {**ASSETS, **data, **feed, **calendar_feeds(ctx), **cms})


def _pages(ctx: Ctx, options: SiteOptions, official: SitePage | None, cms: bool, changes, history,
           memo) -> list[SitePage]:
    view, unit = ctx.view, memo.unit
    operations = [unit("team", lambda: team_page(ctx)), unit("due", lambda: due_page(ctx)),
                  unit("registry", lambda: registry_page(ctx)), official, unit("calendar", lambda: calendar_page(ctx)),
                  unit("waivers", lambda: waivers_page(ctx)), unit("update", lambda: update_page(ctx, options.repo_url, cms))]
    operations = [p for p in operations if p] + unit("modes", lambda: mode_pages(ctx))
    linked = hash(tuple((p.path, p.title) for p in operations))  # the home page links to the operations pages
    pages = [unit(("home", linked), lambda: home_page(ctx, operations, changes)), unit("scorecard", lambda: scorecard_page(ctx)),
             unit("alignment", lambda: alignment_page(ctx)), unit("roadmap", lambda: roadmap_page(ctx)),
             unit("whats-new", lambda: whats_new_page(ctx, changes)), unit("print", lambda: print_page(ctx)), *operations]
    pages += [unit(("index", kind), lambda kind=kind: kind_index(kind, ctx)) for kind in KINDS]
    ctx = ctx.publishing(pages)  # the pages with Markdown bodies come last: their links may name any of these
    published = hash(tuple(sorted(ctx.published.items())))
    pages += unit(("free", published), lambda: free_pages(view.pages(), ctx))
    pages += [unit(("entity", e.key, published), lambda e=e: entity_page(e, ctx, history.get(e.file)))
              for kind in KINDS for e in sorted(view.of_kind(kind), key=title_key)]
    return with_mode_bar(pages + [tags_page()] if options.tags else pages, ctx, view.part(("mode-bars",), dict))
