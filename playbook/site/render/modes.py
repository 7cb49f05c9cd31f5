"""A page per operating mode other than the default: what to do, say, "In an incident".

It answers the questions of the first hour, in order: who decides and who deputizes
(the roles that act in the mode or in every mode, their holders in order), who posts,
the first message and how soon it goes out, how to pause scheduled publishing, who holds
the recovery codes, which accounts are used, the partners to coordinate with, what to
watch, the last exercise and its open findings, and the holding statements still valid.
Then the procedures to follow with their steps, a card per channel with its posting plan,
and the tactics of the mode. It is made to be read on a phone in a hurry: the decision maker
and the deputy have a tap-to-call link where the edition shows their phone, and every other
page of the site has a link to it at its top (`with_mode_bar`; the home page has a button).
The procedures and tactics of the mode and the people holding its roles link to it from
their pages (`mode_note`).
"""
from __future__ import annotations

from dataclasses import replace

from markupsafe import Markup

from playbook.check.operations import accounts
from playbook.check.site_paths import HOME_PATH, mode_path
from playbook.content.model import Entity
from playbook.i18n import _
from playbook.i18n.terms import kind_words
from playbook.site.render.body import body_html
from playbook.site.render.calendar import frequency_text, plans
from playbook.site.render.context import Ctx
from playbook.site.render.formats import kind_title, label, operations
from playbook.site.render.html import dl, el, lines, ul
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
from playbook.site.render.role_holders import (
    call_links,
    holder_people,
    holders,
    in_order,
    listed_people,
)
from playbook.site.render.view import title_key


def acting(mode: str, ctx: Ctx) -> list[Markup]:
    """Each role that acts in the mode (or in every mode) and its holders in order; the first two
    holders of a role made for the mode, the decision maker and the deputy, with a call link."""
    config = ctx.view.config
    out = []
    for role, (title, modes) in config.roles.items():
        if config.acts_in(role, mode):
            calls = call_links(role, ctx) if mode in modes else []
            out.append(lines(Markup("{}: {}").format(el("strong", _(title)), in_order(holders(role, ctx))),
                             el("span", Markup(" ").join(calls), class_="pb-calls") if calls else None))
    return out


def channel_cards(mode: str, ctx: Ctx) -> Markup | None:
    """One card per channel with a posting plan in the mode: how often, how fast to answer, what works."""
    cards = []
    for channel in sorted(ctx.view.of_kind("channel"), key=title_key):
        for plan in plans(channel, mode, ctx.view.config.default_mode):
            practices = plan.get("best_practices") or []
            where = Markup("{} ({})").format(ctx.link(channel), plan["account"]) if plan.get("account") else ctx.link(channel)
            facts = dl([(label("posting"), frequency_text(plan)), (label("first_response"), str(plan.get("first_response") or "")),
                        (label("best_practices"), ul([str(p) for p in practices]) if practices else "")])
            cards.append(el("div", lines(el("h3", where), facts), class_="pb-card"))
    return el("div", lines(cards), class_="pb-cards") if cards else None


def procedure(policy: Entity, ctx: Ctx) -> Markup:
    """A procedure with its steps (its text) inline, under a link to its page."""
    return el("div", lines(el("h3", ctx.link(policy)), body_html(policy.body or policy.data.get("body"), ctx, policy.file)),
              class_="pb-procedure")


def or_empty(items: list, empty: str) -> Markup:
    return ul(items) or el("p", empty, class_="pb-empty")


def mode_page(mode: str, ctx: Ctx) -> SitePage:
    path = mode_path(mode)
    ctx = ctx.at(path)
    view = ctx.view
    title = _(view.config.modes[mode])
    procedures = [p for p in sorted(view.of_kind("policy"), key=title_key) if tied_to(p.data, mode)]
    tactics = [t for t in sorted(view.of_kind("tactic"), key=title_key) if tied_to(t.data, mode)]
    cards = channel_cards(mode, ctx)
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
        (_("Procedures to follow"), lines([procedure(p, ctx) for p in procedures])
         or el("p", _("No procedure is tied to this mode."), class_="pb-empty")),
        (_("How often to post and how fast to answer"),
         cards or el("p", _("No posting plan for this mode."), class_="pb-empty")),
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
    """The modes other than the default one that an entity, account or posting plan is tied to;
    worked out once for every page that asks."""
    return ctx.view.part(("modes-in-use",), lambda: _modes_in_use(ctx))


def _modes_in_use(ctx: Ctx) -> list[str]:
    view = ctx.view
    return [mode for mode in list(view.config.modes)[1:]
            if any(tied_to(e.data, mode) for kind in MODE_KINDS for e in view.of_kind(kind))
            or any(plans(c, mode, view.config.default_mode) or any(tied_to(a, mode) for __, a in accounts(c))
                   for c in view.of_kind("channel"))]


def mode_pages(ctx: Ctx) -> list[SitePage]:
    """A page for each mode in use other than the default one."""
    return [mode_page(mode, ctx) for mode in modes_in_use(ctx)]


def mode_bar(modes: list[str], ctx: Ctx) -> Markup:
    links = [el("a", _(ctx.view.config.modes[mode]), href=ctx.href(mode_path(mode)), class_="pb-mode-link")
             for mode in modes]
    return el("nav", Markup(" ").join(links), class_="pb-mode-bar", aria_label=_("Operating modes"),
              data_search_exclude=True)  # on every page: its words would find every page


def with_mode_bar(pages: list[SitePage], ctx: Ctx, kept: dict | None = None) -> list[SitePage]:
    """The pages with a link to each mode's page at their top: one tap into the incident page
    from anywhere. The home page has its buttons, and a mode's page needs no link to itself.
    `kept`, held by the caller from one build to the next, gives back the same page for a page
    and modes that are the same."""
    modes = tuple(modes_in_use(ctx))
    skip = {HOME_PATH, *(mode_path(m) for m in modes)}
    if not modes:
        return pages
    kept = {} if kept is None else kept
    for page in pages:
        last = kept.get(page.path)
        if page.path not in skip and (last is None or last[0] != page or last[1] != modes):
            kept[page.path] = (page, modes, replace(page, markdown=_after_front_matter(
                page.markdown, mode_bar(modes, ctx.at(page.path)))))
    return [page if page.path in skip else kept[page.path][2] for page in pages]


def _after_front_matter(markdown: str, block: Markup) -> str:
    end = markdown.find("\n---\n", 3) + 5 if markdown.startswith("---\n") else 0
    return f"{markdown[:end]}\n{block}\n\n{markdown[end:].lstrip(chr(10))}"


def mode_note(entity: Entity, ctx: Ctx) -> Markup | None:
    """On the page of a procedure or tactic of a mode, or of a person holding a role made for it
    (one that names the mode): a link to the mode's page."""
    config = ctx.view.config
    if not (entity.kind in ("policy", "tactic") and entity.data.get("modes")) and not (
            entity.kind == "person" and any(len(acts) for __, acts in config.roles.values())):
        return None  # most pages: spared working out the modes in use
    modes = [mode for mode in modes_in_use(ctx)
             if (entity.kind in ("policy", "tactic") and tied_to(entity.data, mode))
             or (entity.kind == "person" and any(mode in acts and _holds(entity, role, ctx)
                                                 for role, (__, acts) in config.roles.items()))]
    links = [el("a", _(config.modes[mode]), href=ctx.href(mode_path(mode)), class_="md-button pb-mode-button")
             for mode in modes]
    return el("p", Markup(" ").join(links), class_="pb-mode-links") if links else None


def _holds(person: Entity, role: str, ctx: Ctx) -> bool:
    return role in holder_people(person) or person.key in {p.key for p in listed_people(role, ctx)}
