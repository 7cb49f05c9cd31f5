"""What is due as an iCalendar file: `playbook due --format ics` and each person's feed in the site.

The file (made with the `icalendar` library) holds one all-day event per item; its UID comes
from the item (`DueItem.uid`), never from its date, so a calendar that subscribes to the file
moves an event when its date changes instead of adding another. The items come from one
edition's copy of the graph, so the file holds only what that edition shows.
"""
from __future__ import annotations

import datetime as dt

from playbook.living.deadlines import DueItem

PRODUCT = "-//Playbook//What is due//EN"
UID_DOMAIN = "playbook.invalid"


def to_ics(items: list[DueItem], as_of: dt.date, name: str | None = None) -> str:
    """The items as a calendar; `name` is what a subscribed calendar is called."""
    import icalendar  # here, not at the top: `validate` loads this module and never writes a calendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    if name:
        calendar.add("x-wr-calname", name)
    stamp = dt.datetime.combine(as_of, dt.time(), tzinfo=dt.timezone.utc)
    for item in items:
        event = icalendar.Event()
        event.add("uid", f"{item.uid}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.date)
        event.add("summary", item.label[:1].upper() + item.label[1:])
        if item.owner:
            event.add("description", f"Owner: {item.owner}")
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
