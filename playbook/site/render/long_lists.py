"""A long relation list on an entity page: the first few entities, then a link to the whole list.

One relation can name thousands of entities (an initiative that addresses every goal, a goal
that a thousand tactics serve). An entity page names at most `SHOWN` of one relation, a
reference field or a backlink, and then says "and N more", linking to the whole list, which
the index page of the entity's kind holds under an anchor of its own (`full_lists`). So an
entity page weighs what a short list weighs, however large the playbook grows. What is
counted are the entities the edition shows: a hidden one is either not among the items at all
(a backlink) or "a restricted item" (a reference), which is not counted, and on a page cut short
is left to the whole list.
"""
from __future__ import annotations

from markupsafe import Markup

from playbook.check.site_paths import index_path
from playbook.content.model import Entity
from playbook.i18n import _n
from playbook.site.render.context import Ctx
from playbook.site.render.html import el

SHOWN = 10
"""The entities of one relation an entity page names before it links to the whole list."""
_RESTRICTED = 'class="pb-restricted"'


def anchor(entity: Entity, relation: str) -> str:
    """The anchor of the entity's whole list of one relation on its kind's index page (ids are slugs)."""
    return f"all-{entity.id}--{relation.replace('_', '-')}"


def is_long(items: list[Markup]) -> bool:
    """True when the items name more shown entities than an entity page names."""
    return len(_named(items)) > SHOWN


def bounded(items: list[Markup], entity: Entity, relation: str, ctx: Ctx) -> list[Markup]:
    """The items, or the first `SHOWN` entities they name and a link to the whole list."""
    named = _named(items)
    if len(named) <= SHOWN:
        return items
    more = len(named) - SHOWN
    link = el("a", _n("and {n} more", "and {n} more", more), href=ctx.href(index_path(entity.kind), anchor(entity, relation)),
              class_="pb-more")
    return named[:SHOWN] + [link]


def _named(items: list[Markup]) -> list[Markup]:
    return [item for item in items if _RESTRICTED not in item]
