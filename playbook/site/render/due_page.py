"""The "What's due" page: what falls due in this edition (`playbook.living.deadlines`), grouped by owner.

Made from the edition's copy of the graph, so it holds only what the edition shows; an
owner who is a person the edition hides reads "a restricted item". Overdue items are
marked. Each person's page lists their own items (`person_due`). Who is due to do what is
an operational detail: the public edition has no such page.
"""
from __future__ import annotations

from markupsafe import Markup

from playbook.check.edition import Withheld
from playbook.check.site_paths import DUE_PATH, HOME_PATH
from playbook.content.model import DEFAULT_VISIBILITY, Entity
from playbook.i18n import N_, _
from playbook.i18n.terms import kind_words
from playbook.living.deadlines import DueItem
from playbook.site.render.context import Ctx, restricted
from playbook.site.render.formats import date, number, operations
from playbook.site.render.html import el, lines, table, td
from playbook.site.render.markdown_page import SitePage, heading, make_page

WHAT = {"measurement": N_("measurement"), "review": N_("review"), "milestone": N_("milestone"),
        "action item": N_("action item"), "access review": N_("access review"), "occurrence": N_("occurrence")}


def head() -> list[str]:
    return [_("Date"), _("What"), _("Of")]


def visible_items(ctx: Ctx) -> list[DueItem]:
    """What falls due in the edition; nothing below the internal one."""
    view = ctx.view
    return list(view.due) if view.allows(DEFAULT_VISIBILITY) else []


def rows(items: list[DueItem], ctx: Ctx) -> list[list]:
    as_of = ctx.view.as_of
    out = []
    for item in items:
        flag = el("span", _("Overdue"), class_="pb-state pb-state--overdue") if item.overdue(as_of) else None
        what = _(WHAT[item.what])
        what = f"{what}: {item.detail}" if item.detail else what
        of = ctx.link(item.entity) if item.entity else el("a", _("This plan"), href=ctx.href(HOME_PATH))
        out.append([td(lines(date(item.date), flag), sort=item.date.isoformat()), what, of])
    return out


def owner_text(item: DueItem, ctx: Ctx) -> Markup:
    """The owner: a link to the person, their name as written, or the restricted words."""
    if item.owner_id:
        return ctx.link(ctx.view.get("person", item.owner_id))
    if isinstance(item.owner, Withheld):
        return el("span", restricted(), class_="pb-restricted")
    return Markup(el("span", item.owner)) if item.owner else el("span", _("No owner named"), class_="pb-empty")


def due_page(ctx: Ctx) -> SitePage | None:
    """The page, or None when nothing falls due."""
    ctx = ctx.at(DUE_PATH)
    items = visible_items(ctx)
    if not items:
        return None
    groups: dict[str, list[DueItem]] = {}
    for item in items:
        groups.setdefault(item.owner_id or item.owner, []).append(item)
    overdue = sum(1 for i in items if i.overdue(ctx.view.as_of))
    blocks = [el("p", _("{count} items, {overdue} overdue, as of {date}: measurements by cadence, {policy} reviews, "
                        "milestones, action items, account access reviews and recurring reviews.", count=number(len(items)), overdue=number(overdue),
                        date=date(ctx.view.as_of), **kind_words()), class_="pb-intro")]
    for key, members in sorted(groups.items(), key=lambda kv: (isinstance(kv[0], Withheld), kv[0] == "", kv[1][0].date)):
        title = owner_text(members[0], ctx)
        blocks.append(el("section", lines(el("h2", title), table(head(), rows(members, ctx), class_="pb-due", listing=True)),
                         class_="pb-due-group"))
    return make_page(DUE_PATH, _("What's due"), blocks, description=_("What falls due, for whom: overdue first."),
                     section=operations(), in_nav=True, wide=True)


def person_due(person: Entity, ctx: Ctx) -> list:
    """The person's own items, for their page."""
    view = ctx.view
    mine = view.due_for(person) if view.allows(DEFAULT_VISIBILITY) else []
    return [heading(_("What is due"), 3), table(head(), rows(mine, ctx), class_="pb-due")] if mine else []
