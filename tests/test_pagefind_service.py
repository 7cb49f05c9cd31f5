"""Pages reach Pagefind's indexer in memory, in the order they are written: the index's files
are the same, byte for byte, for a site indexed as it is built and the same site read back from
its folder in that order, and nothing is left in the temporary folder. A Pagefind that is missing,
stops, answers outside its protocol or refuses is told in one line, and the published site is kept.
A site of more pages than a shard holds is indexed in shards, each page in one."""
from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from playbook.outputs import site_search
from playbook.outputs.site_search import BUNDLE, SHARDS, SearchIndexError, index_site

from .sitebuild import copy_sample, search_record, search_records

ARTICLE = '<html lang="en"><body><article class="md-content__inner md-typeset" data-pagefind-body>{}</article></body></html>'


def differences(one: Path, other: Path) -> list[str]:
    """The files that differ between two folders, or are in only one of them."""
    compared = filecmp.dircmp(one, other)
    differ = compared.left_only + compared.right_only + compared.funny_files
    differ += filecmp.cmpfiles(one, other, compared.common_files, shallow=False)[1]
    return differ + [f"{name}/{inner}" for name in compared.common_dirs for inner in differences(one / name, other / name)]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sample built by MkDocs in this process, with the order its pages were written in,
    while the temporary folder is one of its own."""
    temporary = tmp_path_factory.mktemp("tmp")
    folder = copy_sample(tmp_path_factory.mktemp("service"))
    saved, tempfile.tempdir = tempfile.tempdir, str(temporary)
    try:
        config = load_config(str(folder / "mkdocs.yml"))
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
    finally:
        tempfile.tempdir = saved
    return folder / "site", config.plugins["playbook"].page_order, temporary


def test_a_build_leaves_nothing_in_the_temporary_folder_and_every_file_of_the_index_whole(built):
    site, order, temporary = built
    assert list(temporary.iterdir()) == []
    bundle = [path for path in (site / BUNDLE).rglob("*") if path.is_file()]
    assert len(order) > 100 and (site / BUNDLE / "pagefind.js").is_file()
    assert [path for path in bundle if path.stat().st_size == 0] == []
    entry = json.loads((site / BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == len(search_records(site)) > 100
    assert not [path for path in bundle if path.name.startswith("pagefind-") and path.suffix in (".css", ".js")
                and path.name != "pagefind-entry.json"]  # the ready-made interfaces are not kept


def test_the_site_read_back_in_the_order_written_gets_the_same_index(built, tmp_path):
    site, order, _ = built
    again = tmp_path / "site"
    shutil.copytree(site, again)
    shutil.rmtree(again / BUNDLE)
    index_site(again, order)
    assert differences(site / BUNDLE, again / BUNDLE) == []


def test_the_order_sets_the_index_files_names_and_nothing_else(built, tmp_path):
    """Read by name instead, the records are the same and the index's file names are not: so the
    test above could fail."""
    site, order, _ = built
    again = tmp_path / "site"
    shutil.copytree(site, again)
    index_site(again)
    assert sorted(order) != order
    assert any(name.startswith("index/") for name in differences(site / BUNDLE, again / BUNDLE))
    assert sorted(map(repr, search_records(again))) == sorted(map(repr, search_records(site)))


def test_a_page_in_the_order_that_is_not_there_is_left_out(tmp_path):
    site = tmp_path / "site"
    for name in ("a", "b"):
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(ARTICLE.format(f"words of {name}"), encoding="utf-8")
    index_site(site, ["a/index.html", "gone/index.html", "b/index.html", "b"])
    assert sorted(record["url"] for record in search_records(site)) == ["/a/", "/b/"]


def shard_urls(bundle: Path) -> dict[str, set[str]]:
    """The pages of each shard of an index: its folder's name ("" for the first) -> their URLs."""
    folders = {"": bundle, **{name: bundle / name for name in json.loads((bundle / SHARDS).read_text(encoding="utf-8"))}}
    return {name: {search_record(p.read_bytes())["url"] for p in (folder / "fragment").glob("*.pf_fragment")}
            for name, folder in folders.items()}


@pytest.mark.parametrize("pages", [12, 40])
def test_a_site_of_more_pages_than_a_shard_holds_is_indexed_in_shards_each_page_in_one(built, tmp_path, monkeypatch, pages):
    site, order, _ = built
    monkeypatch.setattr(site_search, "SHARD_PAGES", pages)
    again = tmp_path / "site"
    shutil.copytree(site, again)
    index_site(again, order)
    bundle, shards = again / BUNDLE, round(len(order) / pages)
    names = json.loads((bundle / SHARDS).read_text(encoding="utf-8"))
    # a shard that no page falls into is left out
    assert 1 < len(names) + 1 <= shards and names == [f"shard-{n}/" for n in range(1, len(names) + 1)]
    urls = shard_urls(bundle)
    assert sum(map(len, urls.values())) == len(set().union(*urls.values())) == len(search_records(site))
    assert set().union(*urls.values()) == {record["url"] for record in search_records(site)}
    for name in names:  # each shard has its own entry, metadata and chunks; the script is the first's
        kept = {p.name for p in (bundle / name).iterdir()}
        meta = {p for p in kept if p.startswith("pagefind.en_") and p.endswith(".pf_meta")}
        assert len(meta) == 1 and kept - meta - {"filter"} == {"fragment", "index", "pagefind-entry.json"}
        entry = json.loads((bundle / name / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert entry["languages"]["en"]["page_count"] == len(urls[name])
    assert (bundle / "pagefind.js").is_file() and not list(bundle.glob("shard-*/*.js")) and not list(bundle.glob("shard-*/wasm*"))


def test_a_page_stays_in_its_shard_whatever_the_order_and_a_small_site_has_one(built, tmp_path, monkeypatch):
    site, order, _ = built
    assert json.loads((site / BUNDLE / SHARDS).read_text(encoding="utf-8")) == [] and not list((site / BUNDLE).glob("shard-*"))
    monkeypatch.setattr(site_search, "SHARD_PAGES", 30)
    shards = []
    for name, pages in (("written", order), ("reversed", order[::-1])):
        again = tmp_path / name
        shutil.copytree(site, again)
        index_site(again, pages)
        shards.append(shard_urls(again / BUNDLE))
    assert shards[0] == shards[1] and len(shards[0]) > 3


FAKE = textwrap.dedent("""\
    import base64, json, sys
    refused, named = REFUSED, NAMED
    pending = b""
    while chunk := sys.stdin.buffer.read1(65536):
        *complete, pending = (pending + chunk).split(b",")
        for message in complete:
            request = json.loads(base64.b64decode(message))
            kind = request["payload"]["type"]
            answer = {"type": "Error", "message": "the index is locked"} if kind == refused else \\
                {"type": kind, "index_id": 0} if kind == "NewIndex" else {"type": "IndexedFile"} \\
                if kind == "AddFile" else {"type": kind, "files": [{"path": named, "content": "aGk="},
                                                                {"path": "pagefind-entry.json", "content": "e30="}]}
            out = json.dumps({"message_id": request["message_id"], "payload": answer}).encode()
            sys.stdout.buffer.write(base64.b64encode(out) + b",")
            sys.stdout.buffer.flush()
""")


def fake(refused: str = "", named: str = "pagefind.js") -> str:
    """A Pagefind that speaks the protocol, refuses requests of the kind `refused` and answers
    for the index two files: its entry, and one at the path `named`."""
    return f"#!{sys.executable}\n" + FAKE.replace("REFUSED, NAMED", f"{refused!r}, {named!r}")


BROKEN = {  # how Pagefind is broken: (its program, or None for none there; what the error says)
    "missing": (None, "Pagefind could not start"),
    "stops": ("#!/bin/sh\necho 'pagefind: cannot load its index' >&2\nexit 3\n", "pagefind: cannot load its index"),
    "garbled": ("#!/bin/sh\nprintf 'not the protocol!,'\nexec sleep 60\n", "answered outside its protocol"),
    "refuses the index": (fake("NewIndex"), "the index is locked"),
    "refuses a page": (fake("AddFile"), "Pagefind refused a page: "),
    "refuses the files": (fake("GetFiles"), "the index is locked"),
    "names a file above": (fake(named="fragment/../../escaped.js"), "outside its bundle"),
    "names a file anywhere": (fake(named="/fragment/escaped.js"), "outside its bundle"),
    "names a file with a NUL": (fake(named="fragment/escaped.js\0.pf_fragment"), "outside its bundle"),
    "leaves out its script": (fake(named="fragment/a.pf_fragment"), "Pagefind's answer lacks pagefind.js"),
}


@pytest.fixture(params=sorted(BROKEN))
def broken(request, tmp_path):
    program, says = BROKEN[request.param]
    binary = tmp_path / "bin" / "pagefind"
    if program is not None:
        binary.parent.mkdir()
        binary.write_text(program, encoding="utf-8")
        binary.chmod(0o755)
    return {**os.environ, "PAGEFIND_BINARY_PATH": str(binary)}, says


@pytest.mark.parametrize("shards", [1, 3])
@pytest.mark.parametrize("had_index", [False, True])
def test_a_broken_pagefind_is_one_line_and_leaves_the_index_there_was(broken, tmp_path, monkeypatch, had_index, shards):
    env, says = broken
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", env["PAGEFIND_BINARY_PATH"])
    monkeypatch.setattr(site_search, "SHARD_PAGES", 1 if shards > 1 else 1000)
    site = tmp_path / "site"
    for name in ("goals", "goals/a", "goals/b")[:shards]:
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(ARTICLE.format(f"A goal {name}"), encoding="utf-8")
    if had_index:
        (site / BUNDLE).mkdir()
        (site / BUNDLE / "pagefind.js").write_text("the last index", encoding="utf-8")
    with pytest.raises(SearchIndexError) as refused:
        index_site(site)
    assert says in str(refused.value) and "\n" not in str(refused.value)
    assert sorted(p.name for p in site.iterdir()) == ["goals", BUNDLE][:1 + had_index]
    if had_index:
        assert [p.name for p in (site / BUNDLE).iterdir()] == ["pagefind.js"]
        assert (site / BUNDLE / "pagefind.js").read_text(encoding="utf-8") == "the last index"
    assert not [p for p in tmp_path.rglob("escaped.js*")] and not Path("/fragment").exists()


def test_a_refused_page_is_named(tmp_path, monkeypatch):
    binary = tmp_path / "pagefind"
    binary.write_text(fake("AddFile"), encoding="utf-8")
    binary.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(binary))
    site = tmp_path / "site"
    (site / "goals" / "win").mkdir(parents=True)
    (site / "goals" / "win" / "index.html").write_text(ARTICLE.format("A goal"), encoding="utf-8")
    with pytest.raises(SearchIndexError, match="refused a page: goals/win/index.html: the index is locked"):
        index_site(site)


def test_a_page_with_a_lone_surrogate_is_indexed_as_it_is_written(tmp_path):
    """MkDocs writes a character it cannot encode as a reference; the page handed over in
    memory is the same, where Pagefind would refuse the raw character."""
    from playbook.outputs.site_search import SiteIndex
    site = tmp_path / "site"
    site.mkdir()
    with SiteIndex() as index:
        index.add("odd/index.html", ARTICLE.format("odd \ud800 words"))
        index.finish(site)
    [record] = search_records(site)
    assert "odd" in record["content"] and "words" in record["content"]


def test_a_pagefind_that_speaks_the_protocol_makes_the_index(tmp_path, monkeypatch):
    """The stand-in above, unbroken, gives an index: so each refusal above is the one it names."""
    binary = tmp_path / "pagefind"
    binary.write_text(fake(), encoding="utf-8")
    binary.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(binary))
    site = tmp_path / "site"
    (site / "goals").mkdir(parents=True)
    (site / "goals" / "index.html").write_text(ARTICLE.format("A goal"), encoding="utf-8")
    index_site(site)
    assert (site / BUNDLE / "pagefind.js").read_bytes() == b"hi"


def test_a_build_with_a_broken_pagefind_says_so_and_keeps_the_published_site(broken, tmp_path):
    env, says = broken
    project = copy_sample(tmp_path)
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("the published site", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "playbook", "build"], cwd=project, capture_output=True, text=True,
                          env=env, timeout=600)
    assert done.returncode == 1
    assert "playbook: search index" in done.stderr and says in done.stderr and "Traceback" not in done.stderr
    assert [p.name for p in (project / "site").iterdir()] == ["index.html"]
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == "the published site"
