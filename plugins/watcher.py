"""Under `serve`, a saved file is noticed when the system says so, not at the next poll.

MkDocs' server polls every watched folder twice a second: a save waits up to half a second
to be noticed, and every poll reads the state of every file (15 ms of processor time at
1,000 entities, 145 ms at 10,000, twice a second for as long as it serves). `use_native`
moves the server's watches to watchdog's native observer (inotify on Linux, FSEvents on
macOS, ReadDirectoryChangesW on Windows), which the system tells of each change. Where
it cannot watch (no such interface, too many folders), the poller stays. On a folder
whose changes the system does not report (some network drives, a folder shared into a
container), `playbook serve --poll` keeps MkDocs' poller.

Once a change is noticed, MkDocs waits until no other has come for `build_delay` (0.1 s),
so that the files a poll finds changed together are built together. The system reports
each change as it happens: an editor's save (a write, or a write aside and a rename) comes
within a few milliseconds, so the native observer waits `SETTLE` instead. Changes that go
on longer (a checkout of many files) start a second rebuild when the first is done, as they
do under MkDocs.
"""
from __future__ import annotations

import os

from mkdocs.plugins import get_plugin_logger

from playbook.outputs.publish import POLL_ENV

log = get_plugin_logger(__name__)

SETTLE = 0.03
"""Seconds without a further change before a rebuild starts, under the native observer."""


def use_native(server) -> bool:
    """Watch what the server watches with the native observer; False (the poller stays) when
    the server's internals or the system's interface are not there."""
    if os.environ.get(POLL_ENV) or not all(hasattr(server, a) for a in ("observer", "_watch_refs")):
        return False
    try:
        native = _native()
        refs = {path: native.schedule(handler, path, recursive=watch.is_recursive)
                for path, watch in server._watch_refs.items()
                for handler in server.observer._handlers.get(watch, ())}
    except (ImportError, AttributeError, OSError) as exc:
        log.info(f"playbook: watching for changes by polling ({exc})")
        return False
    server.observer, server._watch_refs = native, refs
    server.build_delay = min(getattr(server, "build_delay", SETTLE), SETTLE)
    return True


def _native():
    """The system's observer, told only of the events that change a file (also for the folders
    the server is asked to watch later). A build opens and reads every content file: asked for
    those events too, the system queued two for each file at every rebuild, and the observer's
    thread took them one by one while the rebuild ran."""
    from watchdog.observers import Observer

    class ChangesObserver(Observer):
        def schedule(self, handler, path, recursive=False, **options):
            return super().schedule(handler, path, recursive=recursive, event_filter=_changes())

    return ChangesObserver()


def _changes() -> list:
    from watchdog import events

    return [events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent, events.FileMovedEvent,
            events.FileClosedEvent, events.DirCreatedEvent, events.DirModifiedEvent, events.DirDeletedEvent,
            events.DirMovedEvent]
