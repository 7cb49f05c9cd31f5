"""The pages Pagefind reads are written in memory where the system has room there, never under `serve`.

`scratch(need)` names the first folder of `MEMORY_FOLDERS` (a variable naming one, or a
folder) that exists, may be written and has twice `need` bytes free; else None, the system's
temporary folder. The background index of `serve` always writes on disk: a server stopped
while it writes leaves the folder behind, and in memory it would stay until the machine
restarts.
"""
from __future__ import annotations

import os
import tempfile

import pytest

from playbook.outputs import site_search
from playbook.outputs.site_search import scratch


@pytest.fixture()
def memory(tmp_path, monkeypatch):
    folder = tmp_path / "memory"
    folder.mkdir()
    monkeypatch.setenv("PB_TEST_MEMORY", str(folder))
    monkeypatch.setattr(site_search, "MEMORY_FOLDERS", ("PB_TEST_MEMORY", str(tmp_path / "missing")))
    return folder


def test_a_folder_with_room_is_taken(memory):
    assert scratch(1 << 20) == str(memory)


def test_no_folder_without_room_for_twice_the_pages(memory):
    free = os.statvfs(memory)
    room = free.f_bavail * free.f_frsize
    assert scratch(room // 2) == str(memory)
    assert scratch(room // 2 + free.f_frsize) is None


@pytest.mark.parametrize("setting", ["unset", "empty", "missing", "a file"])
def test_a_variable_naming_no_folder_is_passed_over(memory, monkeypatch, tmp_path, setting):
    if setting == "unset":
        monkeypatch.delenv("PB_TEST_MEMORY")
    else:
        (tmp_path / "a file").write_text("x", encoding="utf-8")
        monkeypatch.setenv("PB_TEST_MEMORY", {"empty": "", "missing": str(tmp_path / "gone"),
                                               "a file": str(tmp_path / "a file")}[setting])
    assert scratch(1) is None


def test_the_next_folder_is_tried(memory, monkeypatch, tmp_path):
    monkeypatch.setattr(site_search, "MEMORY_FOLDERS", ("PB_TEST_UNSET_VARIABLE", str(memory)))
    monkeypatch.delenv("PB_TEST_UNSET_VARIABLE", raising=False)
    assert scratch(1) == str(memory)


@pytest.mark.parametrize("background", [False, True])
def test_the_pages_are_written_where_scratch_says_and_on_disk_under_serve(memory, monkeypatch, tmp_path, background):
    site = tmp_path / "site"
    (site / "goals" / "g").mkdir(parents=True)
    (site / "goals" / "g" / "index.html").write_text("<html><body><article>A goal</article></body></html>",
                                                     encoding="utf-8")
    asked = []
    real = tempfile.TemporaryDirectory

    def recorded(*args, **kwargs):
        asked.append(kwargs.get("dir"))
        return real(*args, **kwargs)
    monkeypatch.setattr(site_search.tempfile, "TemporaryDirectory", recorded)
    monkeypatch.setattr(site_search, "_pagefind", lambda command, background: _Done())
    monkeypatch.setattr(site_search, "_drop_unused", lambda bundle: bundle.mkdir(exist_ok=True))
    site_search.index_site(site, background=background)
    assert asked == [None if background else str(memory)]
    assert list(memory.iterdir()) == []  # removed once Pagefind is done


class _Done:
    returncode = 0
    stdout = stderr = ""
