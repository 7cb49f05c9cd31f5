"""Under `serve`, the system tells the server of a saved file; reading a file is no change.

MkDocs' own live-reload server watches a temporary folder; after `use_native` its
observer is the system's. A write, a new file, a deleted file and an editor's atomic
save (write aside, rename over) each ask for a rebuild; opening and reading every file,
as a build does, does not. With `playbook serve --poll` (PLAYBOOK_POLL) the server keeps
MkDocs' poller, and a server without the internals the swap needs is left as it is.
"""
from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

from playbook.outputs.publish import POLL_ENV
from plugins import watcher


@pytest.fixture()
def server(tmp_path, monkeypatch):
    monkeypatch.delenv(POLL_ENV, raising=False)
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "goal.yml").write_text("title: A goal\n", encoding="utf-8")
    live = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    live.watch(str(folder))
    yield live, folder
    live.observer.stop()


def wants_rebuild(live, change, seconds: float = 3.0) -> bool:
    with live._rebuild_cond:
        live._want_rebuild = False
    change()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with live._rebuild_cond:
            if live._want_rebuild:
                return True
        time.sleep(0.02)
    return False


def atomic_save(folder: Path) -> None:
    aside = folder / ".goal.yml.tmp"
    aside.write_text("title: Saved aside\n", encoding="utf-8")
    os.replace(aside, folder / "goal.yml")


CHANGES = {
    "write": lambda folder: (folder / "goal.yml").write_text("title: Edited\n", encoding="utf-8"),
    "new file": lambda folder: (folder / "kpi.yml").write_text("title: A KPI\n", encoding="utf-8"),
    "deleted": lambda folder: (folder / "goal.yml").unlink(),
    "atomic save": atomic_save,
    "appended": lambda folder: (folder / "goal.yml").open("a", encoding="utf-8").close(),
}


@pytest.mark.parametrize("name", CHANGES)
def test_a_change_is_noticed_by_the_native_observer(server, name):
    live, folder = server
    assert watcher.use_native(live)
    assert not isinstance(live.observer, PollingObserver)
    live.observer.start()
    time.sleep(0.2)
    assert wants_rebuild(live, lambda: CHANGES[name](folder))


def test_reading_every_file_is_no_change(server):
    live, folder = server
    for n in range(20):
        (folder / f"kpi-{n}.yml").write_text(f"title: KPI {n}\n", encoding="utf-8")
    assert watcher.use_native(live)
    live.observer.start()
    time.sleep(0.3)

    def read_all() -> None:
        for path in folder.iterdir():
            path.read_bytes()
    assert not wants_rebuild(live, read_all, seconds=1.0)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify")
def test_the_system_is_not_asked_of_files_opened_or_read(server):
    """A rebuild opens every content file: had the observer asked inotify of those events too, the
    system would queue two for each file at every rebuild, for its thread to take in turn."""
    from watchdog.observers.inotify_c import InotifyConstants

    live, __ = server
    assert watcher.use_native(live)
    live.observer.start()
    emitters = list(live.observer.emitters)
    assert emitters
    for emitter in emitters:
        mask = emitter.get_event_mask_from_filter()
        assert mask & InotifyConstants.IN_CLOSE_WRITE and mask & InotifyConstants.IN_MODIFY
        assert not mask & (InotifyConstants.IN_OPEN | InotifyConstants.IN_CLOSE_NOWRITE | InotifyConstants.IN_ACCESS)


def test_watches_added_later_are_native_and_filtered(server, tmp_path):
    live, __ = server
    assert watcher.use_native(live)
    later = tmp_path / "docs"
    later.mkdir()
    (later / "index.md").write_text("# Home\n", encoding="utf-8")
    live.watch(str(later))  # as MkDocs does for `watch:` folders after on_serve
    live.observer.start()
    time.sleep(0.2)
    assert not wants_rebuild(live, (later / "index.md").read_text, seconds=1.0)
    assert wants_rebuild(live, lambda: (later / "index.md").write_text("# Changed\n", encoding="utf-8"))


@pytest.mark.parametrize("value", ["1", "yes"])
def test_poll_keeps_the_poller(server, monkeypatch, value):
    live, __ = server
    monkeypatch.setenv(POLL_ENV, value)
    assert not watcher.use_native(live)
    assert isinstance(live.observer, PollingObserver)


def test_a_server_without_the_internals_is_left_alone():
    class Other:
        observer = object()
    other = Other()
    assert not watcher.use_native(other)
    assert other.observer is Other.observer


def test_playbook_serve_poll_sets_the_variable(tmp_path, monkeypatch):
    from playbook.cli import commands
    seen = {}
    monkeypatch.setattr(commands, "serve", lambda config, env, addr: seen.update(env) or 0)
    monkeypatch.delenv(POLL_ENV, raising=False)
    assert commands.main(["serve", "--poll"]) == 0 and seen.get(POLL_ENV) == "1"
    seen.clear()
    assert commands.main(["serve"]) == 0 and POLL_ENV not in seen


def builds_after(live, change, settle: float = 1.5) -> int:
    """How many rebuilds the server's own loop starts for `change`, once it has settled."""
    built = []
    live.builder = lambda: built.append(time.monotonic())
    loop = threading.Thread(target=live._build_loop, daemon=True)
    loop.start()
    try:
        change()
        time.sleep(settle)
    finally:
        with live._rebuild_cond:
            live._shutdown = True
            live._rebuild_cond.notify_all()
        loop.join(5)
    return len(built)


SAVES = {
    "atomic save": atomic_save,
    "write twice": lambda folder: [(folder / "goal.yml").write_text(f"title: Edit {n}\n", encoding="utf-8") for n in (1, 2)],
    "save and a new file": lambda folder: (atomic_save(folder), (folder / "kpi.yml").write_text("title: K\n", encoding="utf-8")),
}


@pytest.mark.parametrize("name", SAVES)
def test_one_save_is_one_rebuild_under_the_native_observer(server, name):
    live, folder = server
    assert watcher.use_native(live)
    assert live.build_delay == watcher.SETTLE < 0.1
    live.observer.start()
    time.sleep(0.2)
    assert builds_after(live, lambda: SAVES[name](folder)) == 1


def test_the_poller_keeps_mkdocs_wait(server, monkeypatch):
    live, __ = server
    monkeypatch.setenv(POLL_ENV, "1")
    assert not watcher.use_native(live)
    assert live.build_delay == 0.1
