"""Draw the theme's sidebar navigation once for all the pages that are not in it.

Material renders the whole navigation (`partials/nav.html`) into every page. On a
page that is not in the navigation, as every entity page is, nothing of that
navigation depends on the page but the links, which are relative to the page's
folder: pages whose folders sit side by side in one parent folder, with no
navigation entry inside them, get the very same HTML. `install(env)` puts a
small template in front of Material's `partials/nav.html` that renders the
original once per parent folder and reuses it (`NavCache`); pages in the
navigation, and pages with a navigation link inside their own folder, are
rendered as before, and so is a navigation whose templates a `custom_dir`
overrides (they may draw from the page).

The navigation is also written without the indentation of Material's templates
(`tighten`): each run of white space that holds a line break becomes one line
break, which a browser shows exactly as it showed the run, so the page looks and
works the same with two thirds of its navigation's bytes gone (about 8 KB of
every page). Apart from that white space, the site is byte for byte the same.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

from jinja2 import ChoiceLoader, DictLoader, Environment, TemplateNotFound

try:
    import material
    MATERIAL = Path(material.__file__).resolve().parent
except ImportError:
    MATERIAL = None

NAV = "partials/nav.html"
PARTS = (NAV, "partials/nav-item.html", "partials/logo.html", "partials/source.html")  # what it draws with
ORIGINAL = "playbook/original-nav.html"
CACHED_NAV = (
    "{%- set key = playbook_nav.key(page, nav, config, base_url) -%}"
    "{%- if key is none or not playbook_nav.has(key) -%}"
    "{%- set html -%}{% include '" + ORIGINAL + "' %}{%- endset -%}"
    "{{- playbook_nav.keep(key, html) -}}"
    "{%- else -%}{{- playbook_nav.get(key) -}}{%- endif -%}"
)


_LINE_BREAKS = re.compile(r"[ \t\r\f]*\n[ \t\n\r\f]*")
"""A run of HTML white space (not U+00A0, which is text) that holds a line break."""
_KEEPS_WHITE_SPACE = re.compile(r"<(pre|textarea|script|style)\b", re.I)


def tighten(html: str) -> str:
    """The navigation's HTML with each run of white space that holds a line break made one line
    break; as it was where an element keeps its white space as written (none does in Material's
    navigation: a `custom_dir` could add one)."""
    if _KEEPS_WHITE_SPACE.search(html):
        return html
    return type(html)(_LINE_BREAKS.sub("\n", html))  # Markup stays Markup


class NavCache:
    """The rendered navigation by the folder of the pages it was drawn for. A rebuild (`serve`)
    whose navigation and settings are those of the build before takes what that build drew."""

    def __init__(self):
        self.html: dict[str, str] = {}
        self.nav = None
        self.nav_urls: tuple[str, ...] = ()

    def key(self, page, nav, config=None, base_url=None) -> str | None:
        """The folder whose pages share this page's navigation; None: render it for this page alone."""
        if nav is None or (page is None and not isinstance(base_url, str)):
            return None
        if nav is not self.nav:
            self.nav, self.nav_urls, self.html = nav, tuple(_urls(nav.items)), _drawn(nav, config)
        if page is None:  # a page of the theme's own (404.html): its links are relative to base_url
            return None if config is None else THEME_PAGE + base_url
        folder = _folder(page.url)
        if not folder or any(_folder(u) == folder or u.startswith(folder + "/") for u in self.nav_urls):
            return None if config is None else "\0" + page.url  # its own, which the next build may take
        return posixpath.dirname(folder)

    def has(self, key: str) -> bool:
        return key in self.html

    def get(self, key: str) -> str:
        return self.html[key]

    def keep(self, key: str | None, html: str) -> str:
        html = tighten(html)
        if key is not None:
            self.html[key] = html
        return html


THEME_PAGE = "\0\0"
"""Before the base URL of a page of the theme's own, in its key: no page's URL starts with it."""
_LAST: dict = {}
"""The navigation the last build drew, by the digest of what drawing it reads (`_drawn`)."""


def _drawn(nav, config) -> dict[str, str]:
    """What was drawn of a navigation the same as the last build's, with the same settings: the
    nav's every item (its kind, title, URL, page settings, children) and the settings of the
    theme and site its templates read. Without the settings, nothing is taken."""
    if config is None:
        return {}
    theme = config.theme
    digest = repr((_items(nav.items), config.site_name, config.site_url, config.repo_url, config.repo_name,
                   config.use_directory_urls, theme.name, sorted(theme.items(), key=lambda kv: kv[0]), config.extra))
    if digest not in _LAST:
        _LAST.clear()
        _LAST[digest] = {}
    return _LAST[digest]


DRAWN_META = ("icon", "subtitle", "status")
"""What Material's navigation draws of a page's settings."""


def _items(items) -> tuple:
    return tuple((type(item).__name__, item.title, getattr(item, "url", None), getattr(item, "is_index", None),
                  getattr(item, "encrypted", None), repr([(getattr(item, "meta", None) or {}).get(k) for k in DRAWN_META]),
                  _items(getattr(item, "children", None) or ())) for item in items)


def _urls(items):
    """The URLs of every page and link of the navigation."""
    for item in items:
        if getattr(item, "url", None) is not None:
            yield item.url
        yield from _urls(getattr(item, "children", None) or ())


def _folder(url: str) -> str:
    """The folder MkDocs makes a page's links relative to (`mkdocs.utils.get_relative_url`)."""
    head, _, last = url.rpartition("/")
    return (head if "." in last else url).strip("/")


def install(env: Environment) -> bool:
    """Serve Material's own navigation through the cache; False (and nothing changed) when the
    theme has no `partials/nav.html` or a `custom_dir` overrides it, which may draw from the page."""
    try:
        sources = {name: env.loader.get_source(env, name)[:2] for name in PARTS}
    except TemplateNotFound:
        return False
    if MATERIAL is None or not all(Path(f).resolve().is_relative_to(MATERIAL) for _, f in sources.values()):
        return False
    source = sources[NAV][0]
    env.loader = ChoiceLoader([DictLoader({NAV: CACHED_NAV, ORIGINAL: source}), env.loader])
    env.globals["playbook_nav"] = NavCache()
    return True
