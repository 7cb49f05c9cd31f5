"""The maturity grid: each dimension against its stages, current next to target.

One row per maturity entity: every stage of it in order, the current stage
marked "● current" and the target "◎ target" (words as well as colour) with the
date it is to be reached by, the gap in stages, and links to the initiatives that
move it and to the evidence.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from playbook.check.site_paths import index_path
from playbook.content.dates import parse_date
from playbook.content.model import Entity
from playbook.i18n import _, _n
from playbook.i18n.terms import kind_title, kind_word, label
from playbook.site.render.context import Ctx
from playbook.site.render.fields import scalar
from playbook.site.render.formats import date
from playbook.site.render.full_lists import full_lists
from playbook.site.render.html import el, lines, table, td
from playbook.site.render.markdown_page import SitePage, make_page
from playbook.site.render.view import title_key

DIMENSIONS = ("culture", "leadership", "governance", "technology")


def stages(entity: Entity) -> list[dict]:
    raw = entity.data.get("stages")
    return [s if isinstance(s, dict) else {"name": s} for s in raw] if isinstance(raw, list) else []


def _stage_number(entity: Entity, name: str) -> int | None:
    value = entity.data.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def stage_cell(entity: Entity, number: int, stage: dict | None) -> Markup:
    if stage is None:
        return td("", class_="pb-stage pb-stage--none")
    current, target = _stage_number(entity, "current"), _stage_number(entity, "target")
    marks = [el("span", "\u25cf " + _("current"), class_="pb-mark pb-mark--current")] * (number == current)
    marks += [el("span", _target_mark(entity), class_="pb-mark pb-mark--target")] * (number == target)
    classes = "pb-stage" + " pb-stage--current" * (number == current) + " pb-stage--target" * (number == target)
    criteria = stage.get("criteria")
    return td(lines(el("strong", str(stage.get("name") or _("Stage {n}", n=number))),
                    el("span", str(criteria), class_="pb-cell-summary") if criteria else None, *marks), class_=classes)


def _target_mark(entity: Entity) -> Markup:
    due = entity.data.get("target_date")
    word = "\u25ce " + _("target")
    return _("{target} by {date}", target=word, date=date(due)) if parse_date(due) else escape(word)


def gap(entity: Entity) -> str:
    current, target = _stage_number(entity, "current"), _stage_number(entity, "target")
    if current is None or target is None:
        return ""
    steps = target - current
    return _("at target") if steps <= 0 else _n("{n} stage to go", "{n} stages to go", steps)


def row(entity: Entity, width: int, ctx: Ctx) -> list:
    own = stages(entity)
    cells = [stage_cell(entity, n, own[n - 1] if n <= len(own) else None) for n in range(1, width + 1)]
    evidence = ctx.view.related(entity, "evidence")
    name = lines(ctx.link(entity), el("span", scalar(entity.data.get("dimension")), class_="pb-cell-summary"))
    moved_by = ctx.view.related(entity, "initiatives")
    return [td(name)] + cells + [gap(entity), ctx.links(moved_by, _("none linked")), ctx.links(evidence, _("none linked"))]


def _order(entity: Entity):
    dimension = entity.data.get("dimension")
    return (DIMENSIONS.index(dimension) if dimension in DIMENSIONS else len(DIMENSIONS), title_key(entity))


def maturity_page(ctx: Ctx) -> SitePage:
    path = index_path("maturity")
    ctx = ctx.at(path)
    dims = sorted(ctx.view.of_kind("maturity"), key=_order)
    width = max((len(stages(d)) for d in dims), default=0)
    head = [label("dimension")] + [_("Stage {n}", n=n) for n in range(1, width + 1)] + [_("Gap"), label("initiatives"), label("evidence")]
    intro = el("p", _("Where we stand on each dimension (\u25cf {current}) against where we aim to be (\u25ce {target}).",
                      current=_("current"), target=_("target")), class_="pb-intro")
    body = table(head, [row(d, width, ctx) for d in dims], sortable=False, class_="pb-maturity", listing=True) if dims \
        else el("p", _("No {kinds} yet.", kinds=kind_word("maturity", 2)), class_="pb-empty")
    return make_page(path, _("Maturity grid"), [intro, body, *full_lists("maturity", ctx)], section=kind_title("maturity", plural=True), in_nav=True,
                     description=_("Where we stand on each dimension, against where we aim to be."), wide=True)
