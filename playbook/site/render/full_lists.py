"""The whole of every relation list that the entity pages of one kind cut short.

An entity page names the first few entities of a long relation and links to the whole list
(`long_lists`); the kind's index page (the common table, the policy register, the maturity grid,
the risk register) ends with those lists, each under its anchor: the entity's reference
fields, then what references it, as the entity page shows them. A listing of other pages,
it is left out of search.
"""
from __future__ import annotations

from markupsafe import Markup

from playbook.content.schemas import fields_of
from playbook.i18n import _
from playbook.site.render.context import Ctx
from playbook.site.render.entity import listed_elsewhere
from playbook.site.render.fields import ref_items
from playbook.site.render.formats import label, number
from playbook.site.render.html import el, lines, ul
from playbook.site.render.long_lists import SHOWN, anchor, is_long
from playbook.site.render.markdown_page import heading
from playbook.site.render.view import title_key


def full_lists(kind: str, ctx: Ctx) -> list:
    """A section with each long list of the kind's entities, or nothing when none is long."""
    lists = [_full_list(entity, relation, items, ctx) for entity in sorted(ctx.view.of_kind(kind), key=title_key)
             for relation, items in _relations(entity, ctx) if is_long(items)]
    return [heading(_("Complete lists")), el("div", lines(lists), class_="pb-full-lists", data_search_exclude=True)] if lists else []


def _relations(entity, ctx: Ctx) -> list[tuple[str, list[Markup]]]:
    """(relation, items) of each reference field the entity fills with more entities than a page
    names (an index's column may cut one short too), then of each backlink its page cuts short:
    one not all listed in its chain. What is too short to be cut is never rendered."""
    fields = [(ref.path[0], ref_items(entity.data[ref.path[0]], ref, ctx)) for ref in fields_of(entity.kind)
              if len(ref.path) == 1 and _longer(entity.data.get(ref.path[0]))]
    incoming = {name: sources for name, sources in ctx.view.incoming(entity).items() if _longer(sources)}
    listed = listed_elsewhere(entity, ctx) if incoming else set()
    return fields + [(name, [ctx.link(s) for s in sources]) for name, sources in incoming.items()
                     if _longer([s for s in sources if s.key not in listed])]


def _longer(values) -> bool:
    """Whether a list holds more values than a page names (one item per value, `ref_items`)."""
    return isinstance(values, list) and len(values) > SHOWN


def _full_list(entity, relation: str, items: list[Markup], ctx: Ctx) -> Markup:
    title = _("{entity}: {relation} ({count})", entity=ctx.link(entity), relation=label(relation), count=number(len(items)))
    return lines(el("h3", title, id=anchor(entity, relation)), ul(items))
