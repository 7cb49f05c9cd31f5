"""`playbook render`: the complete site source, for a builder that runs no plugins.

The engine's pages (Markdown with inline SVG, each search section kept within what Zensical's
index holds: `search_sections`), its other files (assets, data, feeds) and the project's own
`docs_dir` files are written under `OUT/docs/`, and `OUT/mkdocs.yml` is the project's
configuration with the playbook plugin taken out and what the plugin would have set
put in: `docs_dir: docs`, the `nav` (entity pages stay out of the sidebar), the
stylesheet and script, after the project's Markdown extensions the one that hands the
pages' raw HTML through (`raw_html_blocks`), and the builder's link check off unless the
project has pages or a `validation` setting of its own. Zensical reads that file as it is
(`zensical build` in OUT), and so do MkDocs and ProperDocs. Content errors stop it before
anything is written; the edition filters before anything is rendered; the output is
written into a folder beside OUT and swapped in whole. OUT may not overlap the project's
sources, and may not be a file or a folder holding files that render did not write.
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from pathspec import GitIgnoreSpec

from playbook.check.checker import Result, check
from playbook.check.safe_url import is_web_address
from playbook.check.site_paths import edit_base
from playbook.content.model import VISIBILITY_LEVELS
from playbook.i18n import LanguageError
from playbook.outputs.output_guard import OutputError, refuse_overlap, write_file
from playbook.outputs.publish import (
    PublishError,
    content_name,
    plugin_options,
    refuse_unsafe_docs,
    scratch_folder,
    settings_of,
    sources_of,
    swap_in,
)
from playbook.outputs.raw_html_blocks import NAME as RAW_HTML_BLOCKS
from playbook.outputs.raw_html_blocks import marked
from playbook.outputs.search_sections import bounded
from playbook.site.all_pages import ASSETS, SiteOptions, build_site
from playbook.site.cms_page import CmsScriptMissing
from playbook.site.navigation import build_nav, tags_enabled

PLUGIN = "playbook"
LINKS_UNCHECKED = {"links": {"not_found": "ignore", "anchors": "ignore"}}
"""The builder's own link check, off when every page is the engine's: they do not need it (every link in
them is made from the checked graph, and a link written in content that leads to no page is PB109), and
it is Zensical's slowest step, a scan of every byte of every page. Pages of the project's own docs_dir
keep it, and so does a project that sets `validation`."""
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
ALWAYS_EXCLUDED = [".*", "/templates/"]  # what MkDocs and Zensical leave out of docs_dir besides exclude_docs
MARK = "# Written by playbook render: the site source for builders that run no plugins.\n"
"""The first line of the mkdocs.yml render writes: how a folder it wrote is known again."""


def without_plugin(plugins) -> list:
    """The plugins setting with the playbook plugin taken out."""
    entries = [{k: v} for k, v in plugins.items()] if isinstance(plugins, dict) else plugins or []
    return [e for e in entries if e != PLUGIN and not (isinstance(e, dict) and PLUGIN in e)]


def builder_config(settings: dict, pages, own_pages: bool = False) -> dict:
    """The builder's configuration; `own_pages`: the project's docs_dir holds Markdown pages of its own."""
    config = {key: value for key, value in settings.items() if key not in ("docs_dir", "site_dir", "nav", "plugins")}
    config["docs_dir"], config["site_dir"] = "docs", "site"
    config["plugins"] = without_plugin(settings.get("plugins"))
    config["nav"] = build_nav(pages)
    for key, suffix in (("extra_css", ".css"), ("extra_javascript", ".js")):
        config[key] = list(config.get(key) or []) + [a for a in ASSETS if a.endswith(suffix) and a not in (config.get(key) or [])]
    if "markdown_extensions" in config:  # when unset, each builder keeps its own defaults
        config["markdown_extensions"] = [*_listed(config["markdown_extensions"]), RAW_HTML_BLOCKS]
    if not own_pages:
        config.setdefault("validation", LINKS_UNCHECKED)
    return config


def has_own_pages(docs: Path, exclude_docs) -> bool:
    """Whether `docs` holds a Markdown page that a builder publishes (one `exclude_docs` does not leave out)."""
    if not docs.is_dir():
        return False
    spec = GitIgnoreSpec.from_lines(ALWAYS_EXCLUDED + (exclude_docs.splitlines() if isinstance(exclude_docs, str) else []))
    return any(path.suffix.lower() in MARKDOWN_SUFFIXES and not spec.match_file(path.relative_to(docs).as_posix())
               for path in docs.rglob("*") if path.is_file())


def _listed(extensions) -> list:
    return [{k: v} for k, v in extensions.items()] if isinstance(extensions, dict) else list(extensions or [])


@dataclass
class Source:
    """What `write_source` writes: the checked content and the pages of one edition."""
    project: Path
    settings: dict
    edition: str
    result: Result
    pages: list
    files: dict[str, bytes]  # the site's other files by their path in it


def prepare(config_file: Path, edition: str | None, as_of: dt.date | None) -> Source:
    """Check the content and render an edition's pages (none when the content has errors)."""
    if not config_file.is_file():
        raise PublishError(f"configuration file '{config_file}' does not exist")
    project, settings = config_file.parent, settings_of(config_file)
    refuse_unsafe_docs(config_file)
    options = plugin_options(settings)
    content = project / content_name(settings)
    if not content.is_dir():
        raise PublishError(f"content folder '{content}' does not exist")
    edition = edition or options.get("edition") or "internal"
    if not isinstance(edition, str) or edition not in VISIBILITY_LEVELS:
        raise PublishError(f"'{config_file}': the playbook plugin's edition '{edition}' is not one of "
                           f"{', '.join(VISIBILITY_LEVELS)}")
    result = check(content, as_of=as_of)
    if result.errors:
        return Source(project, settings, edition, result, [], {})
    directory_urls = settings.get("use_directory_urls", True) is not False
    names = [p if isinstance(p, str) else next(iter(p)) for p in without_plugin(settings.get("plugins"))]
    theme = settings.get("theme") if isinstance(settings.get("theme"), dict) else {}
    site = SiteOptions(edition, result.as_of, directory_urls, source_links=True, tags=tags_enabled(names),
                       language=options.get("language") or theme.get("language"), locale=options.get("locale"),
                       repo_url=settings.get("repo_url") if isinstance(settings.get("repo_url"), str) else None,
                       cms_script=project / str(options["cms_script"]) if options.get("cms_script") else None,
                       content_folder=content_name(settings),
                       site_url=settings.get("site_url") if is_web_address(settings.get("site_url")) else None,
                       edit_base=edit_base(settings.get("repo_url"), settings.get("edit_uri"),
                                           str(settings.get("docs_dir") or "docs"), content_name(settings)))
    try:
        built = build_site(result, site)
    except (LanguageError, CmsScriptMissing) as exc:
        raise PublishError(str(exc)) from None
    return Source(project, settings, edition, result, built.pages, built.files)


def write_source(folder: Path, source: Source) -> None:
    """The project's docs_dir files, the pages, the other files (assets, feeds) and mkdocs.yml, under `folder`."""
    docs = source.project / str(source.settings.get("docs_dir") or "docs")
    if docs.is_dir():
        shutil.copytree(docs, folder / "docs", dirs_exist_ok=True)
    for page in source.pages:
        write_file(folder / "docs" / page.path, marked(bounded(page.markdown)))
    for path, data in source.files.items():
        write_file(folder / "docs" / path, data)
    config = builder_config(source.settings, source.pages, has_own_pages(docs, source.settings.get("exclude_docs")))
    write_file(folder / "mkdocs.yml", MARK + json.dumps(config, indent=2, ensure_ascii=False, default=str) + "\n")


def refuse_replacing(target: Path) -> None:
    """OutputError unless `target` is missing, an empty folder or one render wrote: it is replaced whole."""
    if target.exists() and not target.is_dir():
        raise OutputError(f"'{target}' is a file; render writes a folder, which it replaces whole")
    if target.is_dir() and any(target.iterdir()) and not _rendered(target):
        raise OutputError(f"'{target}' holds files that 'playbook render' did not write, and render replaces "
                          "its folder whole; give a new or empty folder")


def _rendered(folder: Path) -> bool:
    try:
        with open(folder / "mkdocs.yml", encoding="utf-8", errors="replace") as handle:
            return handle.read(len(MARK)) == MARK
    except OSError:
        return False


def render(config_file: Path, out: Path, edition: str | None, as_of: dt.date | None) -> Source:
    """Write the site source into `out`, whole or not at all. Raises PublishError or
    OutputError for usage problems; writes nothing when the content has errors."""
    target = Path(out).absolute()
    if config_file.is_file():
        refuse_overlap(target, config_file.parent, sources_of(config_file))
    refuse_replacing(target)
    source = prepare(config_file, edition, as_of)
    if source.result.errors:
        return source
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = scratch_folder(target, "tmp")
    try:
        write_source(tmp, source)
        swap_in(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return source
