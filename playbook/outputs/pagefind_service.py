"""Pagefind's indexer as a service: pages handed over one at a time, the index's files handed back.

Pagefind runs as a child process (`pagefind --service`) that reads requests on its input and
answers on its output, each a JSON object in base64 followed by a comma: the protocol its own
Python and Node packages speak. Its Python package waits a tenth of a second before it reads each
answer, which made 1,000 pages take 100 s; here a thread reads the answers as they come.

Nothing is written for Pagefind to read, and pages are indexed in the order they are handed
over. That order sets the names of the index's files: the same pages in the same order give the
same index, byte for byte, wherever they came from. Refusals are `SearchIndexError`, in one line.
"""
from __future__ import annotations

import atexit
import base64
import contextlib
import json
import os
import signal
import subprocess
import threading
from collections import deque
from collections.abc import Iterator
from functools import partial
from pathlib import PurePosixPath

from pagefind.service import get_executable

from playbook.outputs.publish import STOP_SIGNALS, die_with_parent, signals_blocked


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


class PagefindService:
    """One index, made by one Pagefind process: `add` pages, then take its `files`, or `close` to
    drop it. In the `background` (under `serve`), Pagefind runs on one thread at the lowest priority."""

    def __init__(self, background: bool = False, config: dict | None = None) -> None:
        binary = get_executable()
        if binary is None:
            raise SearchIndexError("Pagefind's program is not installed (pip install 'pagefind[bin]')")
        env = {**os.environ, "RAYON_NUM_THREADS": "1"} if background else None
        try:  # unbuffered: a thread cut off at the process's end leaves no half-written buffer to flush
            with signals_blocked():  # until the child ignores Ctrl-C: see _child_setup
                self._child = subprocess.Popen([str(binary), "--service"], bufsize=0, stdin=subprocess.PIPE,
                                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                               preexec_fn=partial(_child_setup, background))
        except OSError as exc:
            raise SearchIndexError(f"Pagefind could not start: {exc.strerror or exc}: {binary}") from None
        _running[self._child] = background
        self._sent = 0
        self._answers: dict[int, dict] = {}
        self._refusals: list[str] = []
        self._garbled = False
        self._ended = False  # Pagefind's output has ended: no more answers
        self._answered = threading.Condition()
        self._stderr: deque[str] = deque(maxlen=5)
        self._pages: dict[int, str] = {}  # the path of each page sent, by its request's number
        threading.Thread(target=self._read_answers, daemon=True, name="pagefind-answers").start()
        self._stderr_reader = threading.Thread(target=self._read_stderr, daemon=True, name="pagefind-stderr")
        self._stderr_reader.start()
        try:
            self._index = self._ask({"type": "NewIndex", "config": config or {}})["index_id"]
        except BaseException:
            self.close()
            raise

    def add(self, path: str, html: str) -> None:
        """Index `html` as the page written at `path`, relative to the site's folder."""
        self._pages[self._send({"type": "AddFile", "index_id": self._index, "file_path": path,
                                "file_contents": html})] = path

    def files(self) -> Iterator[tuple[str, bytes]]:
        """The index of every page added: each of its files, by its path in the bundle; then Pagefind
        stops. Pagefind's own writing of them is not used: it leaves the last files to be written
        after its answer, and stops at once when its input ends, so that they may stay empty."""
        try:
            answer = self._ask({"type": "GetFiles", "index_id": self._index})
            if self._refusals:
                raise SearchIndexError(f"Pagefind refused a page: {self._refusals[0]}")
        finally:
            self.close()
        try:
            listed = [(_bundle_path(file["path"]), file["content"]) for file in answer["files"]]
        except (KeyError, TypeError):
            raise SearchIndexError("Pagefind's answer does not list its files as its protocol does") from None
        for path, content in listed:
            try:
                yield path, base64.b64decode(content, validate=True)
            except (ValueError, TypeError):
                raise SearchIndexError(f"Pagefind's file {path} is not in base64") from None

    def close(self) -> None:
        """Stop Pagefind; an index not written is dropped."""
        with contextlib.suppress(OSError):
            self._child.stdin.close()
        if self._child.poll() is None:
            self._child.kill()
        self._child.wait()
        _running.pop(self._child, None)

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def _send(self, payload: dict) -> int:
        self._sent += 1
        message = json.dumps({"message_id": self._sent, "payload": payload}).encode("utf-8")
        data = memoryview(base64.b64encode(message) + b",")
        try:
            while data:
                data = data[self._child.stdin.write(data):]
        except OSError:  # Pagefind has stopped; `_stopped` says why
            raise self._stopped() from None
        return self._sent

    def _ask(self, payload: dict) -> dict:
        """Pagefind's answer to `payload`, once every request before it is answered too."""
        message = self._send(payload)
        with self._answered:
            self._answered.wait_for(lambda: message in self._answers or self._ended)
            answer = self._answers.pop(message, None)
        if answer is None:
            raise self._stopped()
        if answer.get("type") == "Error":
            raise SearchIndexError(f"Pagefind: {answer.get('message')}")
        return answer

    def _read_answers(self) -> None:
        """Every answer, until Pagefind's output ends; one it cannot take (outside the protocol,
        or too large to hold) stops Pagefind, and whoever waits is told."""
        try:
            parts: list[bytes] = []  # of the answer being read; the index's files come as one answer of megabytes
            while chunk := self._child.stdout.read(1 << 16):
                *complete, rest = chunk.split(b",")
                with self._answered:
                    for encoded in complete:
                        parts.append(encoded)
                        message, parts = b"".join(parts), []  # each form let go once the next is made
                        message = base64.b64decode(message, validate=True)
                        self._take(json.loads(message))
                    self._answered.notify_all()
                parts.append(rest)
        except BaseException:
            self._garbled = True
            with contextlib.suppress(OSError):
                self._child.kill()
        finally:
            with self._answered:
                self._ended = True
                self._answered.notify_all()

    def _take(self, answer) -> None:
        if not isinstance(answer, dict) or not isinstance(answer.get("payload"), dict):
            raise ValueError(answer)
        payload, message = answer["payload"], answer.get("message_id")
        if payload.get("type") == "IndexedFile":  # a page's answer: nothing waits for it
            return
        if not isinstance(message, int) and message is not None:
            raise ValueError(answer)
        if payload.get("type") == "Error":
            page = self._pages.get(message)
            self._refusals.append(f"{page}: {payload.get('message')}" if page else str(payload.get("message")))
        self._answers[message] = payload

    def _read_stderr(self) -> None:
        pending = b""
        while chunk := self._child.stderr.read(1 << 12):
            *lines, pending = (pending + chunk).split(b"\n")
            self._stderr.extend(text for line in lines if (text := line.decode("utf-8", "replace").strip())
                                and not text.startswith("note: run with `RUST_BACKTRACE"))
        if pending.strip():
            self._stderr.append(pending.decode("utf-8", "replace").strip())

    def _stopped(self) -> SearchIndexError:
        if self._child.poll() is None:  # its output has ended: it can answer no more
            self._child.kill()
        code = self._child.wait()
        if _ending.is_set():  # the process is ending and has stopped Pagefind: this thread ends with it, quietly
            threading.Event().wait()
        self._stderr_reader.join(timeout=5)  # its last words
        last = ("it answered outside its protocol" if self._garbled else
                self._stderr[-1] if self._stderr else f"exit code {code}")
        return SearchIndexError(f"Pagefind stopped: {last}")


def _bundle_path(path: str) -> str:
    """A file's path in Pagefind's answer, relative and within the bundle, or a refusal."""
    parts = PurePosixPath(path).parts
    if not parts or parts[0] == "/" or ".." in parts or "\\" in path or "\0" in path:
        raise SearchIndexError(f"Pagefind named a file outside its bundle: {path!r}")
    return PurePosixPath(*parts).as_posix()


_running: dict[subprocess.Popen, bool] = {}
"""Pagefind's processes under way, each True if it indexes in the background: one still running
when this process ends stops with it."""
_ending = threading.Event()


def stop_background() -> None:
    """Stop every Pagefind indexing in the background (a server stopping): each index under way
    fails, and the site keeps the index it had."""
    for child, background in list(_running.items()):
        if background:
            with contextlib.suppress(ProcessLookupError):
                child.kill()


def _child_setup(background: bool) -> None:
    """In Pagefind's process before it starts: it stops when the thread that started it ends (a
    server stopped while indexing in the background); in the background, at the lowest priority.
    Ctrl-C, which the terminal sends to every process of the server, is left to the server: it
    stops the index it makes, and says nothing of the index being stopped.

    Stop signals are held back until here: a Python handler run in the child would print its
    traceback into the server's output, or fail the start. Held back, Ctrl-C is dropped, and
    any other stop ends the child at once, as it would end Pagefind."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN if signum == signal.SIGINT else signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    die_with_parent(signal.SIGTERM)
    if background:
        os.nice(19)


@atexit.register
def _stop_running() -> None:
    _ending.set()
    for child in list(_running):
        with contextlib.suppress(ProcessLookupError):
            child.kill()
