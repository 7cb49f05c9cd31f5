"""The sidebar navigation drawn once for the pages out of it gives the very same site."""
from __future__ import annotations

import filecmp
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from plugins import compact_theme, navcache

from .sitebuild import copy_sample

AS_OF = "2026-12-06"  # the sample's own as-of date


def _build(project: Path, site: str, cached: bool, monkeypatch, **overrides) -> list:
    """Build the project into project/site in this process; the caches the build used."""
    caches, install = [], navcache.install

    def spy(env):
        done = install(env) if cached else False
        if done:
            caches.append(env.globals["playbook_nav"])
        return done

    monkeypatch.setattr(navcache, "install", spy)
    monkeypatch.setenv("PLAYBOOK_AS_OF", AS_OF)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / site), **overrides)
    build(config)
    return caches


def _same_tree(a: Path, b: Path) -> list[str]:
    """Files that differ or exist on one side only; in HTML, a run of white space with a line break
    counts as one line break (the cached navigation is written without Material's indentation)."""
    left = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    right = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    differ = sorted(str(p) for p in left ^ right)
    differ += sorted(str(p) for p in left & right if not _same_file(a / p, b / p))
    return differ


def _same_file(a: Path, b: Path) -> bool:
    if a.suffix != ".html":
        return filecmp.cmp(a, b, shallow=False)
    return _breaks(a.read_text(encoding="utf-8")) == _breaks(b.read_text(encoding="utf-8"))


def _breaks(html: str) -> str:
    return navcache._LINE_BREAKS.sub("\n", html)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return copy_sample(tmp_path_factory.mktemp("navcache"))


@pytest.mark.parametrize("overrides", [{}, {"use_directory_urls": False}], ids=["directory-urls", "file-urls"])
def test_cached_navigation_gives_the_same_site(sample, monkeypatch, overrides):
    name = "-".join(f"{k}" for k in overrides) or "default"
    caches = _build(sample, f"site-cached-{name}", True, monkeypatch, **overrides)
    _build(sample, f"site-plain-{name}", False, monkeypatch, **overrides)
    assert _same_tree(sample / f"site-cached-{name}", sample / f"site-plain-{name}") == []
    assert caches, "the navigation cache was not installed"
    if not overrides:  # with directory URLs, entity pages share their kind folder's navigation
        assert 0 < len(caches[0].html) < 40
    for page in (sample / f"site-cached-{name}").glob("goals/*/index.html"):
        cached, plain = _nav_of(page), _nav_of(sample / f"site-plain-{name}" / page.relative_to(sample / f"site-cached-{name}"))
        assert not re.search(r"\n[ \t]", cached) and "\n\n" not in cached, "written without indentation"
        assert not re.search(r"\n[ \t]", plain), "Material's templates are read without their indentation"


def _nav_of(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    start = html.index('<nav class="md-nav md-nav--primary"')
    region = html[start:html.index('<div class="md-sidebar md-sidebar--secondary"', start)]
    return region[:region.rindex("</nav>") + len("</nav>")]  # the partial, without the sidebar around it


def test_custom_navigation_is_drawn_for_every_page(sample, tmp_path, monkeypatch):
    """A custom_dir that overrides a part of the navigation may draw from the page: no cache."""
    project = copy_sample(tmp_path / "custom")
    (project / "overrides" / "partials").mkdir(parents=True)
    (project / "overrides" / "partials" / "logo.html").write_text("<b>{{ page.title | e }}</b>", encoding="utf-8")
    yml = project / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("name: material", "name: material\n  custom_dir: overrides", 1),
                   encoding="utf-8")
    assert _build(project, "site", True, monkeypatch) == []
    pages = [p for p in (project / "site").glob("*/*/index.html")]
    titles = {p.read_text(encoding="utf-8").split('class="md-nav__button md-logo"', 1)[1].split("</b>", 1)[0]
              for p in pages}
    assert len(pages) > 20 and len(titles) == len(pages)


def _page(url):
    return SimpleNamespace(url=url)


def _nav(*urls):
    section = SimpleNamespace(url=None, children=[_page(u) for u in urls[1:]])
    return SimpleNamespace(items=[_page(urls[0]), section])


@pytest.mark.parametrize("url, nav_urls, key", [
    ("goals/grow/", ("", "goals/"), "goals"),  # side by side in goals/: one navigation
    ("goals/grow.html", ("index.html", "about.html"), ""),
    ("goals/", ("", "goals/"), None),  # in the navigation: its own
    ("", ("about/",), None),  # the home page's folder is the root
    ("goals/grow/", ("", "goals/grow/plan/"), None),  # a navigation entry inside its folder
    ("goals/grow.html", ("index.html", "goals/index.html"), None),
    ("a/b/c/", ("",), "a/b"),
])
def test_pages_share_a_navigation_only_when_its_links_are_the_same(url, nav_urls, key):
    cache = navcache.NavCache()
    assert cache.key(_page(url), _nav(*nav_urls)) == key


@pytest.mark.parametrize("html, tight", [
    ("<ul>\n    <li>\n      <a>x</a>\n    </li>\n</ul>", "<ul>\n<li>\n<a>x</a>\n</li>\n</ul>"),
    ("</a>\n   \n   <a>", "</a>\n<a>"),  # white space between inline elements stays white space
    ("<span>\n    \n  Home\n  \n</span>", "<span>\nHome\n</span>"),
    ("<span>\n\u00a0 Home</span>", "<span>\n\u00a0 Home</span>"),  # a no-break space is text
    ("<a>two   words</a>  <b>x</b>", "<a>two   words</a>  <b>x</b>"),  # no line break: as written
    ("<li>\r\n\t\f <a>", "<li>\n<a>"),
    ("<nav>\n  <pre>a\n  b</pre>\n</nav>", "<nav>\n  <pre>a\n  b</pre>\n</nav>"),  # keeps white space
    ("<nav>\n  <SCRIPT>x\n  y</SCRIPT>\n</nav>", "<nav>\n  <SCRIPT>x\n  y</SCRIPT>\n</nav>"),
    ("<nav>\n  <textarea>a\n  b</textarea>", "<nav>\n  <textarea>a\n  b</textarea>"),
])
def test_the_navigation_loses_only_white_space_a_browser_would_not_show(html, tight):
    assert navcache.tighten(html) == tight
    if "<script" not in html.lower():
        assert compact_theme.compact(html) == tight


def test_only_materials_own_templates_are_compacted(tmp_path):
    """The project's custom_dir keeps its white space; Material's partials lose their indentation."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader
    (tmp_path / "mine.html").write_text("<p>\n    kept\n</p>", encoding="utf-8")
    env = Environment(loader=ChoiceLoader([FileSystemLoader(str(tmp_path)),
                                           FileSystemLoader(str(navcache.MATERIAL / "templates"))]))
    assert compact_theme.install(env) and not compact_theme.install(env)
    assert env.loader.get_source(env, "mine.html")[0] == "<p>\n    kept\n</p>"
    nav = env.loader.get_source(env, "partials/nav-item.html")[0]
    assert "\n " not in nav and "{%" in nav


def test_tightened_markup_stays_markup():
    from markupsafe import Markup
    tight = navcache.tighten(Markup("<ul>\n   <li>&amp;</li>\n</ul>"))
    assert isinstance(tight, Markup) and str(tight) == "<ul>\n<li>&amp;</li>\n</ul>"


def test_a_new_navigation_starts_an_empty_cache():
    cache = navcache.NavCache()
    first = _nav("", "goals/")
    cache.keep(cache.key(_page("goals/a/"), first), "<nav>one</nav>")
    assert cache.has("goals") and cache.get("goals") == "<nav>one</nav>"
    assert cache.key(_page("goals/a/"), _nav("", "kpis/")) == "goals" and not cache.has("goals")
    assert cache.key(None, first) is None and cache.key(_page("goals/a/"), None) is None


@pytest.mark.parametrize("name,hidden", [
    (".icons/material/home.svg", True), ("partials/.hidden/x.html", True), (".icons/a/.b/c.svg", True),
    (".nojekyll", False), ("assets/.keep", False), ("assets/javascripts/bundle.js", False), ("404.html", False)])
def test_only_files_inside_dot_folders_are_left_out_of_the_listing(name, hidden):
    assert compact_theme._in_dot_folder(name) is hidden


def test_the_theme_files_mkdocs_copies_are_the_same_with_the_short_listing(sample):
    """MkDocs lists the theme's templates to copy its static files: the listing without Material's
    icons gives the same files, and the icons stay found by name."""
    from mkdocs.structure.files import Files
    config = load_config(str(sample / "mkdocs.yml"))
    plain, short = Files([]), Files([])
    plain.add_files_from_theme(config.theme.get_env(), config)
    env = config.theme.get_env()
    compact_theme.install(env)
    short.add_files_from_theme(env, config)
    assert sorted(f.src_uri for f in short) == sorted(f.src_uri for f in plain) and len(plain) > 10
    assert len(env.list_templates()) < 1000 < len(config.theme.get_env().list_templates())
    assert "<svg" in env.loader.get_source(env, ".icons/material/home.svg")[0]
