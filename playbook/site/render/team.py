"""The Team page and each person's "what is mine".

The Team page lists people against the roles playbook.yml names (a matrix), what
each one owns and runs (every relation that names them, read generically from
the schemas' inverse names), and then who holds each role and in which modes it
acts. A person's page gains "What is mine": what they own and run, what applies
to their department, and what falls due for them (`due_page.person_due`), with a link
to subscribe to it (`person_feeds`).
"""
from __future__ import annotations

from collections import Counter

from markupsafe import Markup

from playbook.check.site_paths import TEAM_PATH
from playbook.content.model import Entity
from playbook.i18n import _
from playbook.i18n.terms import kind_words
from playbook.site.render.context import Ctx
from playbook.site.render.due_page import person_due
from playbook.site.render.formats import count, kind_title, label, number, operations
from playbook.site.render.html import el, lines, table, td, ul
from playbook.site.render.markdown_page import SitePage, heading, make_page
from playbook.site.render.person_feeds import subscribe_link
from playbook.site.render.role_holders import (
    holder_people,
    holders,
    holds,
    in_order,
    responsibilities,
)
from playbook.site.render.view import by_title, title_key


def holdings(person: Entity, ctx: Ctx) -> list[tuple[str, list[Entity]]]:
    """(relation, entities) for every relation that names the person, e.g. ('Owns', [...])."""
    return [(label(name), members) for name, members in ctx.view.incoming(person).items() if name != "people"]


def holdings_text(person: Entity, ctx: Ctx) -> str:
    named = {e.key for __, members in holdings(person, ctx) for e in members}  # each entity once, however it names them
    kinds = Counter(kind for kind, __ in named)
    return ", ".join(count(n, kind) for kind, n in sorted(kinds.items())) or _("nothing yet")


def team_page(ctx: Ctx) -> SitePage | None:
    """The Team page, or None when the playbook names no people."""
    ctx = ctx.at(TEAM_PATH)
    roles = ctx.view.config.roles
    people = sorted(ctx.view.of_kind("person"), key=title_key)
    if not people:
        return None
    head = [kind_title("person"), label("position")] + [_(title) for title, __ in roles.values()] + [_("Owns and runs")]
    rows = [[td(ctx.link(p), sort=p.title.casefold()), str(p.data.get("position") or "")]
            + [td(_("yes") if holds(p, role, ctx) else "", class_="pb-role-cell") for role in roles]
            + [holdings_text(p, ctx)] for p in people]
    blocks = [el("p", _("{people} and {roles} roles.", people=count(len(people), "person"),
                        roles=number(len(roles))), class_="pb-intro")]
    blocks.append(table(head, rows, class_="pb-team"))
    blocks.append(heading(label("roles")))
    items = []
    for role, (title, modes) in roles.items():
        acts = " " + _("(acts in: {modes})", modes=", ".join(_(ctx.view.config.modes[m]) for m in modes)) if modes else ""
        if not modes and role in ctx.view.config.stranded:
            acts = " " + _("(acts in no mode)")
        duties = responsibilities(role, ctx)
        items.append(Markup("{}{}: {}{}").format(el("strong", _(title)), acts, in_order(holders(role, ctx)),
                                                 ul(duties) if duties else ""))
    blocks.append(ul(items, class_="pb-roles"))
    return make_page(TEAM_PATH, _("Team"), blocks, description=_("Who does what: people, their roles and what they own."),
                     section=operations(), in_nav=True, wide=True)


def person_blocks(person: Entity, ctx: Ctx) -> list:
    view = ctx.view
    cards = [(name, ctx.links(by_title(members))) for name, members in holdings(person, ctx)]
    departments = view.related(person, "department", "department")
    policies = by_title(p for d in departments for p in view.related(d, "policies", "policy"))
    if policies:
        cards.append((_("Applies to my {department}", **kind_words()), ctx.links(policies)))
    own = [r for r in holder_people(person) if r in view.config.roles]  # the person's own order, then the role files'
    role_titles = [_(view.config.roles[r][0]) for r in own + [r for r in view.config.roles if r not in own and holds(person, r, ctx)]]
    if role_titles:
        cards.append((_("My roles"), ", ".join(role_titles)))
    body = [el("div", lines(el("p", title, class_="pb-card-title"), el("p", text)), class_="pb-card") for title, text in cards]
    blocks = [heading(_("What is mine")), el("div", lines(body), class_="pb-cards") if body
              else el("p", _("Nothing names this {person} yet.", **kind_words()), class_="pb-empty")]
    return blocks + person_due(person, ctx) + [subscribe_link(person, ctx)]
