"""Search in a site whose index is cut into shards, as a large site's is: the sample's index made
again with a few pages a shard. A page's own words still find that page first, whichever shard
holds it; a query's results come from every shard; nothing is asked of another host. A list of
shards that cannot be read, or a shard that is not there, leaves the first shard answering."""
from __future__ import annotations

import functools
import json
import shutil
import threading
from urllib.parse import urlparse

import pytest

from playbook.outputs import site_search
from playbook.outputs.site_search import BUNDLE, SHARDS, index_site

from ..sitebuild import search_record, search_records
from .conftest import QuietHandler, QuietServer, checked_page
from .search import search
from .test_search import QUERIES, first_hit

PAGES = 25
"""Pages a shard of the index holds here: the sample then has several."""


@pytest.fixture(scope="module")
def sharded(site, tmp_path_factory):
    """The sample site with its index in shards, served; the shard ("" for the first) of each page's
    URL; and the site's folder."""
    root = tmp_path_factory.mktemp("sharded") / "site"
    shutil.copytree(site.root, root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(site_search, "SHARD_PAGES", PAGES)
        index_site(root)
    bundle = root / BUNDLE
    names = ["", *json.loads((bundle / SHARDS).read_text(encoding="utf-8"))]
    shard_of = {search_record(p.read_bytes())["url"]: name for name in names
                for p in (bundle / name / "fragment").glob("*.pf_fragment")}
    server = QuietServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", shard_of, root
    server.shutdown()
    server.server_close()


@pytest.fixture
def shard_page(browser, sharded):
    with checked_page(browser, sharded[0]) as page:
        yield page


def test_the_index_has_several_shards_holding_every_page(site, sharded):
    _, shard_of, _ = sharded
    assert len(set(shard_of.values())) >= 4
    assert set(shard_of) == {record["url"] for record in search_records(site.root)}


@pytest.mark.parametrize("what", QUERIES)
def test_a_pages_own_words_find_it_first_in_whichever_shard_it_is(shard_page, site, sharded, what):
    query, wanted, first = first_hit(shard_page, site, what)
    assert first.rstrip("/").endswith(wanted.rstrip("/")), (query, first)


@pytest.mark.parametrize("query", ["social", "customers", "review"])
def test_a_common_words_results_come_from_several_shards(shard_page, sharded, query):
    _, shard_of, _ = sharded
    shard_page.goto("/")
    results = search(shard_page, query)
    found = {urlparse(results.nth(i).get_attribute("href")).path for i in range(results.count())}
    shards = {shard_of[path] for path in found if path in shard_of}
    assert len(found) >= 5 and len(shards) >= 2, (found, shards)


BROKEN = {  # how the list of shards or a shard is broken: what is done to the site's bundle
    "no list": lambda bundle: (bundle / SHARDS).unlink(),
    "a list that is not JSON": lambda bundle: (bundle / SHARDS).write_text('["shard-1/",', encoding="utf-8"),
    "a page where the list was": lambda bundle: (bundle / SHARDS).write_text("<!doctype html><p>Not here", encoding="utf-8"),
    "names outside the bundle": lambda bundle: (bundle / SHARDS).write_text('["../", "/x/", "https://x/", 7]', encoding="utf-8"),
    "a listed shard gone": lambda bundle: shutil.rmtree(bundle / "shard-1"),
    "a listed shard's entry broken": lambda bundle: (bundle / "shard-2" / "pagefind-entry.json").write_text("{", encoding="utf-8"),
}


@pytest.mark.parametrize("broken", BROKEN)
def test_a_broken_list_or_shard_leaves_the_first_shard_answering(browser, site, sharded, tmp_path, broken):
    _, shard_of, root = sharded
    copy = tmp_path / "site"
    shutil.copytree(root, copy)
    BROKEN[broken](copy / BUNDLE)
    entity = next(e for kind in ("kpi", "goal", "policy", "tactic") for e in site.entities(kind)
                  if shard_of.get(site.path_of(e)) == "")
    server = QuietServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(copy)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with checked_page(browser, f"http://127.0.0.1:{server.server_port}") as page:
            page.goto("/")
            results = search(page, entity.title)
            found = {urlparse(results.nth(i).get_attribute("href")).path for i in range(results.count())}
    finally:
        server.shutdown()
        server.server_close()
    assert site.path_of(entity) in found
