"""A page per operating mode other than the default: what to do, say, "In an incident".

Who decides and acts (the roles playbook.yml ties to the mode, and the people who
hold them), the procedures to follow (policies tied to the mode), the tactics that
run in it, how often to post and how fast to answer on each channel (the posting
plans for the mode), and the accounts used (the active accounts of those channels,
or the accounts tied to the mode). The home page links to each.
"""
from __future__ import annotations

from markupsafe import Markup

from playbook.check.operations import accounts
from playbook.check.site_paths import mode_path
from playbook.i18n import _
from playbook.i18n.terms import kind_words
from playbook.site.render.calendar import frequency_text, plans
from playbook.site.render.context import Ctx
from playbook.site.render.formats import kind_title, label, operations
from playbook.site.render.html import el, table, ul
from playbook.site.render.markdown_page import SitePage, heading, make_page
from playbook.site.render.team import roles_of
from playbook.site.render.view import title_key


def tied_to(data: dict, mode: str) -> bool:
    """Whether an entity's fields, or an account, name the mode under `modes`."""
    modes = data.get("modes")
    return mode in ([modes] if isinstance(modes, str) else modes if isinstance(modes, list) else [])


def acting(mode: str, ctx: Ctx) -> list[Markup]:
    people = sorted(ctx.view.of_kind("person"), key=title_key)
    items = []
    for role, (title, modes) in ctx.view.config.roles.items():
        if mode in modes:
            holders = [p for p in people if role in roles_of(p)]
            items.append(Markup("{}: {}").format(el("strong", _(title)), ctx.links(holders, _("nobody yet"))))
    return items


def posting_rows(mode: str, ctx: Ctx) -> list[list]:
    rows = []
    for channel in sorted(ctx.view.of_kind("channel"), key=title_key):
        for plan in plans(channel, mode, ctx.view.config.default_mode):
            practices = plan.get("best_practices") or []
            rows.append([ctx.link(channel), frequency_text(plan), str(plan.get("first_response") or ""),
                         ul([str(p) for p in practices]) if practices else ""])
    return rows


def used_accounts(mode: str, ctx: Ctx) -> list[Markup]:
    items = []
    for channel in sorted(ctx.view.of_kind("channel"), key=title_key):
        planned = bool(plans(channel, mode, ctx.view.config.default_mode))
        for __, account in accounts(channel):
            if account.get("status", "active") == "active" and (planned or tied_to(account, mode)):
                items.append(_("{handle} on {channel}", handle=str(account.get("handle")), channel=ctx.link(channel)))
    return items


def mode_page(mode: str, ctx: Ctx) -> SitePage:
    path = mode_path(mode)
    ctx = ctx.at(path)
    view = ctx.view
    title = _(view.config.modes[mode])
    procedures = [p for p in sorted(view.of_kind("policy"), key=title_key) if tied_to(p.data, mode)]
    tactics = [t for t in sorted(view.of_kind("tactic"), key=title_key) if tied_to(t.data, mode)]
    rows = posting_rows(mode, ctx)
    words = kind_words()
    sections = [
        (_("Who decides and acts"), ul(acting(mode, ctx)) or el("p", _("No role is tied to this mode in playbook.yml."), class_="pb-empty")),
        (_("Procedures to follow"), ul([ctx.link(p) for p in procedures])
         or el("p", _("No procedure is tied to this mode."), class_="pb-empty")),
        (_("How often to post and how fast to answer"),
         table([kind_title("channel"), label("posting"), label("first_response"), label("best_practices")], rows, sortable=False)
         if rows else el("p", _("No posting plan for this mode."), class_="pb-empty")),
        (_("Accounts used"), ul(used_accounts(mode, ctx)) or el("p", _("No account is used in this mode."), class_="pb-empty")),
        (_("{kinds} in this mode", kinds=kind_title("tactic", plural=True)), ul([ctx.link(t) for t in tactics])
         or el("p", _("No {tactic} is tied to this mode.", **words), class_="pb-empty")),
    ]
    blocks = [el("p", _("What changes when the playbook runs in the mode \u2018{mode}\u2019.", mode=title), class_="pb-intro")]
    for name, block in sections:
        blocks += [heading(name), block]
    return make_page(path, title, blocks, description=_("Who acts, what to follow and how to post: {mode}.", mode=title),
                     section=operations(), in_nav=True)


def modes_in_use(ctx: Ctx) -> list[str]:
    """The modes other than the default one that a tactic, policy, account or posting plan is tied to."""
    view = ctx.view
    used = [mode for mode in list(view.config.modes)[1:]
            if any(tied_to(e.data, mode) for kind in ("tactic", "policy") for e in view.of_kind(kind))
            or any(plans(c, mode, view.config.default_mode) or any(tied_to(a, mode) for __, a in accounts(c))
                   for c in view.of_kind("channel"))]
    return used


def mode_pages(ctx: Ctx) -> list[SitePage]:
    """A page for each mode in use other than the default one."""
    return [mode_page(mode, ctx) for mode in modes_in_use(ctx)]
