"""Under `serve`, the search index is made again in the background, one run at a time.

A rebuilt page is served at once; `request(site)` asks for a new index of the site folder.
One worker thread makes it; requests that arrive while it runs are folded into one more run
when it is done, so the last index always follows the last build, and a rebuild never
waits for the index of the one before. When the server stops, `stop` drops what is asked for
and stops the run under way before the server removes the site.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

_lock = threading.Lock()
_wanted: dict[Path, Callable[[Path], None]] = {}  # site folder -> how to index it, once more
_worker: threading.Thread | None = None
_stopping = threading.Event()


def request(site: Path, index: Callable[[Path], None]) -> None:
    """Index `site` with `index` in the background, after any run under way."""
    global _worker
    with _lock:
        _stopping.clear()
        _wanted[site] = index
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_work, daemon=True, name="playbook-search-index")
            _worker.start()


def wait() -> None:
    """Until every requested index is made."""
    while True:
        with _lock:
            worker = _worker
        if worker is None or not worker.is_alive():
            return
        worker.join()


def stop(halt: Callable[[], None]) -> None:
    """Drop the indexes asked for, and `halt` the run under way until it has ended."""
    with _lock:
        _stopping.set()
        _wanted.clear()
    while True:
        with _lock:
            worker = _worker
        if worker is None or not worker.is_alive():
            return
        halt()  # again each time: a run may have started its indexer just after the last halt
        worker.join(timeout=0.1)


def stopping() -> bool:
    """True once `stop` is called, until the next request: a run's failure then is the stop."""
    return _stopping.is_set()


def _work() -> None:
    global _worker
    while True:
        with _lock:
            if not _wanted:
                _worker = None
                return
            site, index = _wanted.popitem()
        index(site)
