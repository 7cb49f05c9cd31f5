"""The content calendar: the twelve months from the as-of month, by channel.

Each cell names the themes running on that channel in that month (a theme runs in
the `months` it lists every year, or from `start` to `end`, or all year when it
gives neither); each row says the channel's planned posting frequency in the
default mode. The quiet periods that touch those months come first, as a list with
their dates and channels and as the table's first row.
"""
from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from playbook import i18n
from playbook.check.quiet_periods import period_of, runs_on
from playbook.check.site_paths import CALENDAR_PATH
from playbook.content.model import Entity
from playbook.i18n import Nn_, _, _n
from playbook.i18n.terms import kind_words, value_text
from playbook.site.render.context import Ctx, restricted
from playbook.site.render.formats import date, kind_title, number, operations
from playbook.site.render.html import el, join, lines, table, td, ul
from playbook.site.render.markdown_page import SitePage, make_page
from playbook.site.render.view import title_key

MONTHS = 12


def months_from(day: dt.date) -> list[dt.date]:
    return [dt.date(day.year + (day.month - 1 + i) // 12, (day.month - 1 + i) % 12 + 1, 1) for i in range(MONTHS)]


def last_day(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1) - dt.timedelta(days=1)


def runs_in(theme: Entity, month: dt.date) -> bool:
    return runs_on(theme, month, last_day(month))


def quiet_in(period: Entity, month: dt.date) -> bool:
    days = period_of(period)
    return days is not None and days[0] <= last_day(month) and days[1] >= month


def quiet_item(period: Entity, ctx: Ctx) -> Markup:
    """'Pre-election period: 1 Apr 2027 to 6 May 2027, on Facebook, X (election)'."""
    first, last = period_of(period)
    channels = ctx.view.related(period, "channels", "channel")
    where = ctx.links(channels) if channels else (restricted() if "channels" in period.data else _("every channel"))
    text = _("{period}: {first} to {last}, on {channels}", period=ctx.link(period), first=date(first), last=date(last),
             channels=where)
    reason = period.data.get("reason")
    return text + Markup(" ({})").format(value_text(reason)) if isinstance(reason, str) else text


def quiet_periods(ctx: Ctx, months: list[dt.date]) -> list[Entity]:
    """The quiet periods that touch the calendar's months, by start date."""
    shown = [p for p in ctx.view.of_kind("quiet") if any(quiet_in(p, m) for m in months)]
    return sorted(shown, key=lambda p: (period_of(p)[0], title_key(p)))


def frequency_text(plan: dict) -> str:
    """'2 to 4 posts a week', with the weekdays and the interval the plan gives."""
    parts = [count_text(plan), interval_text(plan)]
    days = [d for d in plan.get("weekdays") or [] if d in i18n.WEEKDAYS]
    if days:
        parts.append(_("on {days}", days=", ".join(i18n.weekday(d) for d in days)))
    return ", ".join(p for p in parts if p)


INTERVALS = {"minute": Nn_("every minute", "every {n} minutes"), "hour": Nn_("every hour", "every {n} hours"),
             "day": Nn_("every day", "every {n} days")}


def interval_text(plan: dict) -> str:
    interval = plan.get("interval") if isinstance(plan.get("interval"), dict) else {}
    every, unit = interval.get("every"), interval.get("unit")
    if unit not in INTERVALS or not isinstance(every, int):
        return ""
    return _n(*INTERVALS[unit], every)


def count_text(plan: dict) -> str:
    freq = plan.get("frequency") if isinstance(plan.get("frequency"), dict) else {}
    low, high, per = freq.get("min"), freq.get("max"), freq.get("per")
    if per is None:
        return ""
    if isinstance(low, int) and low == high:
        return _n("{n} post a {period}", "{n} posts a {period}", low, period=value_text(per))
    low, high = (number(v) if isinstance(v, (int, float)) else v for v in (low, high))
    if low is not None and high is not None:
        return _("{low} to {high} posts a {period}", low=low, high=high, period=value_text(per))
    if low is not None:
        return _("at least {low} posts a {period}", low=low, period=value_text(per))
    if high is not None:
        return _("at most {high} posts a {period}", high=high, period=value_text(per))
    return _("some posts a {period}", period=value_text(per))


def plans(channel: Entity, mode: str, default_mode: str) -> list[dict]:
    """The channel's posting plans for one mode."""
    return [p for p in channel.data.get("posting") or [] if isinstance(p, dict) and (p.get("mode") or default_mode) == mode]


def calendar_page(ctx: Ctx) -> SitePage | None:
    """The calendar, or None when there are neither themes nor posting plans."""
    ctx = ctx.at(CALENDAR_PATH)
    view = ctx.view
    months = months_from(view.as_of)
    themes = sorted(view.of_kind("theme"), key=title_key)
    quiet = quiet_periods(ctx, months)
    if not themes and not quiet and not any(c.data.get("posting") for c in view.of_kind("channel")):
        return None
    rows = [[td(el("strong", kind_title("quiet", plural=True)), sort="")]
            + [join([ctx.link(p) for p in quiet if quiet_in(p, m)]) for m in months]] if quiet else []
    for channel in sorted(view.of_kind("channel"), key=title_key):
        on_channel = [t for t in themes if channel in view.related(t, "channels", "channel")]
        steady = "; ".join(filter(None, (frequency_text(p) for p in plans(channel, view.config.default_mode,
                                                                           view.config.default_mode))))
        head = td(Markup("{}<br>{}").format(ctx.link(channel), el("span", steady or _("no posting plan"), class_="pb-cell-summary")),
                  sort=channel.title.casefold())
        rows.append([head] + [join([ctx.link(t) for t in on_channel if runs_in(t, m)]) for m in months])
    head = [kind_title("channel")] + [i18n.month(m) for m in months]
    intro = el("p", _("{theme_titles} by {channel} for the twelve months from {date}, with each {channel}'s planned "
                      "posting frequency.", theme_titles=kind_title("theme", plural=True), date=date(months[0]),
                      **kind_words()), class_="pb-intro")
    held = el("div", lines(el("p", _("Planned posts are held back in these {quiet_many}:", **kind_words())),
                            ul([quiet_item(p, ctx) for p in quiet])), class_="pb-quiet") if quiet else None
    return make_page(CALENDAR_PATH, _("Content calendar"), [intro, held, table(head, rows, class_="pb-calendar")],
                     section=operations(), in_nav=True, wide=True,
                     description=_("{theme_titles} by month and {channel}, with the planned posting frequency.",
                                   theme_titles=kind_title("theme", plural=True), **kind_words()))
