"""The policy register: every policy, guideline, procedure and training with its review state.

Type, area, owner, approver, version, effective date, the next review date
(`playbook.check.alignment.review_due`: explicit, or effective date plus the cycle)
and status. Overdue reviews say "Overdue" and are highlighted; retired
entries come last.
"""
from __future__ import annotations

from markupsafe import Markup

from playbook.check.alignment import review_due
from playbook.check.site_paths import index_path
from playbook.content.model import Entity
from playbook.content.schemas import kind_schema
from playbook.i18n import N_, _
from playbook.site.render.context import Ctx
from playbook.site.render.fields import scalar, value
from playbook.site.render.formats import date, kind_title, label, number
from playbook.site.render.full_lists import full_lists
from playbook.site.render.html import el, lines, table, td
from playbook.site.render.indexes import title_cell
from playbook.site.render.markdown_page import SitePage, make_page
from playbook.site.render.view import title_key

FIELDS = kind_schema("policy")["properties"]


def head() -> list[str]:
    return [label("title"), _("{type} and {area}", type=label("type"), area=label("area")),
            _("{owner} and {approver}", owner=label("owner"), approver=label("approver")), label("version"),
            label("effective"), _("Review due"), label("status")]


def _order(policy: Entity):
    due = review_due(policy.data)
    return (policy.data.get("status") == "retired", due is None, due.isoformat() if due else "", title_key(policy))


def overdue(policy: Entity, as_of) -> bool:
    """Past its review date on `as_of` and not retired."""
    due = review_due(policy.data)
    return due is not None and due < as_of and policy.data.get("status") != "retired"


def review_cell(policy: Entity, ctx: Ctx) -> Markup:
    due = review_due(policy.data)
    if due is None:
        return td(el("span", _("not set"), class_="pb-state pb-state--overdue"), sort="")
    shown = date(due)
    if overdue(policy, ctx.view.as_of):
        shown = Markup("{} {}").format(shown, el("span", _("Overdue"), class_="pb-state pb-state--overdue"))
    return td(shown, sort=due.isoformat())


def two(policy: Entity, first: str, second: str, ctx: Ctx, lead: str = "{value}") -> Markup:
    """One field with a second one in small print below it (`lead` a message holding it as `{value}`)."""
    data = policy.data
    below = el("span", _(lead, value=shown(policy, second, ctx)), class_="pb-cell-summary") if data.get(second) else None
    return lines(shown(policy, first, ctx), below)


def shown(policy: Entity, key: str, ctx: Ctx) -> Markup:
    """A field as the register shows it: people by name (linked), listed values in the site's language."""
    data = policy.data.get(key)
    return value(policy, data, FIELDS.get(key, {}), (key,), ctx) if data is not None else Markup("")


def row(policy: Entity, ctx: Ctx) -> list:
    data = policy.data
    status = str(data.get("status") or "")
    return [title_cell(policy, ctx), two(policy, "type", "area", ctx),
            two(policy, "owner", "approver", ctx, N_("approved by {value}")),
            scalar(data.get("version")),
            td(date(data.get("effective")), sort=str(data.get("effective") or "")), review_cell(policy, ctx),
            el("span", shown(policy, "status", ctx), class_=f"pb-state pb-state--{status}")]


def register_page(ctx: Ctx) -> SitePage:
    path = index_path("policy")
    ctx = ctx.at(path)
    policies = sorted(ctx.view.of_kind("policy"), key=_order)
    late = sum(1 for p in policies if overdue(p, ctx.view.as_of))
    intro = el("p", _("{count} entries; {late} overdue for review as of {date}. Retired entries are listed last.",
                      count=number(len(policies)), late=number(late), date=date(ctx.view.as_of)), class_="pb-intro")
    body = table(head(), [row(p, ctx) for p in policies], class_="pb-register", listing=True) if policies \
        else el("p", _("None yet."), class_="pb-empty")
    return make_page(path, _("Policy register"), [intro, body, *full_lists("policy", ctx)], section=kind_title("policy", plural=True), in_nav=True,
                     description=_("Policies, guidelines, procedures and training, with review dates."), wide=True)
