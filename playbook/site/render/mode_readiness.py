"""The readiness parts of a mode page: what a person on duty needs in the first hour.

Who posts (each account's approval route for the mode), the first message and how soon
it goes out (the first valid holding statement and the posting plans' `first_post`),
how to pause scheduled publishing in each management tool, who holds the recovery
codes, the partners to coordinate with, what to watch (the plans' `listen` keywords),
the last exercise with its open findings, and the holding statements still valid.
Every part reads the edition's view: an operational detail it does not show is absent.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from playbook.check.operations import accounts
from playbook.content.dates import parse_date
from playbook.content.model import Entity
from playbook.content.schemas import fields_of
from playbook.i18n import _
from playbook.site.render.calendar import plans
from playbook.site.render.context import Ctx
from playbook.site.render.formats import date, label
from playbook.site.render.html import el, join, lines
from playbook.site.render.view import title_key


def tied_to(data: dict, mode: str) -> bool:
    """Whether an entity's fields, or an account, name the mode under `modes`."""
    modes = data.get("modes")
    return mode in ([modes] if isinstance(modes, str) else modes if isinstance(modes, list) else [])


def used_accounts(mode: str, ctx: Ctx) -> list[tuple[Entity, int, dict]]:
    """(channel, index, account) of each active account used in the mode: tied to it, or on a
    channel with a posting plan for it (for that account or for every account)."""
    used = []
    for channel in sorted(ctx.view.of_kind("channel"), key=title_key):
        planned = {p.get("account") for p in plans(channel, mode, ctx.view.config.default_mode)}
        for i, account in accounts(channel):
            if account.get("status", "active") == "active" and (
                    None in planned or account.get("handle") in planned or tied_to(account, mode)):
                used.append((channel, i, account))
    return used


def account_name(channel: Entity, account: dict, ctx: Ctx) -> Markup:
    return _("{handle} on {channel}", handle=str(account.get("handle")), channel=ctx.link(channel))


def names(entity: Entity, data, path: tuple, ctx: Ctx) -> Markup:
    """The people a field names, in one line: linked where they are people of the playbook."""
    field = next((f for f in fields_of(entity.kind) if f.path == path), None)
    out = []
    for text in data if isinstance(data, list) else [data]:
        person = ctx.view.resolve(text, field) if field else None
        out.append(ctx.link(person) if person is not None else escape(str(text)))
    return join(out)


def route(account: dict, mode: str) -> dict:
    routes = [r for r in account.get("approval") or [] if isinstance(r, dict)]
    return next((r for r in routes if r.get("mode") == mode), None) or next((r for r in routes if not r.get("mode")), {})


def who_posts(mode: str, ctx: Ctx) -> list[Markup]:
    """Per account: who drafts, reviews and publishes in the mode (the managers where no route says)."""
    items = []
    for channel, __, account in used_accounts(mode, ctx):
        steps = route(account, mode)
        parts = [Markup("{}: {}").format(label(step), names(channel, steps[step], ("accounts", "*", "approval", "*", step), ctx))
                 for step in ("drafts", "reviews", "publishes") if steps.get(step)]
        if not parts and account.get("managers"):
            parts = [Markup("{}: {}").format(label("managers"), names(channel, account["managers"], ("accounts", "*", "managers"), ctx))]
        if parts:
            items.append(Markup("{}: {}").format(account_name(channel, account, ctx), join(parts, "; ")))
    return items


def valid_statements(mode: str, ctx: Ctx) -> list[Entity]:
    """The holding statements for the mode that have not expired, the first to send first."""
    valid = [s for s in ctx.view.of_kind("holding") if tied_to(s.data, mode)
             and (parse_date(s.data.get("expires")) or ctx.view.as_of) >= ctx.view.as_of]
    return sorted(valid, key=lambda s: (s.data.get("order") or 10**6, *title_key(s)))


def first_message(mode: str, ctx: Ctx) -> list[Markup]:
    """The first message to send and how soon each channel's first post goes out."""
    statements = valid_statements(mode, ctx)
    items = [Markup("{}: \u201c{}\u201d ({})").format(_("First message"), statements[0].data.get("message"),
                                                      ctx.link(statements[0]))] if statements else []
    for channel in sorted(ctx.view.of_kind("channel"), key=title_key):
        for plan in plans(channel, mode, ctx.view.config.default_mode):
            if plan.get("first_post"):
                where = Markup("{} ({})").format(ctx.link(channel), plan["account"]) if plan.get("account") else ctx.link(channel)
                items.append(Markup("{}: {}").format(where, plan["first_post"]))
    return items


def pause_by_tool(mode: str, ctx: Ctx) -> list[Markup]:
    """For each management tool the mode's accounts are run from: how to pause it, and which accounts."""
    tools: dict[str, tuple[list[str], list[Markup]]] = {}
    for channel, __, account in used_accounts(mode, ctx):
        security = account.get("security") if isinstance(account.get("security"), dict) else {}
        if security.get("tool"):
            how, names = tools.setdefault(str(security["tool"]), ([], []))
            if security.get("pause") and str(security["pause"]) not in how:
                how.append(str(security["pause"]))
            names.append(account_name(channel, account, ctx))
    return [Markup("{}: {} ({})").format(el("strong", tool), " ".join(how) or _("no way to pause is recorded"),
                                         join(names)) for tool, (how, names) in sorted(tools.items())]


def recovery_holders(mode: str, ctx: Ctx) -> list[Markup]:
    return [Markup("{}: {}").format(account_name(channel, account, ctx), names(channel, account["custodian"], ("accounts", "*", "custodian"), ctx))
            for channel, __, account in used_accounts(mode, ctx) if account.get("custodian")]


def partners(mode: str, ctx: Ctx) -> list[Markup]:
    return [Markup("{} ({})").format(ctx.link(r), r.data["party"]) if r.data.get("party") else ctx.link(r)
            for r in sorted(ctx.view.of_kind("relationship"), key=title_key) if tied_to(r.data, mode)]


def watch_words(mode: str, ctx: Ctx) -> list[Markup]:
    items = []
    for channel in sorted(ctx.view.of_kind("channel"), key=title_key):
        words = [str(w) for plan in plans(channel, mode, ctx.view.config.default_mode) for w in plan.get("listen") or []]
        if words:
            items.append(Markup("{}: {}").format(ctx.link(channel), ", ".join(dict.fromkeys(words))))
    return items


def last_exercise(mode: str, ctx: Ctx) -> Markup | None:
    """The latest exercise of the mode, when and who took part, and its open findings."""
    done = [e for e in ctx.view.of_kind("exercise") if tied_to(e.data, mode) and parse_date(e.data.get("date"))]
    if not done:
        return None
    exercise = max(done, key=lambda e: parse_date(e.data.get("date")))
    who = names(exercise, exercise.data["participants"], ("participants",), ctx) if exercise.data.get("participants") else ""
    head = el("p", _("{exercise} on {date}.", exercise=ctx.link(exercise), date=date(parse_date(exercise.data["date"]))),
              " ", Markup("{}: {}").format(label("participants"), who) if who else "")
    open_ = [f for f in exercise.data.get("findings") or [] if isinstance(f, dict) and not f.get("closed")]
    findings = [Markup("{} ({})").format(f.get("finding"), names(exercise, f["initiative"], ("findings", "*", "initiative"), ctx))
                if f.get("initiative") else escape(str(f.get("finding") or "")) for f in open_]
    return lines(head, el("p", _("Open findings:")), el("ul", *[el("li", f) for f in findings])) if findings \
        else lines(head, el("p", _("No finding is open.")))


def statement_items(mode: str, ctx: Ctx) -> list[Markup]:
    return [Markup("{} \u2013 {}").format(ctx.link(s), _("valid until {date}", date=date(parse_date(s.data["expires"]))))
            if parse_date(s.data.get("expires")) else ctx.link(s) for s in valid_statements(mode, ctx)]
