"""The owner's commentary on a KPI, goal or initiative, as pages show it.

The entity's page leads with the latest entry in full (why, next, help needed, who and
when) and folds the earlier ones away; the scorecard and the home page's "needs
attention" show the latest one's reason in a line (`note_line`). Entries are picked by
`playbook.content.commentary`, the author is resolved through the edition's view like
any person field, so a hidden person reads as "a restricted item".
"""
from __future__ import annotations

from markupsafe import Markup

from playbook.content import commentary
from playbook.content.model import Entity
from playbook.content.schemas import fields_of
from playbook.i18n import _
from playbook.site.render.context import Ctx
from playbook.site.render.fields import scalar
from playbook.site.render.formats import date, label, number
from playbook.site.render.html import details, el, lines
from playbook.site.render.markdown_page import heading

SHORT = 160
"""The most characters of a reason a one-line note shows."""


def author(entity: Entity, entry: dict, ctx: Ctx) -> Markup | None:
    written = entry.get("author")
    if written is None:
        return None
    ref_field = next(f for f in fields_of(entity.kind) if f.path == ("commentary", "*", "author"))
    target = ctx.view.resolve(written, ref_field)
    return ctx.link(target) if target is not None else scalar(written)


def byline(entity: Entity, entry: dict, ctx: Ctx) -> Markup:
    who = author(entity, entry, ctx)
    when = date(entry["date"])
    return _("{author}, {date}", author=who, date=when) if who is not None else when


def entry_html(entity: Entity, entry: dict, ctx: Ctx) -> Markup:
    parts = [el("p", scalar(entry["why"]), class_="pb-commentary-why")]
    parts += [el("p", Markup("{} {}").format(el("strong", _("{label}:", label=label(part))), scalar(entry[part])))
              for part in commentary.PARTS[1:] if isinstance(entry.get(part), str)]
    parts.append(el("p", byline(entity, entry, ctx), class_="pb-commentary-by"))
    return el("div", lines(*parts), class_="pb-commentary")


def commentary_blocks(entity: Entity, ctx: Ctx) -> list:
    """The latest entry under its heading, the earlier ones folded, newest first; nothing when there is none."""
    found = commentary.entries(entity.data)
    if not found:
        return []
    blocks = [heading(label("commentary")), entry_html(entity, found[-1], ctx)]
    earlier = [entry_html(entity, e, ctx) for e in reversed(found[:-1])]
    if earlier:
        blocks.append(details(_("Earlier commentary ({count})", count=number(len(earlier))), lines(*earlier)))
    return blocks


def note_line(entity: Entity, ctx: Ctx) -> Markup | None:
    """The latest reason in a line, with who said it and when; None when there is no commentary."""
    entry = commentary.latest(entity.data)
    if entry is None:
        return None
    why = " ".join(str(entry["why"]).split())
    short = why if len(why) <= SHORT else why[:SHORT].rsplit(" ", 1)[0] + "\u2026"
    return el("span", Markup("{} <span class=\"pb-commentary-by\">({})</span>").format(scalar(short), byline(entity, entry, ctx)),
              class_="pb-commentary-line", title=why if short != why else None)
