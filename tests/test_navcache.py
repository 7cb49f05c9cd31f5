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
        shared = [key for key in caches[0].html if not key.startswith("\0")]  # the rest: a page of the navigation each
        assert 0 < len(shared) < 40
    for page in (sample / f"site-cached-{name}").glob("goals/*/index.html"):
        cached, plain = _nav_of(page), _nav_of(sample / f"site-plain-{name}" / page.relative_to(sample / f"site-cached-{name}"))
        assert not re.search(r"\n[ \t]", cached) and "\n\n" not in cached, "written without indentation"
        assert not re.search(r"\n[ \t]", plain), "Material's templates are read without their indentation"


def _nav_of(page: Path) -> str:
    return _nav_in(page.read_text(encoding="utf-8"))


def _nav_in(html: str) -> str:
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
    return SimpleNamespace(url=url, title=url)


def _nav(*urls):
    section = SimpleNamespace(url=None, title="Section", children=[_page(u) for u in urls[1:]])
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
    settings = _settings()  # a page drawn alone is kept for the next build, by its own URL
    assert navcache.NavCache().key(_page(url), _nav(*nav_urls), settings) == (key if key is not None else "\0" + url)


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


class _Theme(dict):
    name = "material"


def _settings(**changes):
    theme = _Theme(features=["navigation.sections"], language="en", logo=None)
    settings = SimpleNamespace(site_name="Playbook", site_url=None, repo_url=None, repo_name=None,
                               use_directory_urls=True, theme=theme, extra={})
    for name, value in changes.items():
        if name.startswith("theme_"):
            theme[name[len("theme_"):]] = value
        else:
            setattr(settings, name, value)
    return settings


def _full_nav(title="Goals", url="goals/", icon=None):
    """A navigation as MkDocs makes it anew for every build: a home page and a section with one page."""
    goals = SimpleNamespace(title=title, url=url, is_index=False, encrypted=False, meta={"icon": icon} if icon else {})
    section = SimpleNamespace(title="Sections", url=None, children=[goals])
    return SimpleNamespace(items=[SimpleNamespace(title="Home", url="", is_index=True, encrypted=False, meta={}), section])


def _drawn_in_next_build(first_nav, first_settings, next_nav, next_settings, url="goals/grow/",
                         base_url="../..", next_base_url=None) -> bool:
    """Whether a build takes, for a page (an entity's, by default; None: the theme's 404 page, whose
    links are relative to `base_url`), the navigation the build before drew."""
    page = None if url is None else SimpleNamespace(url=url)
    before = navcache.NavCache()
    before.keep(before.key(page, first_nav, first_settings, base_url), "<nav>drawn before</nav>")
    after = navcache.NavCache()
    key = after.key(page, next_nav, next_settings, next_base_url or base_url)
    return key is not None and after.has(key) and after.get(key) == "<nav>drawn before</nav>"


@pytest.mark.parametrize("url", ["goals/grow/", "goals/", "", None])  # out of the navigation, in it, the home page, 404
def test_a_rebuild_takes_the_navigation_the_build_before_drew(url):
    assert _drawn_in_next_build(_full_nav(), _settings(), _full_nav(), _settings(), url)
    assert not _drawn_in_next_build(_full_nav(), _settings(), _full_nav(title="Objectives"), _settings(), url)


@pytest.mark.parametrize("base_url, key", [("/", "\0\0/"), ("/playbook/", "\0\0/playbook/"), (None, None)])
def test_the_404_page_keeps_its_navigation_by_the_base_url_its_links_are_relative_to(base_url, key):
    assert navcache.NavCache().key(None, _full_nav(), _settings(), base_url) == key
    assert navcache.NavCache().key(None, _full_nav(), None, base_url) is None  # without the settings: drawn alone
    assert not _drawn_in_next_build(_full_nav(), _settings(), _full_nav(), _settings(), None, "/", "/playbook/")


@pytest.mark.parametrize("nav, settings", [
    (_full_nav(title="Objectives"), _settings()),  # an entry's title
    (_full_nav(url="objectives/"), _settings()),
    (_full_nav(icon="material/star"), _settings()),  # what the theme draws of a page's settings
    (_full_nav(), _settings(site_name="Our playbook")),
    (_full_nav(), _settings(repo_url="https://git.example.org/playbook")),
    (_full_nav(), _settings(theme_features=["navigation.tabs"])),
    (_full_nav(), _settings(theme_language="de")),
    (_full_nav(), None),  # settings not handed over: nothing is taken
])
def test_a_rebuild_draws_again_a_navigation_that_changed(nav, settings):
    assert not _drawn_in_next_build(_full_nav(), _settings(), nav, settings)


def test_a_retitled_page_reaches_the_navigation_of_every_page_in_a_rebuild(tmp_path, monkeypatch):
    """`serve --dirty` in this process: after a free page's new title, an entity page a rebuild
    writes has it in its navigation, as a full build's has."""
    project = copy_sample(tmp_path / "project")
    monkeypatch.setenv("PLAYBOOK_AS_OF", AS_OF)

    def rebuild(site: str, dirty: bool) -> str:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / site))
        config.plugins.on_startup(command="serve" if dirty else "build", dirty=dirty)
        build(config, dirty=dirty)
        return _breaks((project / site / "goals" / "answer-customers-faster" / "index.html").read_text(encoding="utf-8"))

    assert "How to read this playbook" in rebuild("served", True)
    about = project / "content" / "pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8").replace("How to read this playbook", "Reading the playbook"),
                     encoding="utf-8")
    goal = project / "content" / "goals" / "answer-customers-faster.md"
    goal.write_text(goal.read_text(encoding="utf-8") + "\nRead again.\n", encoding="utf-8")  # the page is written again
    served = rebuild("served", True)
    assert "Reading the playbook" in served and "How to read this playbook" not in served
    assert _nav_in(served) == _nav_in(rebuild("full", False))
    for page in ("goals/index.html", "scorecard/index.html", "404.html"):  # each drawn alone
        assert _nav_of(project / "served" / page) == _nav_of(project / "full" / page)
        assert "Reading the playbook" in _nav_of(project / "served" / page)


LANGUAGE_FILES = sorted((navcache.MATERIAL / "templates" / compact_theme.LANGUAGES).glob("*.html"))


def _words(env, template: str) -> list[str]:
    """Every word Material's English table names, one it does not, and the table's own."""
    source = env.loader.get_source(env, template)[0]
    return re.findall(r'^\s*"([^"]+)":', source, re.M) + ["no.such.word", "", "language", "direction"]


@pytest.mark.parametrize("path", LANGUAGE_FILES, ids=lambda p: p.stem)
def test_a_language_table_made_once_says_every_word_as_materials_macro_does(path):
    from jinja2 import DictLoader, Environment, FileSystemLoader
    plain = Environment(loader=FileSystemLoader(str(navcache.MATERIAL / "templates")), autoescape=True)
    source = plain.loader.get_source(plain, f"{compact_theme.LANGUAGES}{path.name}")[0]
    made = compact_theme.tabled(compact_theme.compact(source))
    assert "{% set _table = {" in made and made.count("{% macro t(key) %}") == 1
    tabled = Environment(loader=DictLoader({"table.html": made}), autoescape=True)
    words = _words(plain, f"{compact_theme.LANGUAGES}en.html") + _words(plain, f"{compact_theme.LANGUAGES}{path.name}")
    asked = "".join(f"[{{{{ lang.t({word!r}) }}}}]" for word in words)
    before = plain.from_string(f'{{% import "{compact_theme.LANGUAGES}{path.name}" as lang %}}{asked}').render()
    after = tabled.from_string(f'{{% import "table.html" as lang %}}{asked}').render()
    assert after == before
    assert before.count("[]") < len(words) / 2  # most words are said


@pytest.mark.parametrize("source", [
    "{% macro t(key) %}{{ key }}{% endmacro %}",                              # another macro
    '{% macro t(key) %}{{ {"a": "b"}[key] or key }}{% endmacro %}',          # a fallback of its own
    '{% macro t(word) %}{{ {"a": "b"}[word] }}{% endmacro %}',               # another argument
    "",
])
def test_a_language_file_written_otherwise_is_left_as_it_is(source):
    assert compact_theme.tabled(source) == source


def test_the_theme_serves_the_language_tables_made_once(tmp_path):
    from jinja2 import Environment, FileSystemLoader
    env = Environment(loader=FileSystemLoader(str(navcache.MATERIAL / "templates")))
    compact_theme.install(env)
    assert "{% set _table = {" in env.loader.get_source(env, "partials/languages/de.html")[0]
    assert "_table" not in env.loader.get_source(env, "partials/language.html")[0]
