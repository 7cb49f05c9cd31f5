"""Official accounts anyone can verify: a page and, beside it, the same list as JSON.

Every account the edition shows that is not closed, with four facts only: the
platform, the handle, the address and the owning department. The page links each
profile with `rel="me"`, so that platforms which verify links back to a site
(Mastodon, for one) can show the account as verified; `official-accounts.json`
follows `official-accounts.schema.json`, published by `playbook schema` with the
kinds' schemas. Who runs an account, its security and every other detail stay off
both: they are read from the edition's copy, and only the four facts are taken.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from markupsafe import Markup

from playbook.check.operations import accounts
from playbook.check.safe_url import is_web_address
from playbook.check.site_paths import OFFICIAL_DATA, OFFICIAL_PATH, file_url
from playbook.content.model import Entity
from playbook.content.schemas import fields_of
from playbook.i18n import _, _n
from playbook.site.render.context import Ctx
from playbook.site.render.formats import operations
from playbook.site.render.html import el, lines
from playbook.site.render.markdown_page import SitePage, make_page
from playbook.site.render.view import View, title_key

DEPARTMENT = next(f for f in fields_of("channel") if f.path == ("accounts", "*", "department"))
SCHEMA_NAME = "official-accounts.schema.json"


@dataclass(frozen=True)
class Official:
    channel: Entity
    platform: str
    handle: str
    url: str | None  # an absolute web address, or None when the account gives none
    departments: tuple[Entity, ...]  # the owning departments the edition shows


def official(view: View) -> list[Official]:
    """The accounts the edition shows, closed ones left out, by platform and handle."""
    found = []
    for channel in view.of_kind("channel"):
        for __, account in accounts(channel):
            if account.get("status") == "closed" or not account.get("handle"):
                continue
            url = account.get("url") if is_web_address(account.get("url")) else None
            owners = account.get("department") or []
            owners = [view.resolve(text, DEPARTMENT) for text in (owners if isinstance(owners, list) else [owners])]
            found.append(Official(channel, str(channel.data.get("platform") or channel.title), str(account["handle"]),
                                  url, tuple(d for d in owners if d is not None and view.shows(d))))
    return sorted(found, key=lambda o: (o.platform.casefold(), o.handle.casefold(), title_key(o.channel)))


def official_data(view: View) -> bytes:
    """The list as JSON: an object whose `accounts` hold the four facts of each account."""
    items = [{"platform": o.platform, "handle": o.handle, **({"url": o.url} if o.url else {}),
              **({"department": ", ".join(d.title for d in o.departments)} if o.departments else {})}
             for o in official(view)]
    return (json.dumps({"accounts": items}, indent=2, ensure_ascii=False) + "\n").encode()


def card(item: Official, ctx: Ctx) -> Markup:
    handle = el("a", item.handle, href=item.url, rel="me", class_="pb-external") if item.url else el("span", item.handle)
    owner = el("p", _("Run by {department}", department=ctx.links(item.departments))) if item.departments else None
    return el("div", lines(el("p", item.platform, class_="pb-card-title"), el("p", handle), owner), class_="pb-card")


def official_pages(ctx: Ctx) -> tuple[SitePage | None, dict[str, bytes]]:
    """The page and its JSON file by path in the site, or (None, {}) when the edition shows no account."""
    ctx = ctx.at(OFFICIAL_PATH)
    items = official(ctx.view)
    if not items:
        return None, {}
    name = ctx.view.config.organization.get("name")
    who = name if isinstance(name, str) and name else _("this organization")
    intro = el("p", _n("This is the official account of {organization}. An account that is not listed here does not "
                       "speak for us.", "These {n} accounts are the official accounts of {organization}. An account "
                       "that is not listed here does not speak for us.", len(items), organization=who), class_="pb-intro")
    link = el("a", OFFICIAL_DATA, href=file_url(OFFICIAL_PATH, OFFICIAL_DATA, ctx.directory_urls), type="application/json")
    data = el("p", _("The same list as data: {file}.", file=link))
    page = make_page(OFFICIAL_PATH, _("Official accounts"), [intro, el("div", lines([card(i, ctx) for i in items]),
                                                                        class_="pb-cards pb-official"), data],
                     section=operations(), in_nav=True,
                     description=_("The organization's official accounts, each linked so that platforms can verify it."))
    return page, {OFFICIAL_DATA: official_data(ctx.view)}
