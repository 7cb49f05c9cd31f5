"""Helpers to build real sites with the real MkDocs in temporary folders and read their HTML."""
from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

REPO = Path(__file__).resolve().parents[1]

MKDOCS_YML = """\
site_name: Test playbook
docs_dir: docs
site_dir: site
theme:
  name: material
  font: false
plugins:
  - search
  - tags
  - playbook:
      content_dir: content
{options}
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
"""


def write_project(folder: Path, files: dict[str, str], options: str = "", mkdocs_yml: str | None = None) -> Path:
    """A project folder with mkdocs.yml, an empty docs/ and the given content files."""
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text(mkdocs_yml or MKDOCS_YML.format(options=options), encoding="utf-8")
    for name, text in files.items():
        path = folder / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def copy_sample(folder: Path) -> Path:
    """The repository's own mkdocs.yml and content/, copied into folder."""
    shutil.copytree(REPO / "content", folder / "content")
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


def mkdocs_build(folder: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build` in the folder; `env` adds to this process's environment."""
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=folder,
                          capture_output=True, text=True, timeout=600, env={**os.environ, **(env or {})})


def edition_build(project: Path, site: str, edition: str, as_of: str, *args: str, ok: bool = True) -> Path:
    """The sample-like project built by `mkdocs build` into its folder `site`, as `edition` on `as_of`;
    the build is asserted to succeed (or, with `ok=False`, to fail)."""
    from playbook.outputs.publish import AS_OF_ENV, EDITION_ENV

    done = mkdocs_build(project, "-d", site, *args, env={AS_OF_ENV: as_of, EDITION_ENV: edition})
    assert (done.returncode == 0) is ok, done.stderr
    return project / site


def files_of(folder: Path) -> dict[str, Path]:
    """Every file and link under `folder`, by its path relative to it."""
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file() or p.is_symlink()}


class Links(HTMLParser):
    """Every element of a page, with the attributes that point somewhere."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def hrefs(self) -> list[str]:
        return [a["href"] for t, a in self.elements if t == "a" and a.get("href")]

    def loads(self) -> list[str]:
        """URLs the browser fetches on its own: scripts, styles, images, frames, icons."""
        urls = []
        for tag, attrs in self.elements:
            if tag in ("script", "img", "iframe", "audio", "video", "source", "embed", "track"):
                urls.append(attrs.get("src"))
            elif tag == "link" and attrs.get("rel") not in ("canonical",):
                urls.append(attrs.get("href"))
            elif tag == "object":
                urls.append(attrs.get("data"))
            elif tag in ("image", "use"):
                urls.append(attrs.get("href") or attrs.get("xlink:href"))
        return [u for u in urls if u]


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def page_url(site: Path, page: Path) -> str:
    return "http://site.test/" + page.relative_to(site).as_posix()


def broken_links(site: Path) -> tuple[int, list[tuple[str, str]]]:
    """(same-site links checked, (page, href) of those landing on no file)."""
    broken, checked = [], 0
    for page in html_pages(site):
        for href in parse(page).hrefs():
            target = resolve(site, page, href)
            if target is not None:
                checked += 1
                if not target.exists():
                    broken.append((page.relative_to(site).as_posix(), href))
    return checked, broken


def resolve(site: Path, page: Path, href: str) -> Path | None:
    """The file a same-site link lands on, or None for links leaving the site."""
    url, _ = urldefrag(urljoin(page_url(site, page), href))
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or parts.netloc != "site.test":
        return None
    target = site / parts.path.lstrip("/")
    return target / "index.html" if parts.path.endswith("/") or target.is_dir() else target


def in_language(folder: Path, theme_language: str | None, plugin_language: str | None = None,
                as_of: str | None = None) -> Path:
    """The project's mkdocs.yml with `theme.language` (and the plugin's own `language`, `as_of`) set."""
    path = folder / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    if theme_language:
        text = text.replace("  name: material\n", f"  name: material\n  language: {theme_language}\n", 1)
    extra = "".join(f"      {key}: {value}\n" for key, value in (("language", plugin_language), ("as_of", as_of)) if value)
    text = text.replace("      content_dir: content\n", "      content_dir: content\n" + extra, 1)
    path.write_text(text, encoding="utf-8")
    return folder


def search_record(shard: bytes) -> dict:
    """The record search keeps of a page it indexed (a Pagefind fragment, decompressed):
    its `url` (from the site's root, e.g. /kpis/x/), `content`, `meta` (its title) and `anchors`."""
    return json.loads(gzip.decompress(shard).removeprefix(b"pagefind_dcd"))


def search_records(site: Path) -> list[dict]:
    """The record of every page the site's search index holds, in any of its shards."""
    return [search_record(p.read_bytes()) for p in sorted((site / "pagefind").glob("**/fragment/*.pf_fragment"))]
