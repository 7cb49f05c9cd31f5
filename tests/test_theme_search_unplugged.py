"""Material's search plugin is taken off the pages' path: it reads no page, and the site is the
one it gave when it read every page only to leave it out of its index, except where a page's
text spoke of `data-search-*` attributes, which its pattern cut out."""
from __future__ import annotations

import filecmp
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from material.plugins.search.plugin import SearchPlugin
from mkdocs.commands.build import build
from mkdocs.config import load_config

from plugins import plugin

from .sitebuild import copy_sample

AS_OF = "2026-12-06"


def _build(project: Path, site: str, unplug: bool, monkeypatch) -> int:
    """Build into project/site in this process; how many pages the search plugin was handed."""
    handed, real = [], SearchPlugin.on_page_context

    def counted(self, context, *, page, config, nav):
        handed.append(page.file.src_uri)
        return real(self, context, page=page, config=config, nav=nav)

    monkeypatch.setattr(SearchPlugin, "on_page_context", counted)
    monkeypatch.setattr(plugin, "_unplug_theme_search", plugin._unplug_theme_search if unplug else lambda config: False)
    monkeypatch.setenv("PLAYBOOK_AS_OF", AS_OF)
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(project / site)))
    return len(handed)


ATTRIBUTE_TEXTS = ['Set data-search-boost="2" on the block.', 'Write data-search-exclude="yes" to hide it.',
                   'Old markup said data-search-weight="9" here.']
"""Text about attributes, which the search plugin's pattern cut out of every page it was handed."""


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    project = copy_sample(tmp_path_factory.mktemp("unplugged"))
    (project / "content" / "pages" / "attributes.md").write_text(
        "---\ntitle: Attributes\n---\n" + "\n\n".join(f"`{text}` and {text}" for text in ATTRIBUTE_TEXTS) + "\n",
        encoding="utf-8")
    with pytest.MonkeyPatch.context() as monkeypatch:
        handed = {unplug: _build(project, f"site-{unplug}", unplug, monkeypatch) for unplug in (True, False)}
    return project, handed


def test_the_search_plugin_reads_no_page(sites):
    _, handed = sites
    assert handed[True] == 0 and handed[False] > 100


def test_the_site_is_the_one_the_plugin_gave_reading_every_page(sites):
    project, _ = sites
    unplugged, plugged = project / "site-True", project / "site-False"
    def written(site):  # Pagefind's files are named by what they hold, and one page differs
        return sorted(str(p.relative_to(site)) for p in site.rglob("*")
                      if p.is_file() and p.suffix != ".gz" and p.relative_to(site).parts[0] != "pagefind")
    names = written(plugged)
    assert names == written(unplugged)
    match, mismatch, errors = filecmp.cmpfiles(plugged, unplugged, names, shallow=False)
    assert (mismatch, errors) == (["pages/attributes/index.html"], []) and len(match) > 200
    index = json.loads((unplugged / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == [] and index["config"]["lang"] == ["en"]


class _NoEvents(dict):
    """A plugin collection of a MkDocs without per-event lists."""


@pytest.mark.parametrize("plugins", [
    _NoEvents(),
    _NoEvents({"material/search": SearchPlugin()}),
])
def test_without_event_lists_nothing_is_unplugged(plugins):
    assert plugin._unplug_theme_search(SimpleNamespace(plugins=plugins)) is False


def test_only_the_search_plugins_handler_is_taken_off(tmp_path):
    project = copy_sample(tmp_path)
    config = load_config(str(project / "mkdocs.yml"))
    before = list(config.plugins.events["page_context"])
    assert plugin._unplug_theme_search(config)
    after = config.plugins.events["page_context"]
    search = config.plugins["material/search"]
    assert [h for h in before if getattr(h, "__self__", None) is not search] == after
    assert len(after) == len(before) - 1 and after
    config.plugins["material/search"].config.enabled = False
    assert plugin._unplug_theme_search(config) is False


def test_text_about_search_attributes_is_no_longer_cut_out(sites):
    """The one page that differs: a page that writes such attributes as text keeps them, in prose
    and in code, where the plugin's pattern cut them out."""
    project, _ = sites
    kept = (project / "site-True" / "pages" / "attributes" / "index.html").read_text(encoding="utf-8")
    cut = (project / "site-False" / "pages" / "attributes" / "index.html").read_text(encoding="utf-8")
    for text in ATTRIBUTE_TEXTS:
        assert kept.count(text) == 2 and text not in cut, text
