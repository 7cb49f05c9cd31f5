"""What changed lately: the "What's new" page, the home page's latest changes, and the words of each change.

The changes come from `playbook.living.recent_changes`, which compares the edition's copies of
the content before and after each recent commit. `shown_changes` then drops what the edition
hides today (an entity made confidential since, a KPI whose measurements are now withheld),
and groups the rest by day, newest first; the page, the home page and the Atom feed
(`render.change_feed`) all read that one list. A change names its entity by a link to its
page as it is now, or by the title it had when the entity is gone. Without git history the
page and the home page say so.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from playbook.check.site_paths import FEED_PATH, WHATS_NEW_PATH
from playbook.i18n import _
from playbook.i18n.terms import kind_title, kind_words
from playbook.living.recent_changes import WINDOW_DAYS, Change, Revision
from playbook.site.render.context import Ctx
from playbook.site.render.fields import scalar
from playbook.site.render.formats import badge, date, decimals_of, number
from playbook.site.render.html import el, lines, ul
from playbook.site.render.kpi import unit
from playbook.site.render.markdown_page import SitePage, make_page

HOME_ITEMS = 5
"""How many of the latest changes the home page lists."""


@dataclass(frozen=True)
class Day:
    day: dt.date
    when: dt.datetime  # the latest commit of the day
    changes: list[Change]


def shown_changes(ctx: Ctx, revisions: list[Revision] | None) -> list[Day] | None:
    """The changes the edition may show today, by day, newest first; None without history."""
    if revisions is None:
        return None
    days: dict[dt.date, Day] = {}
    for revision in revisions:
        kept = [c for c in revision.changes if _shown_now(c, ctx)]
        if kept:
            day = days.setdefault(revision.when.date(), Day(revision.when.date(), revision.when, []))
            day.changes.extend(kept)
    return sorted(days.values(), key=lambda d: d.day, reverse=True)


def _shown_now(change: Change, ctx: Ctx) -> bool:
    view = ctx.view
    if view.hides(change.kind, change.id):
        return False
    kpi = view.get("kpi", change.id) if change.kind == "kpi" else None
    if change.what in ("status", "measurement") and not (kpi is not None and view.measurements_shown(kpi)):
        return False
    return True


def change_lines(day: Day, ctx: Ctx) -> list[Markup]:
    """One line per change of the day; a KPI's new measurements of the day make one line."""
    groups: dict[tuple, list[Change]] = {}  # in order of first appearance
    for n, change in enumerate(day.changes):
        groups.setdefault(("measurement", change.id) if change.what == "measurement" else (n,), []).append(change)
    return [_measured(group, ctx) if group[0].what == "measurement" else _line(group[0], ctx) for group in groups.values()]


def _name(change: Change, ctx: Ctx) -> Markup:
    entity = ctx.view.get(change.kind, change.id)
    return ctx.link(entity) if entity is not None and ctx.view.shows(entity) else el("span", change.title)


def _line(change: Change, ctx: Ctx) -> Markup:
    name = _name(change, ctx)
    if change.what == "status":
        return _("{kpi} moved from {before} to {after}.", kpi=name, before=badge(change.before), after=badge(change.after))
    if change.what == "commentary":
        return _("{entity}: new commentary of {date}: \u201c{why}\u201d", entity=name, date=date(change.on),
                 why=scalar(change.text))
    if change.what == "policy":
        return _("{policy} was updated.", policy=name)
    if change.what == "added":
        return _("{kind} added: {entity}", kind=kind_title(change.kind), entity=name)
    return _("{kind} removed: {entity}", kind=kind_title(change.kind), entity=name)


def _measured(changes: list[Change], ctx: Ctx) -> Markup:
    latest = max(changes, key=lambda c: c.on)
    kpi = ctx.view.get("kpi", latest.id)
    value = number(latest.value, unit(kpi) if kpi is not None else None, decimals_of([latest.value]))
    if len(changes) == 1:
        return _("{kpi}: a new measurement, {value} for {date}.", kpi=_name(latest, ctx), value=value, date=date(latest.on))
    return _("{kpi}: {count} new measurements, the latest {value} for {date}.", kpi=_name(latest, ctx),
             count=number(len(changes)), value=value, date=date(latest.on))


def no_history() -> str:
    return _("There is no history of changes to show: this playbook's files are not kept in a git repository.")


def day_id(day: dt.date) -> str:
    return f"changes-{day.isoformat()}"


def whats_new_page(ctx: Ctx, days: list[Day] | None) -> SitePage:
    ctx = ctx.at(WHATS_NEW_PATH)
    feed = el("a", _("Follow these changes in a feed reader (Atom)"), href=ctx.file_href(FEED_PATH),
              type="application/atom+xml", class_="pb-feed")
    if days is None:
        blocks = [el("p", no_history(), class_="pb-empty")]
    elif not days:
        blocks = [el("p", _("Nothing has changed in the last {days} days.", days=number(WINDOW_DAYS)), class_="pb-empty"),
                  el("p", feed)]
    else:
        blocks = [el("p", _("What changed in the last {days} days, newest first, as of {date}.",
                            days=number(WINDOW_DAYS), date=date(ctx.view.as_of)), class_="pb-intro"), el("p", feed)]
        blocks += [el("section", lines(el("h2", date(d.day), id=day_id(d.day)), ul(change_lines(d, ctx))),
                      class_="pb-changes") for d in days]
    return make_page(WHATS_NEW_PATH, _("What's new"), blocks,
                     description=_("Changes of {kpi} status, new measurements and commentary, {policy_many} updated, "
                                   "and {goal_many} and {initiative_many} added or removed.", **kind_words()),
                     section=_("Overview"), in_nav=True)


def recent_block(ctx: Ctx, days: list[Day] | None) -> Markup:
    """The home page's latest changes, each with its day, and a link to the page."""
    if days is None:
        return el("p", no_history(), class_="pb-empty")
    items = [Markup("{}: {}").format(date(d.day), line) for d in days for line in change_lines(d, ctx)][:HOME_ITEMS]
    more = el("p", el("a", _("All changes of the last {days} days", days=number(WINDOW_DAYS)),
                      href=ctx.href(WHATS_NEW_PATH)), class_="pb-more")
    if not items:
        return lines(el("p", _("Nothing has changed in the last {days} days.", days=number(WINDOW_DAYS)), class_="pb-empty"),
                     more)
    return lines(ul(items, class_="pb-recent"), more)
