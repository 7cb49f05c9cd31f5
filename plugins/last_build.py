"""A full build over the site it built before: MkDocs' glue for `playbook.outputs.site_reuse`
and for the search index's `site_search.keep_last_index`.

`mkdocs build` empties the site's folder, then writes every file again. Before it empties it,
`LastBuild` sets the last build aside: its search index, for the new index to take the files the
two share, and the rest, for the build to write into. `take_back` puts back the files MkDocs
writes, once the plugins have settled them; `written` removes a page kept that was not written;
`failed` removes what was set aside, and what was kept and is still empty.
"""
from __future__ import annotations

import os
from pathlib import Path

from mkdocs.structure.files import Files

from playbook.outputs import site_reuse
from playbook.outputs.site_search import drop_last_index, keep_last_index


class LastBuild:
    """The last build of `site`, set aside; its search index too where the site has search."""

    def __init__(self, site: Path, search: bool) -> None:
        self.site, self.search = site, search
        self.kept: dict[str, bool] = {}  # the files kept to write into, each True if a page
        if search:
            keep_last_index(site)
        site_reuse.set_aside(site)

    def take_back(self, files: Files) -> None:
        written = {os.path.normpath(f.abs_dest_path): f.is_documentation_page() for f in files if f.inclusion.is_included()}
        self.kept = {path: written[path] for path in site_reuse.take_back(self.site, written)}

    def written(self) -> None:
        site_reuse.sweep(path for path, page in self.kept.items() if page)  # a static file may be empty

    def failed(self) -> None:
        if self.search:
            drop_last_index(self.site)
        site_reuse.drop(self.site)
        site_reuse.sweep(self.kept)
