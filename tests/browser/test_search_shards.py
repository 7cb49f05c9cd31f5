"""Search in a site whose index is cut into shards, as a large site's is: the sample's index made
again with a few pages a shard. A page's own words still find that page first, whichever shard
holds it; a query's results come from every shard; nothing is asked of another host. A list of
shards that cannot be read, or a shard that is not there, leaves the first shard answering. The
search worker's helper ranks the later shards, and the answers are those of one worker ranking
every shard: with workers unavailable to it, and after its helper stops answering."""
from __future__ import annotations

import json
import shutil
from urllib.parse import urlparse

import pytest

from playbook.outputs import site_search
from playbook.outputs.site_search import BUNDLE, SHARDS, index_site

from ..sitebuild import search_record, search_records
from .conftest import checked_page, served
from .search import RESULT, search
from .test_search import QUERIES, first_hit

PAGES = 25
"""Pages a shard of the index holds here: the sample then has several."""
NO_WORKERS = b"self.Worker = undefined;\n"
"""Put before the search worker's script: a worker that cannot start a worker of its own."""


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
    with served(root) as url:
        yield url, shard_of, root


@pytest.fixture(scope="module")
def alone(sharded, tmp_path_factory):
    """The sharded site, served, its search worker unable to start a helper."""
    root = tmp_path_factory.mktemp("alone") / "site"
    shutil.copytree(sharded[2], root)
    workers = list((root / "assets" / "javascripts" / "workers").glob("search.*.js"))
    assert workers
    for worker in workers:
        worker.write_bytes(NO_WORKERS + worker.read_bytes())
    with served(root) as url:
        yield url


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
    "the helper's last shard gone": lambda bundle: shutil.rmtree(bundle / _shard_names(bundle)[-1]),
    "the helper's first shard's metadata gone": lambda bundle: [
        p.unlink() for p in (bundle / _helpers_first(bundle)).glob("*.pf_meta")],
}


def _shard_names(bundle) -> list[str]:
    return json.loads((bundle / SHARDS).read_text(encoding="utf-8"))


def _helpers_first(bundle) -> str:
    names = _shard_names(bundle)
    return names[len(names) // 2]  # the helper ranks the later half of the shards, the first (the bundle) included


@pytest.mark.parametrize("broken", BROKEN)
def test_a_broken_list_or_shard_leaves_the_first_shard_answering(browser, site, sharded, tmp_path, broken):
    _, shard_of, root = sharded
    copy = tmp_path / "site"
    shutil.copytree(root, copy)
    BROKEN[broken](copy / BUNDLE)
    entity = next(e for kind in ("kpi", "goal", "policy", "tactic") for e in site.entities(kind)
                  if shard_of.get(site.path_of(e)) == "")
    with served(copy) as url, checked_page(browser, url) as page:
        page.goto("/")
        results = search(page, entity.title)
        found = {urlparse(results.nth(i).get_attribute("href")).path for i in range(results.count())}
    assert site.path_of(entity) in found


def answers(page, queries: list[str]) -> list[list[str]]:
    """The links of every result of each query (their host left out), in order, typed in turn into
    the page open, the box emptied before each (its list then empty), so that each list read is the
    answer to its query."""
    found = []
    for query in queries:
        if page.locator(RESULT).count():
            page.locator("input.md-search__input").fill("")
            page.locator("input.md-search__input").press("End")
            page.wait_for_function(f"() => !document.querySelector({RESULT!r})")
        results = search(page, query)
        found.append([urlparse(results.nth(i).get_attribute("href"))._replace(scheme="", netloc="").geturl()
                      for i in range(results.count())])
    return found


def helper_queries(site) -> list[str]:
    """Common words, titles, and `kind:id` words joined by punctuation, which each half must hold whole."""
    picked = [e for kind in ("kpi", "tactic", "goal", "policy") for e in site.entities(kind)[:2]]
    return ["social", "customers", "review", "goal", *(e.title for e in picked), *(f"{e.kind}:{e.id}" for e in picked)]


def test_a_helper_ranks_the_later_shards(shard_page):
    shard_page.goto("/")
    search(shard_page, "customers")
    roles = sorted(w.evaluate("[helper !== null, kept && kept.query]") for w in shard_page.workers)
    assert roles == [[False, "customers"], [True, None]]


def test_a_worker_and_its_helper_answer_as_one_worker_does(browser, site, sharded, alone):
    queries = helper_queries(site)
    with checked_page(browser, sharded[0]) as page:
        page.goto("/")
        helped = answers(page, queries)
        assert len(page.workers) == 2
    with checked_page(browser, alone) as page:
        page.goto("/")
        single = answers(page, queries)
        assert len(page.workers) == 1
    assert all(helped) and helped == single


def test_a_helper_that_stops_answering_leaves_the_worker_answering_alone(browser, site, sharded, alone):
    queries = helper_queries(site)[:3]
    with checked_page(browser, alone) as page:
        page.goto("/")
        single = answers(page, queries)
    with checked_page(browser, sharded[0]) as page:
        warnings = []
        page.on("worker", lambda w: w.on("console", lambda m: warnings.append(m.text)))
        page.goto("/")
        search(page, "social")
        helper, = [w for w in page.workers if not w.evaluate("helper !== null")]
        helper.evaluate("close()")  # a worker closing itself tells no one: the worker waits for it in vain
        after = answers(page, queries)
    assert after == single
    assert any("ranks every shard" in text for text in warnings), warnings
