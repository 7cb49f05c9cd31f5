"""The "What's new" page as an Atom feed (RFC 4287): `whats-new.xml`, a file beside the pages.

One entry per day with changes, holding the same lines as the page (`whats_new.change_lines`),
so it shows exactly what the page shows. Links are relative to the site's root, where the
feed lies, or absolute under `site_url` when the project sets one; the feed loads nothing.
Ids are stable: the feed's is its address under `site_url` (else a name made from the
organization and the edition), an entry's is made from the feed's and the entry's day.
Without git history the feed has no entry and its subtitle says why.
"""
from __future__ import annotations

import datetime as dt
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import replace
from urllib.parse import urljoin

from playbook import i18n
from playbook.check.site_paths import FEED_PATH, HOME_PATH, WHATS_NEW_PATH, page_url
from playbook.i18n import _, current
from playbook.site.render.context import Ctx
from playbook.site.render.html import ul
from playbook.site.render.whats_new import Day, change_lines, day_id, no_history

ATOM = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_HREF = re.compile(r'href="([^"]*)"')


def feed_id(ctx: Ctx, site_url: str | None) -> str:
    if site_url:
        return urljoin(site_url, FEED_PATH)
    name = str(ctx.view.config.organization.get("name") or "")
    return uuid.uuid5(uuid.NAMESPACE_URL, f"playbook-whats-new:{name}:{ctx.view.edition}").urn


def atom_feed(ctx: Ctx, days: list[Day] | None, site_url: str | None) -> bytes:
    """The feed's bytes, UTF-8 XML."""
    ctx = replace(ctx, source_links=False).at(HOME_PATH)  # links are addresses, from the site's root
    base = site_url.rstrip("/") + "/" if site_url else ""
    page = base + page_url(WHATS_NEW_PATH, ctx.directory_urls)
    ident = feed_id(ctx, site_url)
    feed = ET.Element("feed", xmlns=ATOM)
    feed.set("xml:lang", current().code)
    name = ctx.view.config.organization.get("name")
    _add(feed, "title", _("{name}: what's new", name=name) if name else _("What's new"))
    if days is None:
        _add(feed, "subtitle", no_history())
    _add(feed, "id", ident)
    _add(feed, "updated", _stamp(days[0].when if days else None, ctx.view.as_of))
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=page)
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=base + FEED_PATH)
    _add(ET.SubElement(feed, "author"), "name", name or _("Playbook"))
    for day in days or []:
        entry = ET.SubElement(feed, "entry")
        _add(entry, "title", _("Changes of {date}", date=i18n.date(day.day)))
        _add(entry, "id", uuid.uuid5(uuid.NAMESPACE_URL, f"{ident}#{day.day.isoformat()}").urn)
        _add(entry, "updated", _stamp(day.when, day.day))
        ET.SubElement(entry, "link", rel="alternate", type="text/html", href=f"{page}#{day_id(day.day)}")
        html = str(ul(change_lines(day, ctx)))
        _add(entry, "content", _HREF.sub(lambda m: f'href="{urljoin(base, m.group(1)) if base else m.group(1)}"', html),
             type="html")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8", xml_declaration=False) + b"\n"


def _add(parent: ET.Element, tag: str, text: str, **attrs) -> ET.Element:
    child = ET.SubElement(parent, tag, **attrs)
    child.text = _NOT_XML.sub("", str(text))
    return child


def _stamp(when: dt.datetime | None, day: dt.date) -> str:
    return (when or dt.datetime.combine(day, dt.time(), dt.timezone.utc)).isoformat()


