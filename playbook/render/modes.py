"""A page per operating mode other than the default: what to do, say, "In an incident".

Who decides and acts (the roles playbook.yml ties to the mode, and the people who
hold them), the procedures to follow (policies tied to the mode), the tactics that
run in it, how often to post and how fast to answer on each channel (the posting
plans for the mode), and the accounts used (the active accounts of those channels,
or the accounts tied to the mode). The home page links to each.
"""
from __future__ import annotations

from markupsafe import Markup

from ..operations import accounts
from .calendar import frequency_text, plans
from .context import Ctx
from .formats import OPERATIONS
from .html import el, table, ul
from .page import SitePage, heading, make_page
from .team import roles_of
from .view import title_key


def mode_path(mode: str) -> str:
    return f"modes/{mode}.md"


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
            items.append(Markup("{}: {}").format(el("strong", title), ctx.links(holders, "nobody yet")))
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
        for _, account in accounts(channel):
            if account.get("status", "active") == "active" and (planned or tied_to(account, mode)):
                items.append(Markup("{} on {}").format(str(account.get("handle")), ctx.link(channel)))
    return items


def mode_page(mode: str, ctx: Ctx) -> SitePage:
    path = mode_path(mode)
    ctx = ctx.at(path)
    view = ctx.view
    title = view.config.modes[mode]
    procedures = [p for p in sorted(view.of_kind("policy"), key=title_key) if tied_to(p.data, mode)]
    tactics = [t for t in sorted(view.of_kind("tactic"), key=title_key) if tied_to(t.data, mode)]
    rows = posting_rows(mode, ctx)
    sections = [
        ("Who decides and acts", ul(acting(mode, ctx)) or el("p", "No role is tied to this mode in playbook.yml.", class_="pb-empty")),
        ("Procedures to follow", ul([ctx.link(p) for p in procedures])
         or el("p", "No procedure is tied to this mode.", class_="pb-empty")),
        ("How often to post and how fast to answer",
         table(["Channel", "Posting", "First response", "Best practices"], rows, sortable=False) if rows
         else el("p", "No posting plan for this mode.", class_="pb-empty")),
        ("Accounts used", ul(used_accounts(mode, ctx)) or el("p", "No account is used in this mode.", class_="pb-empty")),
        ("Tactics in this mode", ul([ctx.link(t) for t in tactics]) or el("p", "No tactic is tied to this mode.", class_="pb-empty")),
    ]
    blocks = [el("p", f"What changes when the playbook runs in the mode '{title}'.", class_="pb-intro")]
    for name, block in sections:
        blocks += [heading(name), block]
    return make_page(path, title, blocks, description=f"Who acts, what to follow and how to post: {title}.",
                     section=OPERATIONS, in_nav=True)


def modes_in_use(ctx: Ctx) -> list[str]:
    """The modes other than the default one that a tactic, policy, account or posting plan is tied to."""
    view = ctx.view
    used = [mode for mode in list(view.config.modes)[1:]
            if any(tied_to(e.data, mode) for kind in ("tactic", "policy") for e in view.of_kind(kind))
            or any(plans(c, mode, view.config.default_mode) or any(tied_to(a, mode) for _, a in accounts(c))
                   for c in view.of_kind("channel"))]
    return used


def mode_pages(ctx: Ctx) -> list[SitePage]:
    """A page for each mode in use other than the default one."""
    return [mode_page(mode, ctx) for mode in modes_in_use(ctx)]
