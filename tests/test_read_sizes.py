"""A file is read for the size the system gives it, and still read whole, and still cut off at
the limit, when that size is wrong: a file that grows between the look and the read, a file the
system gives no size (a pipe, /proc), one that shrinks."""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from playbook.content import loader
from playbook.content.diagnostics import ContentError
from playbook.content.loader import MAX_FILE_BYTES, read_text

TEXT = "title: Grow online\nsupports: [a, b]\n" * 40


def _told(monkeypatch, size: int) -> None:
    """The system says the file has `size` bytes (as if it grew or shrank after the look)."""
    real = os.fstat

    def fstat(fd):
        result = real(fd)
        return os.stat_result((*result[:6], size, *result[7:]))

    monkeypatch.setattr(loader.os, "fstat", fstat)


@pytest.mark.parametrize("told", [0, 1, 10, len(TEXT) - 1])
def test_a_file_that_grew_after_the_look_is_read_whole(tmp_path, monkeypatch, told):
    (tmp_path / "goal.yml").write_text(TEXT, encoding="utf-8")
    _told(monkeypatch, told)
    assert read_text(tmp_path, "goal.yml") == TEXT


def test_a_file_that_shrank_after_the_look_is_what_it_holds(tmp_path, monkeypatch):
    (tmp_path / "goal.yml").write_text(TEXT, encoding="utf-8")
    _told(monkeypatch, len(TEXT) + 500)
    assert read_text(tmp_path, "goal.yml") == TEXT


@pytest.mark.parametrize("told", [0, 100, MAX_FILE_BYTES])
def test_a_file_that_grew_beyond_the_limit_is_refused(tmp_path, monkeypatch, told):
    (tmp_path / "huge.yml").write_bytes(b"#" * (MAX_FILE_BYTES + 4096))
    _told(monkeypatch, told)
    with pytest.raises(ContentError) as refused:
        read_text(tmp_path, "huge.yml")
    assert refused.value.diagnostic.code == "PB003"
    assert f"{MAX_FILE_BYTES + 1:,} bytes" in refused.value.diagnostic.message  # no more than the limit was read


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_a_file_the_system_gives_no_size_is_read_whole():
    assert os.stat("/proc/self/status").st_size == 0
    text = read_text(Path("/proc/self"), "status")
    assert "Name:" in text and "Pid:" in text and text.endswith("\n")


@pytest.mark.parametrize("size", [5, 70_000, MAX_FILE_BYTES + 10])
def test_a_pipe_is_read_to_its_end_or_to_the_limit(tmp_path, size):
    fifo = tmp_path / "pipe.yml"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: _write_all(fifo, b"a" * size))
    writer.start()
    try:
        if size > MAX_FILE_BYTES:
            with pytest.raises(ContentError) as refused:
                read_text(tmp_path, "pipe.yml")
            assert refused.value.diagnostic.code == "PB003"
        else:
            assert read_text(tmp_path, "pipe.yml") == "a" * size
    finally:
        writer.join(timeout=10)


def _write_all(path: Path, data: bytes) -> None:
    try:
        with open(path, "wb") as out:
            out.write(data)
    except BrokenPipeError:  # the reader stopped at the limit
        pass
