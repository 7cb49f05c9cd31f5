"""The account registry: every account of every channel, with its people and its state.

One row per account: handle (linked to its address), channel, status, managers,
backup, credential custodian, how often it is used, when it was last used and when
its access was last reviewed, each date marked when it is older than playbook.yml
allows (the same limits as rule PB217). People are linked where they are people of
the playbook; hidden ones read "a restricted item".
"""
from __future__ import annotations

from markupsafe import Markup

from playbook.check.operations import accounts, late
from playbook.check.site_paths import REGISTRY_PATH
from playbook.content.dates import parse_date
from playbook.content.model import DEFAULT_VISIBILITY, Entity
from playbook.i18n import _
from playbook.i18n.terms import value_text
from playbook.site.render.context import Ctx
from playbook.site.render.fields import external, value
from playbook.site.render.formats import date, kind_title, label, number, operations
from playbook.site.render.html import el, lines, table, td
from playbook.site.render.markdown_page import SitePage, make_page
from playbook.site.render.view import title_key


def head() -> list[str]:
    return [_("Account"), kind_title("channel"), label("status"), label("managers"), label("backup"),
            _("Credential custodian"), label("use"), label("last_used"), label("access_reviewed")]


def people_cell(channel: Entity, key: str, account: dict, ctx: Ctx) -> Markup:
    """The people named (linked where they are people of the playbook); 'nobody' where an active account needs them."""
    if account.get(key):
        return value(channel, account[key], {}, ("accounts", "*", key), ctx)
    active = account.get("status", "active") == "active"
    return el("span", _("nobody"), class_="pb-state pb-state--overdue") if active else Markup("")


def dated(account: dict, key: str, ctx: Ctx) -> Markup:
    """The date, marked overdue by the same limit as rule PB217."""
    on = parse_date(account.get(key))
    if on is None:
        return td(_("not recorded"), sort="")
    overdue = late(account, key, ctx.view.config, ctx.view.as_of)
    flag = el("span", _("Overdue"), class_="pb-state pb-state--overdue") if overdue else None
    return td(lines(date(on), flag), sort=on.isoformat())


def account_row(channel: Entity, account: dict, ctx: Ctx) -> list:
    handle = str(account.get("handle") or "")
    status = str(account.get("status") or "active")
    named = external(account["url"]) if account.get("url") else None
    return [td(lines(el("strong", handle), named), sort=handle.casefold()), ctx.link(channel),
            el("span", value_text(status), class_=f"pb-state pb-state--{status}"),
            *(people_cell(channel, key, account, ctx) for key in ("managers", "backup", "custodian")),
            str(account.get("use") or ""),
            dated(account, "last_used", ctx), dated(account, "access_reviewed", ctx)]


def registry_page(ctx: Ctx) -> SitePage | None:
    """The registry, or None when no channel lists an account or the edition is below internal
    (who runs an account and who keeps its credentials are internal details)."""
    ctx = ctx.at(REGISTRY_PATH)
    if not ctx.view.allows(DEFAULT_VISIBILITY):
        return None
    rows = [account_row(channel, account, ctx)
            for channel in sorted(ctx.view.of_kind("channel"), key=title_key) for __, account in accounts(channel)]
    if not rows:
        return None
    limits = ctx.view.config.accounts
    intro = el("p", _("{count} accounts. An active account needs managers, a backup and a credential custodian; it is "
                      "marked overdue when unused for {unused} days or its access unreviewed for {review} days (as of "
                      "{date}). Credentials are never written here.", count=number(len(rows)),
                      unused=number(round(limits.unused_days)), review=number(round(limits.review_days)),
                      date=date(ctx.view.as_of)), class_="pb-intro")
    return make_page(REGISTRY_PATH, _("Account registry"), [intro, table(head(), rows, class_="pb-registry")],
                     section=operations(), in_nav=True, wide=True,
                     description=_("Every account, who runs it, who backs it up and who keeps its credentials."))
