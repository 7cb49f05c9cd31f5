"""The content model: entity kinds, the folders that hold them, and the loaded values.

Data flows files -> `Entity`/`Page`/`Series` (loader) -> checked `Graph` (refs,
checker) -> pages (render). This module holds only the plain values.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from playbook.content.safe_yaml import Located

# kind -> folder under the content root
KINDS: dict[str, str] = {
    "strategy": "strategies",
    "department": "departments",
    "goal": "goals",
    "tactic": "tactics",
    "kpi": "kpis",
    "audience": "audiences",
    "channel": "channels",
    "policy": "policies",
    "initiative": "initiatives",
    "maturity": "maturity",
    "relationship": "relationships",
    "theme": "themes",
    "person": "people",
    "role": "roles",
    "holding": "holding-statements",
    "exercise": "exercises",
}
FOLDER_KIND = {folder: kind for kind, folder in KINDS.items()}
PAGES_FOLDER = "pages"
MEASUREMENTS_FOLDER = "measurements"
CONFIG_FILE = "playbook.yml"

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID_LENGTH = 64
VISIBILITY_LEVELS = {"public": 0, "internal": 1, "confidential": 2}
DEFAULT_VISIBILITY = "internal"


def slugify(text: str) -> str:
    """The id a file stem would have if written by the slug rules."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:MAX_ID_LENGTH]


def visibility_of(data: dict) -> str:
    """The visibility the fields set; a wrong value (already an error) counts as the default.
    A draft is never public, whatever its field says."""
    value = data.get("visibility")
    value = value if isinstance(value, str) and value in VISIBILITY_LEVELS else DEFAULT_VISIBILITY
    return DRAFT_VISIBILITY if is_draft(data) and VISIBILITY_LEVELS[value] < VISIBILITY_LEVELS[DRAFT_VISIBILITY] else value


DRAFT_VISIBILITY = "internal"
"""The least a draft is held to: editions below it never show one."""


def is_draft(data) -> bool:
    return isinstance(data, dict) and data.get("draft") is True


def details_visibility(part: dict, key: str) -> str:
    """Who may see an operational field (`x-operational`) of a part such as an account: its
    `details_visibility`, one level for every such field or a level per field; default internal."""
    chosen = part.get("details_visibility")
    value = chosen.get(key) if isinstance(chosen, dict) else chosen
    return value if isinstance(value, str) and value in VISIBILITY_LEVELS else DEFAULT_VISIBILITY


@dataclass
class Entity:
    kind: str
    id: str
    file: str  # relative to the content root, with forward slashes
    doc: Located
    body: str | None = None
    body_line: int = 1

    @property
    def data(self) -> dict:
        return self.doc.value

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.id)

    @property
    def title(self) -> str:
        return str(self.data.get("title") or self.id)

    @property
    def visibility(self) -> str:
        return visibility_of(self.data)

    def loc(self, *path, key: bool = False) -> tuple[int, int]:
        return self.doc.loc(path, key=key)

    @property
    def draft(self) -> bool:
        return is_draft(self.data)

    @property
    def measurements_level(self) -> int:
        """Who may read a KPI's measurements: its `measurements_visibility`, never less than its own."""
        value = self.data.get("measurements_visibility")
        level = VISIBILITY_LEVELS.get(value, 0) if isinstance(value, str) else 0
        return max(level, VISIBILITY_LEVELS[self.visibility])


@dataclass
class Page:
    """A free Markdown page beside the entities."""

    path: str  # relative to the pages folder
    file: str  # relative to the content root
    doc: Located  # the front matter
    body: str
    body_line: int = 1
    kind = "page"  # its front matter is checked against page.schema.json like an entity's fields

    @property
    def meta(self) -> dict:
        return self.doc.value

    data = meta

    def loc(self, *path, key: bool = False) -> tuple[int, int]:
        return self.doc.loc(path, key=key)

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.path.rsplit("/", 1)[-1].removesuffix(".md"))

    @property
    def visibility(self) -> str:
        return visibility_of(self.meta)


@dataclass(frozen=True)
class Measurement:
    date: str  # ISO date
    value: float
    note: str
    line: int


@dataclass
class Series:
    """The measurements of one KPI, read from its CSV file."""

    kpi: str
    file: str
    points: list[Measurement] = field(default_factory=list)
