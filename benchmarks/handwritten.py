"""The baseline a user would write by hand: the same playbook as plain Markdown pages.

`write_handwritten(content, out)` reads a (generated) content folder with the
engine and writes one Markdown page per entity and free page into out/docs/: the
title, the body, every field as a list, the measurements of a KPI as a table and
the pages that point to it, with every reference a relative Markdown link. Two
configurations build the same pages with plain MkDocs + Material (search on, no
web fonts): `mkdocs.yml` leaves out `nav`, so MkDocs puts every page in the
sidebar (the hand-written site), and `mkdocs-floor.yml` keeps the entity pages
out of the sidebar, reached from the home page that links to them all (the
floor: the least any MkDocs build of these pages costs).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from playbook.check.checker import check
from playbook.check.graph import INLINE_REF, parse_ref
from playbook.content.model import KINDS, PAGES_FOLDER, Entity
from playbook.content.schemas import fields_of

from .generate import AS_OF

CONFIG = """\
site_name: Hand-written playbook
docs_dir: docs
site_dir: {site_dir}
theme:
  name: material
  font: false
plugins:
  - search
"""
FLOOR_CONFIG = CONFIG.format(site_dir="site-floor") + "not_in_nav: |\n" + "".join(
    f"  /{folder}/\n" for folder in [*KINDS.values(), PAGES_FOLDER])


def page_path(entity: Entity) -> str:
    return f"{KINDS[entity.kind]}/{entity.id}.md"


class Writer:
    """Renders the pages of one checked content folder."""

    def __init__(self, result):
        self.graph = result.graph
        self.ref_fields = {kind: {f.name: f.targets for f in fields_of(kind)} for kind in KINDS}

    def link(self, entity: Entity, text: str | None = None, up: str = "../") -> str:
        return f"[{text or entity.title}]({up}{page_path(entity)})"

    def target(self, text, targets) -> Entity | None:
        ref = parse_ref(text, 0, 0)
        if ref is None:
            return None
        kinds = [ref.kind] if ref.kind else targets
        return next((e for k in kinds if (e := self.graph.get(k, ref.id))), None)

    def inline(self, text: str, up: str) -> str:
        """Markdown with every [[kind:id|label]] written as a link."""
        def one(match):
            entity = self.graph.get(match[1], match[2])
            return self.link(entity, match[3], up) if entity else match[0]
        return INLINE_REF.sub(one, text)

    def field(self, entity: Entity, name: str, label: str, value, indent: str = "") -> list[str]:
        """The list items of one field; references become links."""
        if isinstance(value, dict):
            return [f"{indent}- **{label}**:", *[line for key, item in value.items()
                                                for line in self.field(entity, f"{name}.{key}", key, item, indent + "    ")]]
        if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
            return [f"{indent}- **{label}**:", *[line for i, item in enumerate(value, 1)
                                                for line in self.field(entity, name, str(i), item, indent + "    ")]]
        targets = self.ref_fields[entity.kind].get(name)
        items = value if isinstance(value, list) else [value]
        return [f"{indent}- **{label}**: " + ", ".join(self.scalar(v, targets) for v in items)]

    def scalar(self, value, targets) -> str:
        found = self.target(value, targets) if targets else None
        return self.link(found) if found else str(value)

    def entity(self, entity: Entity) -> str:
        out = [f"# {entity.title}", ""]
        if entity.body:
            out += [self.inline(entity.body.strip(), "../"), ""]
        out += ["## Details", ""]
        for key, value in entity.data.items():
            if key != "title":
                out += self.field(entity, key, key, value)
        series = self.graph.series.get(entity.id) if entity.kind == "kpi" else None
        if series:
            out += ["", "## Measurements", "", "| Date | Value | Note |", "|---|---:|---|"]
            out += [f"| {p.date} | {p.value:g} | {p.note} |" for p in series.points]
        incoming = self.graph.incoming(entity)
        if incoming:
            out += ["", "## Referenced by", ""]
            out += [f"- **{name}**: " + ", ".join(self.link(e) for e in sources) for name, sources in incoming.items()]
        return "\n".join(out) + "\n"

    def home(self) -> str:
        out = ["# Hand-written playbook", ""]
        for kind in KINDS:
            out += [f"## {kind.capitalize()}", ""]
            out += [f"- {self.link(e, up='')}" for e in self.graph.of_kind(kind)]
            out.append("")
        out += ["## Pages", ""] + [f"- [{p.title}]({PAGES_FOLDER}/{p.path})" for p in self.graph.pages]
        return "\n".join(out) + "\n"

    def files(self):
        """(path under docs/, Markdown) of every page."""
        yield "index.md", self.home()
        for entity in self.graph.entities.values():
            yield page_path(entity), self.entity(entity)
        for page in self.graph.pages:
            up = "../" * (page.path.count("/") + 1)
            yield f"{PAGES_FOLDER}/{page.path}", self.inline(page.body, up)


def write_handwritten(content: Path, out: Path) -> Path:
    """Write out/docs/, out/mkdocs.yml and out/mkdocs-floor.yml; return out/docs."""
    result = check(content, as_of=dt.date.fromisoformat(AS_OF))
    docs = out / "docs"
    for name, text in Writer(result).files():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (out / "mkdocs.yml").write_text(CONFIG.format(site_dir="site"), encoding="utf-8")
    (out / "mkdocs-floor.yml").write_text(FLOOR_CONFIG, encoding="utf-8")
    return docs
