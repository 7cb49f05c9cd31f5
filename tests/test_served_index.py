"""Under `serve`, the search index is made in the background while the next rebuild may already
be writing or removing pages, and the server may stop and delete its folder: a file gone
meanwhile costs that one index (a rebuild asks for the next), told in one line, never a
traceback from the worker."""
from __future__ import annotations

import errno
import logging
import shutil

import pytest

from playbook.outputs.site_search import SearchIndexError
from plugins import plugin, served_index


def gone(error):
    def index(site, order=None, background=False):
        raise error
    return index


@pytest.mark.parametrize("error", [
    FileNotFoundError(errno.ENOENT, "No such file or directory", "/srv/site/policies/p"),
    NotADirectoryError(errno.ENOTDIR, "Not a directory", "/srv/site/goals"),
    PermissionError(errno.EACCES, "Permission denied", "/srv/site/kpis/k/index.html"),
    IsADirectoryError(errno.EISDIR, "Is a directory", "/srv/site/index.html"),
    OSError(errno.EIO, "Input/output error", "/srv/site/print/index.html"),
])
def test_a_file_gone_while_indexing_is_one_line(monkeypatch, caplog, tmp_path, error):
    monkeypatch.setattr(plugin, "index_site", gone(error))
    with caplog.at_level(logging.WARNING):
        served_index.request(tmp_path, plugin._index_served)
        served_index.wait()
    [record] = [r for r in caplog.records if "search index" in r.getMessage()]
    assert record.levelno == logging.WARNING and error.filename in record.getMessage() and not record.exc_info


def test_an_index_refused_is_an_error(monkeypatch, caplog, tmp_path):
    monkeypatch.setattr(plugin, "index_site", gone(SearchIndexError("Pagefind failed")))
    with caplog.at_level(logging.WARNING):
        served_index.request(tmp_path, plugin._index_served)
        served_index.wait()
    assert [r.levelno for r in caplog.records if "Pagefind failed" in r.getMessage()] == [logging.ERROR]


def test_a_site_folder_removed_before_its_index_is_one_line(caplog, tmp_path):
    site = tmp_path / "site"
    (site / "goals" / "g").mkdir(parents=True)
    (site / "goals" / "g" / "index.html").write_text("<html><body><article>Goal</article></body></html>", encoding="utf-8")
    shutil.rmtree(site)
    with caplog.at_level(logging.WARNING):
        plugin._index_served(site)
    messages = [r.getMessage() for r in caplog.records if "playbook" in r.getMessage()]
    assert len(messages) == 1 and "search index" in messages[0]
