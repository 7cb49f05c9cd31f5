"""A page per operating mode other than the default: what to do, say, "In an incident".

It answers the questions of the first hour, in order: who decides and who deputizes
(the roles that act in the mode or in every mode, their holders in order), who posts,
the first message and how soon it goes out, how to pause scheduled publishing, who holds
the recovery codes, which accounts are used, the partners to coordinate with, what to
watch, the last exercise and its open findings, and the holding statements still valid.
Then the procedures to follow, the posting plans and the tactics of the mode. The home
page links to each.
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
from playbook.site.render.mode_readiness import (
    account_name,
    first_message,
    last_exercise,
    partners,
    pause_by_tool,
    recovery_holders,
    statement_items,
    tied_to,
    used_accounts,
    watch_words,
    who_posts,
)
from playbook.site.render.role_holders import holders, in_order
from playbook.site.render.view import title_key


def acting(mode: str, ctx: Ctx) -> list[Markup]:
    """Each role that acts in the mode (or in every mode) and its holders in order."""
    config = ctx.view.config
    return [Markup("{}: {}").format(el("strong", _(title)), in_order(holders(role, ctx)))
            for role, (title, __) in config.roles.items() if config.acts_in(role, mode)]


def posting_rows(mode: str, ctx: Ctx) -> list[list]:
    rows = []
    for channel in sorted(ctx.view.of_kind("channel"), key=title_key):
        for plan in plans(channel, mode, ctx.view.config.default_mode):
            practices = plan.get("best_practices") or []
            where = Markup("{} ({})").format(ctx.link(channel), plan["account"]) if plan.get("account") else ctx.link(channel)
            rows.append([where, frequency_text(plan), str(plan.get("first_response") or ""),
                         ul([str(p) for p in practices]) if practices else ""])
    return rows


def or_empty(items: list, empty: str) -> Markup:
    return ul(items) or el("p", empty, class_="pb-empty")


def mode_page(mode: str, ctx: Ctx) -> SitePage:
    path = mode_path(mode)
    ctx = ctx.at(path)
    view = ctx.view
    title = _(view.config.modes[mode])
    procedures = [p for p in sorted(view.of_kind("policy"), key=title_key) if tied_to(p.data, mode)]
    tactics = [t for t in sorted(view.of_kind("tactic"), key=title_key) if tied_to(t.data, mode)]
    rows = posting_rows(mode, ctx)
    words = kind_words()
    exercise = last_exercise(mode, ctx)
    sections = [
        (_("Who decides and acts"), or_empty(acting(mode, ctx), _("No role acts in this mode."))),
        (_("Who posts"), or_empty(who_posts(mode, ctx), _("No approval route or manager is recorded for this mode."))),
        (_("The first message and how soon"), or_empty(first_message(mode, ctx), _("No first message is ready for this mode."))),
        (_("How to pause scheduled publishing"), or_empty(pause_by_tool(mode, ctx), _("No management tool is recorded."))),
        (_("Who holds the recovery codes"), or_empty(recovery_holders(mode, ctx), _("No credential custodian is recorded."))),
        (_("Accounts used"), or_empty([account_name(c, a, ctx) for c, __, a in used_accounts(mode, ctx)],
                                      _("No account is used in this mode."))),
        (_("Partners to coordinate with"), or_empty(partners(mode, ctx), _("No partner is tied to this mode."))),
        (_("What to watch"), or_empty(watch_words(mode, ctx), _("No listening keywords are set for this mode."))),
        (_("The last exercise"), exercise or el("p", _("This mode has not been exercised."), class_="pb-empty")),
        (_("Holding statements still valid"), or_empty(statement_items(mode, ctx), _("No holding statement is valid."))),
        (_("Procedures to follow"), or_empty([ctx.link(p) for p in procedures], _("No procedure is tied to this mode."))),
        (_("How often to post and how fast to answer"),
         table([kind_title("channel"), label("posting"), label("first_response"), label("best_practices")], rows, sortable=False)
         if rows else el("p", _("No posting plan for this mode."), class_="pb-empty")),
        (_("{kinds} in this mode", kinds=kind_title("tactic", plural=True)),
         or_empty([ctx.link(t) for t in tactics], _("No {tactic} is tied to this mode.", **words))),
    ]
    blocks = [el("p", _("What changes when the playbook runs in the mode \u2018{mode}\u2019.", mode=title), class_="pb-intro")]
    for name, block in sections:
        blocks += [heading(name), block]
    return make_page(path, title, blocks, description=_("Who acts, what to follow and how to post: {mode}.", mode=title),
                     section=operations(), in_nav=True)


MODE_KINDS = ("tactic", "policy", "holding", "exercise", "relationship")
"""Kinds whose entities can be tied to a mode (`modes`)."""


def modes_in_use(ctx: Ctx) -> list[str]:
    """The modes other than the default one that an entity, account or posting plan is tied to."""
    view = ctx.view
    return [mode for mode in list(view.config.modes)[1:]
            if any(tied_to(e.data, mode) for kind in MODE_KINDS for e in view.of_kind(kind))
            or any(plans(c, mode, view.config.default_mode) or any(tied_to(a, mode) for __, a in accounts(c))
                   for c in view.of_kind("channel"))]


def mode_pages(ctx: Ctx) -> list[SitePage]:
    """A page for each mode in use other than the default one."""
    return [mode_page(mode, ctx) for mode in modes_in_use(ctx)]
