"""The generated pages an editor may link to from Markdown, by name: `[[page:team]]`, `[[mode:incident]]`.

A page's name is its path without `.md` (and without `/index.md` for a kind's index):
`[[page:home]]` (the home page, `index.md`), `[[page:scorecard]]`, `[[page:alignment]]`, `[[page:roadmap]]`, `[[page:team]]`,
`[[page:accounts]]` (the account registry), `[[page:calendar]]`, `[[page:due]]`, and
`[[page:goals]]`, `[[page:policies]]` ... for each kind's index. `[[mode:<id>]]` names
the page of an operating mode other than the default one. The paths come from the page
modules themselves, so a link goes where the site puts the page. The same paths are what
a relative Markdown link to a generated page names (`[Team](../team.md)`).

Whether a page exists is the edition's business: the checker knows every name that can
have a page, the renderer links only to the pages it rendered and leaves the others as
plain text.
"""
from __future__ import annotations

from playbook.check.site_paths import (
    ALIGNMENT_PATH,
    CALENDAR_PATH,
    DUE_PATH,
    HOME_PATH,
    REGISTRY_PATH,
    ROADMAP_PATH,
    SCORECARD_PATH,
    TEAM_PATH,
    index_path,
    mode_path,
)
from playbook.content.model import KINDS
from playbook.i18n import N_, _

PAGE_PATHS = (HOME_PATH, SCORECARD_PATH, ALIGNMENT_PATH, ROADMAP_PATH, TEAM_PATH, REGISTRY_PATH, CALENDAR_PATH, DUE_PATH,
              *(index_path(kind) for kind in KINDS))
TITLES = {TEAM_PATH: N_("Team"), REGISTRY_PATH: N_("Account registry"), CALENDAR_PATH: N_("Content calendar"),
          DUE_PATH: N_("What's due")}
"""The titles of the pages an edition may leave out, for the plain text that stands in for a link."""


def page_name(path: str) -> str:
    """`team.md` -> team, `goals/index.md` -> goals, the home page `index.md` -> home."""
    stem = path.removesuffix(".md")
    return "home" if stem == "index" else stem.removesuffix("/index")


def named_pages(modes: dict[str, str]) -> dict[tuple[str, str], str]:
    """(prefix, name) -> path of every generated page a link may name; `modes` as playbook.yml
    configures them (the first, the default mode, has no page of its own)."""
    pages = {("page", page_name(path)): path for path in PAGE_PATHS}
    pages.update({("mode", mode): mode_path(mode) for mode in list(modes)[1:]})
    return pages


def fallback_title(prefix: str, name: str, modes: dict[str, str]) -> str:
    """What a reference to a page this edition does not render reads as."""
    if prefix == "mode" and name in modes:
        return _(modes[name])
    path = named_pages(modes).get((prefix, name), "")
    return _(TITLES[path]) if path in TITLES else name
