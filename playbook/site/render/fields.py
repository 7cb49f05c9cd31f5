"""Every field of an entity in readable form, driven by the kind's schema.

Labels come from field names, fields keep the schema's order, dates become
`<time>` elements, lists become lists (lists of mappings become small tables),
nested mappings become definition lists (a cost reads as money: "€12,000 a year"),
http(s) addresses become external links, and reference fields become links to the
entities they name (or "a restricted item"). No kind has code of its own here.
"""
from __future__ import annotations

import re

from markupsafe import Markup, escape

from playbook import i18n
from playbook.check.edition import Withheld
from playbook.content.dates import parse_date
from playbook.content.model import Entity
from playbook.content.schemas import fields_of, kind_schema
from playbook.i18n import _
from playbook.i18n.terms import value_text
from playbook.site.render.calendar import frequency_text
from playbook.site.render.context import Ctx, restricted
from playbook.site.render.costs import cost_value
from playbook.site.render.formats import date, label, number
from playbook.site.render.html import dl, el, table, ul
from playbook.site.render.long_lists import bounded

SHOWN_ELSEWHERE = {"title", "summary", "body", "tags", "owner", "visibility", "commentary", "draft", "import",
                   "details_visibility"}
VOCABULARY = {("perspective",): "perspectives", ("building_blocks",): "building_blocks", ("roles", "*"): "roles",
              ("mode",): "modes", ("modes",): "modes", ("modes", "*"): "modes"}
"""Fields whose values (or, for a mapping, keys) are names playbook.yml gives titles to: a person's
roles and a mode, wherever it is named (an entity's modes, a posting plan's mode), read as their
titles, not their keys. A path matches in full or by its last one or two steps."""
_WEB_ADDRESS = re.compile(r"^https?://[^\s<>\"'`\\]+$", re.I)


def ordered(data: dict, properties: dict) -> list[str]:
    """The keys of data in schema order, then any others in written order."""
    return [k for k in properties if k in data] + [k for k in data if k not in properties]


def details(entity: Entity, ctx: Ctx, hide=frozenset()) -> Markup:
    """Every field not shown elsewhere on the page, nor named in `hide`."""
    properties = kind_schema(entity.kind).get("properties", {})
    shown = [k for k in ordered(entity.data, properties) if k not in SHOWN_ELSEWHERE and k not in hide]
    return _mapping(entity, entity.data, shown, properties, (), ctx, class_="pb-fields")


def _mapping(entity, data: dict, keys, properties: dict, path: tuple, ctx: Ctx, class_=None) -> Markup:
    words = _words(path, ctx)
    pairs = [(words.get(k) or label(k), value(entity, data[k], properties.get(k, {}), path + (k,), ctx)) for k in keys]
    return dl(pairs, class_=class_)


def value(entity: Entity, data, spec: dict, path: tuple, ctx: Ctx) -> Markup:
    """One field's value as HTML."""
    ref_field = next((f for f in fields_of(entity.kind) if f.path == path), None)
    if ref_field is not None:
        items = ref_items(data, ref_field, ctx)
        if len(path) == 1:  # a relation of the entity's own: a long one is cut short
            items = bounded(items, entity, path[0], ctx)
        return ul(items) if len(items) > 1 else (items[0] if items else Markup(""))
    if spec.get("x-reads-as") == "money" and (money := cost_value(data)):
        return escape(money)
    if isinstance(data, dict):
        props = spec.get("properties", {})
        return _mapping(entity, data, ordered(data, props), props, path, ctx)
    if isinstance(data, list):
        return _list(entity, data, spec.get("items", {}), path + ("*",), ctx)
    if spec.get("x-reads-as") == "month" and isinstance(data, int) and 1 <= data <= 12:
        return escape(i18n.month_name(data))
    return escape(_words(path, ctx).get(data) or "") or listed(data, spec) if isinstance(data, str) else scalar(data)


def _words(path: tuple, ctx: Ctx) -> dict[str, str]:
    """The titles playbook.yml gives the names held at `path` (perspectives, building blocks)."""
    section = VOCABULARY.get(path) or VOCABULARY.get(path[-2:]) or VOCABULARY.get(path[-1:])
    if not section:
        return {}
    titles = getattr(ctx.view.config, section).items()
    return {name: _(title if isinstance(title, str) else title[0]) for name, title in titles}  # a role: (title, modes)


def ref_items(data, ref_field, ctx: Ctx) -> list[Markup]:
    """A reference field's value as links to the entities it names (or "a restricted item")."""
    items = data if isinstance(data, list) else [data]
    out = []
    for text in items:
        target = ctx.view.resolve(text, ref_field)
        out.append(ctx.link(target) if target is not None else scalar(text))
    return out


def _list(entity, data: list, spec: dict, path: tuple, ctx: Ctx) -> Markup:
    if data and all(isinstance(item, dict) for item in data):
        props = spec.get("properties", {})
        keys = [k for k in ordered({k: None for item in data for k in item}, props) if not props.get(k, {}).get("x-read-with")]
        rows = [[_cell(entity, item, k, props.get(k, {}), path + (k,), ctx) for k in keys] for item in data]
        return table([label(k) for k in keys], rows, sortable=False)
    items = [value(entity, item, spec, path, ctx) for item in data]
    return items[0] if len(items) == 1 else ul(items)


def _cell(entity, item: dict, key: str, spec: dict, path: tuple, ctx: Ctx) -> Markup:
    """One field of a listed mapping; a field the schema reads as a sentence (`x-reads-as: posting`)
    is written from the whole mapping, the fields read with it (`x-read-with`) included."""
    if spec.get("x-reads-as") == "posting":
        return escape(frequency_text(item))
    return value(entity, item.get(key), spec, path, ctx)


def listed(data, spec: dict) -> Markup:
    """A value the schema lists (a policy type, a cadence) as a word of the catalogue; any other as `scalar`."""
    return escape(value_text(data)) if isinstance(data, str) and data in (spec.get("enum") or ()) else scalar(data)


def scalar(data) -> Markup:
    if data is None:
        return Markup("")
    if isinstance(data, Withheld):
        return el("span", restricted(), class_="pb-restricted")
    if isinstance(data, bool):
        return escape(_("yes") if data else _("no"))
    if isinstance(data, (int, float)):
        return escape(number(data))
    text = str(data)
    if parse_date(text):
        return date(text)
    if _WEB_ADDRESS.match(text.strip()):
        return external(text.strip())
    return Markup("<br>").join(escape(line) for line in text.strip().split("\n"))


def external(address: str) -> Markup:
    return el("a", address, href=address, class_="pb-external", rel="noopener noreferrer")
