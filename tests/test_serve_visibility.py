"""`playbook serve --edition public` follows visibility while it runs.

One real `playbook serve --edition public` (MkDocs `serve --dirty`) runs over a
playbook whose entities are all public. Each edit hides something in its own way;
after each, the served page is gone (404), its file is gone from the folder served,
and no page of the site links to it or names it. The last edit makes one public again.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.incremental import fetch, free_port
from tests.contenttree import AS_OF, copy_minimal, write_tree

from .sitebuild import MKDOCS_YML
from .test_serve_dirty import files_of, wait_for

ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1780000000", "PLAYBOOK_AS_OF": AS_OF}
EXTRA = {
    "channels/mastodon.yml": "title: Mastodon zqmastodon\nplatform: Mastodon\n",
    "channels/forum.yml": "title: Forum zqforum\nplatform: Forum\n",
    "pages/notes.md": "---\ntitle: Notes zqnotes\nvisibility: public\n---\nNotes.\n",
    "pages/welcome.md": "---\ntitle: Welcome\nvisibility: public\n---\nSee [the notes](notes.md).\n",
}


def public_project(folder: Path) -> Path:
    root = copy_minimal(folder / "content")
    write_tree(root, EXTRA)
    for path in root.rglob("*.yml"):
        path.write_text(path.read_text(encoding="utf-8") + "visibility: public\n", encoding="utf-8")
    (folder / "docs").mkdir()
    (folder / "mkdocs.yml").write_text(MKDOCS_YML.format(options=""), encoding="utf-8")
    return folder


def hide(root: Path, name: str, level: str) -> None:
    path = root / name
    path.write_text(path.read_text(encoding="utf-8").replace("visibility: public", f"visibility: {level}"),
                    encoding="utf-8")


EDITS = [  # (what is done, the page that must go, a word only it carries)
    ("channel made confidential", lambda r: hide(r, "channels/linkedin.yml", "confidential"), "channels/linkedin/", None),
    ("channel made internal", lambda r: hide(r, "channels/mastodon.yml", "internal"), "channels/mastodon/", "zqmastodon"),
    ("channel deleted", lambda r: (r / "channels/forum.yml").unlink(), "channels/forum/", "zqforum"),
    ("free page made confidential", lambda r: hide(r, "pages/notes.md", "confidential"), "pages/notes/", "zqnotes"),
]


@pytest.fixture(scope="module")
def serving(tmp_path_factory):
    project = public_project(tmp_path_factory.mktemp("serve-visibility"))
    scratch = project / "tmp"
    scratch.mkdir()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "playbook", "serve", "--edition", "public",
                               "--dev-addr", f"127.0.0.1:{port}"], cwd=project, env={**ENV, "TMPDIR": str(scratch)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(base) is not None or server.poll() is not None, "playbook serve did not start")
        assert server.poll() is None, "playbook serve stopped on its own"
        [site] = scratch.glob("mkdocs_*")
        yield project / "content", base, site
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)


def test_hidden_entities_disappear_while_serving(serving):
    root, base, site = serving
    for _, _, url, _ in EDITS:
        assert fetch(base + url) is not None, url
    for what, edit, url, word in EDITS:
        edit(root)
        wait_for(lambda: fetch(base + url) is None, f"{what}: {url} is still served")
        assert not (site / url / "index.html").exists(), what
        files = files_of(site)
        pages = {p: data.decode("utf-8") for p, data in files.items() if p.endswith(".html")}
        assert not [p for p, text in pages.items() if f'/{url}"' in text or f'"{url}"' in text], what
        if word:
            assert not [p for p, data in files.items() if word.encode() in data], what


def test_an_entity_made_public_again_comes_back(serving):
    root, base, site = serving
    hide(root, "channels/linkedin.yml", "confidential")  # idempotent: it may already be
    path = root / "channels" / "linkedin.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("visibility: confidential", "visibility: public"),
                    encoding="utf-8")
    wait_for(lambda: fetch(base + "channels/linkedin/") is not None, "the channel did not come back")
    assert (site / "channels" / "linkedin" / "index.html").exists()
