"""One index page per kind: a table of its entities, ordered by what matters.

Goals and KPIs come worst status first, initiatives by start date, everything
else by title; each column header can also sort the table in the browser
(`assets/playbook.js`, optional: without it the order above stands). Policies
and maturity have richer indexes of their own (`register.py`, `maturity.py`).
"""
from __future__ import annotations

from markupsafe import Markup, escape

from playbook.check.site_paths import index_path
from playbook.check.status import NO_DATA, STATUSES
from playbook.content.model import Entity
from playbook.content.schemas import fields_of, kind_schema
from playbook.i18n import N_, _
from playbook.i18n.terms import kind_words
from playbook.site.render.context import Ctx
from playbook.site.render.fields import ref_items, value
from playbook.site.render.formats import badge, count, date, kind_title, label
from playbook.site.render.full_lists import full_lists
from playbook.site.render.html import el, join, table, td
from playbook.site.render.kpi import target_text
from playbook.site.render.long_lists import bounded
from playbook.site.render.markdown_page import SitePage, make_page
from playbook.site.render.view import title_key

STATUS = "status"
STATUS_RANK = {status: rank for rank, status in enumerate([*reversed(STATUSES[:-1]), NO_DATA])}
"""Worst first, no data last."""
COLUMNS = {
    "strategy": ["horizon", STATUS],
    "department": ["head", "supports", "social_media"],
    "goal": ["department", "supports", "due", STATUS],
    "tactic": ["serves", "channels", "call_to_action"],
    "kpi": ["measures", "unit", "target", STATUS],
    "audience": ["channels", "size"],
    "channel": ["platform", "handle"],
    "initiative": ["phase", "start", "end", "delivers"],
    "relationship": ["party", "who", "serves", "channels"],
    "theme": ["months", "channels", "serves"],
    "person": ["position", "department", "roles"],
    "role": ["holders"],
    "holding": ["modes", "channels", "expires"],
    "exercise": ["date", "modes", "participants"],
    "risk": ["likelihood", "impact", "threatens", "state"],
    "review": ["cadence", "inputs", "output"],
    "quiet": ["start", "end", "reason", "channels"],
}
INTRO = {
    "strategy": N_("The business {strategy_many} the playbook serves."),
    "department": N_("What social media does for each (or why it deliberately does nothing)."),
    "goal": N_("Worst status first."),
    "tactic": N_("One call to action each, serving a {goal}."),
    "kpi": N_("Worst status first. Status is worked out as described on the scorecard."),
    "audience": N_("The people we talk to, and where they are."),
    "channel": N_("The platforms we use."),
    "initiative": N_("By start date; see the roadmap for the timeline."),
    "relationship": N_("Partners, influencers and communities, and what they serve."),
    "theme": N_("What the posts are about, when and where; the content calendar lays them out by month."),
    "person": N_("The people who run the playbook, their positions and roles; the Team page shows who does what."),
    "role": N_("What each role does and who holds it, in order: the first acts, the next deputizes."),
    "holding": N_("Pre-approved messages for each operating mode, with their channels and expiry dates."),
    "exercise": N_("Exercises of the operating modes: who took part and what was found."),
    "risk": N_("What could go wrong, how likely and how bad, and what lowers it."),
    "review": N_("The recurring reviews and reports by which the plan is run, and when each was last held."),
    "quiet": N_("Dates on which planned posts are held back; the content calendar shows them."),
}


def title_cell(entity: Entity, ctx: Ctx) -> Markup:
    """The entity's link, its summary as the tooltip."""
    summary = entity.data.get("summary")
    return td(ctx.link(entity, hint=str(summary) if summary else None), sort=entity.title.casefold())


def horizon_text(entity: Entity, ctx: Ctx) -> Markup:
    horizon = entity.data.get("horizon")
    if not isinstance(horizon, dict):
        return Markup("")
    return _("{start} to {end}", start=date(horizon.get("start")), end=date(horizon.get("end")))


def social_media_text(entity: Entity, ctx: Ctx) -> Markup:
    """What social media does for a department, or why it deliberately does nothing."""
    social = entity.data.get("social_media") if isinstance(entity.data.get("social_media"), dict) else {}
    if social.get("role"):
        return escape(str(social["role"]))
    return Markup("{} {}").format(el("strong", _("None:")), str(social.get("none_because"))) if social.get("none_because") else Markup("")


COMPUTED = {("kpi", "target"): lambda e, ctx: target_text(e), ("strategy", "horizon"): horizon_text,
            ("department", "social_media"): social_media_text}


def status_rank(entity: Entity, ctx: Ctx) -> tuple[str, int]:
    """The entity's status (no data for kinds without one) and its place, worst first."""
    status = ctx.status_of(entity) or NO_DATA
    return status, STATUS_RANK.get(status, STATUS_RANK[NO_DATA])


def cell(entity: Entity, column: str, ctx: Ctx) -> Markup:
    """A compact cell: status as a badge, references and lists comma-separated."""
    raw = entity.data.get(column)
    ref = next((f for f in fields_of(entity.kind) if f.path == (column,)), None)
    sort = raw if isinstance(raw, str) and not ref else None  # references sort by the text shown, never by id
    if column == STATUS:
        status, rank = status_rank(entity, ctx)
        return td(badge(status), sort=str(rank))
    if (entity.kind, column) in COMPUTED:
        return td(COMPUTED[entity.kind, column](entity, ctx), sort=sort)
    if ref is not None and raw is not None:  # a long relation is cut short as on the entity's page
        return td(join(bounded(ref_items(raw, ref, ctx), entity, column, ctx)))
    spec = kind_schema(entity.kind).get("properties", {}).get(column, {})
    items = raw if isinstance(raw, list) else [raw]
    return td(join([value(entity, item, spec.get("items", spec), (column,), ctx) for item in items if item is not None]),
              sort=sort)


def order(entities: list[Entity], kind: str, ctx: Ctx) -> list[Entity]:
    if STATUS in COLUMNS.get(kind, []):
        return sorted(entities, key=lambda e: (status_rank(e, ctx)[1], str(e.data.get("due") or ""), title_key(e)))
    if kind == "initiative":
        return sorted(entities, key=lambda e: (str(e.data.get("start") or ""), title_key(e)))
    return sorted(entities, key=title_key)


def kind_table(kind: str, entities: list[Entity], ctx: Ctx) -> Markup:
    columns = COLUMNS.get(kind, [])
    head = [label("title")] + [label(c) for c in columns] + [label("owner")]
    rows = [ctx.view.part(("index-row", ctx.path, e.key),
                          lambda e=e: [title_cell(e, ctx)] + [cell(e, c, ctx) for c in [*columns, "owner"]])
            for e in order(entities, kind, ctx)]
    return table(head, rows, class_=f"pb-index pb-index--{kind}", listing=True)


def index_page(kind: str, ctx: Ctx) -> SitePage:
    path = index_path(kind)
    ctx = ctx.at(path)
    entities = ctx.view.of_kind(kind)
    intro = el("p", _("{count}. {about}", count=count(len(entities), kind), about=_(INTRO[kind], **kind_words())), class_="pb-intro")
    body = kind_table(kind, entities, ctx) if entities else el("p", _("None yet."), class_="pb-empty")
    title = kind_title(kind, plural=True)
    return make_page(path, title, [intro, body, *full_lists(kind, ctx)], description=_(INTRO[kind], **kind_words()), section=title, in_nav=True, wide=True)
