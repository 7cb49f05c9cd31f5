"""Action items for people: each initiative's numbered steps with owner, due date and state.

The initiative's page shows its own; the roadmap and the briefing book show those of every
initiative the edition shows, still-to-do ones in a table and done or dropped ones folded
below. An open or blocked item past its due date reads "overdue" (a word in a badge, and the
row marked), never by colour alone. Owners are read from the edition's copy, so a hidden
person reads "a restricted item".
"""
from __future__ import annotations

from collections import Counter

from markupsafe import Markup

from playbook.check.action_items import STATE_WORDS, ActionItem, action_items
from playbook.content.model import Entity
from playbook.i18n import N_, _
from playbook.site.render.context import Ctx
from playbook.site.render.fields import value
from playbook.site.render.formats import date, kind_title, label, number
from playbook.site.render.html import details, el, table, td

STATES = {**STATE_WORDS, "overdue": N_("overdue")}
ORDER = ("overdue", "blocked", "open", "unknown", "done", "dropped")
CLOSED = frozenset({"done", "dropped"})
OWNER_PATH = ("action_items", "*", "owner")


def shown_state(item: ActionItem, ctx: Ctx) -> str:
    return "overdue" if item.overdue(ctx.view.as_of) else item.state


def state_badge(state: str) -> Markup:
    return el("span", _(STATES[state]), class_=f"pb-state pb-state--{state}")


def _owner(initiative: Entity, item: ActionItem, ctx: Ctx) -> Markup:
    if not item.owner:
        return el("span", _("not named"), class_="pb-empty")
    return value(initiative, item.owner, {}, OWNER_PATH, ctx)


def _cells(initiative: Entity, item: ActionItem, ctx: Ctx, with_initiative: bool) -> list:
    cells = [ctx.link(initiative)] if with_initiative else []
    due = td(date(item.due), sort=item.due.isoformat()) if item.due else td("", sort="9999")
    return cells + [td(f"{item.number}. {item.title}", sort=f"{item.number:04d}"), _owner(initiative, item, ctx), due,
                    state_badge(shown_state(item, ctx))]


def _head(with_initiative: bool) -> list[str]:
    return ([kind_title("initiative")] if with_initiative else []) + [
        _("Action item"), label("owner"), _("Due"), _("State")]


def _rows(initiatives: list[Entity], ctx: Ctx, with_initiative: bool) -> list[tuple[str, list]]:
    return [(shown_state(item, ctx), _cells(initiative, item, ctx, with_initiative))
            for initiative in initiatives for item in action_items(initiative)]


def counts(rows: list[tuple[str, list]]) -> Markup:
    """'1 overdue, 2 open, 1 done.'"""
    found = Counter(state for state, __ in rows)
    return el("p", ", ".join(f"{number(found[s])} {_(STATES[s])}" for s in ORDER if found[s]) + ".",
              class_="pb-item-counts")


def action_item_blocks(initiatives: list[Entity], ctx: Ctx, with_initiative: bool = True) -> list:
    """How many items are in each state, the items still to do, then done and dropped ones folded."""
    rows = _rows(initiatives, ctx, with_initiative)
    if not rows:
        return [el("p", _("No action items yet."), class_="pb-empty")]
    head = _head(with_initiative)
    ahead = [cells for state, cells in rows if state not in CLOSED]
    closed = [cells for state, cells in rows if state in CLOSED]
    return [counts(rows),
            table(head, ahead, sortable=with_initiative, class_="pb-action-items") if ahead
            else el("p", _("Every action item is done or dropped."), class_="pb-empty"),
            details(_("Done and dropped action items ({count})", count=number(len(closed))),
                    table(head, closed, sortable=False, class_="pb-action-items")) if closed else None]
