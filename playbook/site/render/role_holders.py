"""Who holds each role, in order: the first acts, the second deputizes, the rest are alternates.

The order is the role file's `holders` (people of the playbook, or someone outside the
staff list named with their organization), followed by the people whose own `roles`
name the role and whom the file does not list. Used by the Team page and the mode pages,
where the first holders' phone numbers are tap-to-call links (`call_link`) when the
edition shows their contact.
"""
from __future__ import annotations

import re

from markupsafe import Markup, escape

from playbook.content.model import Entity
from playbook.content.schemas import fields_of
from playbook.i18n import _
from playbook.site.render.context import Ctx, restricted
from playbook.site.render.html import el
from playbook.site.render.view import title_key


def role_file(role: str, ctx: Ctx) -> Entity | None:
    return next((r for r in ctx.view.of_kind("role") if r.id == role), None)


def holder_people(person: Entity) -> list[str]:
    roles = person.data.get("roles")
    return [r for r in roles if isinstance(r, str)] if isinstance(roles, list) else []


def _outside(holder: dict) -> Markup:
    """Someone outside the staff list: their name, and whom they work for and when they hold it."""
    more = [str(holder[key]) for key in ("organization", "note") if holder.get(key)]
    return escape(str(holder.get("name"))) + (Markup(" ({})").format("; ".join(more)) if more else "")


def listed_people(role: str, ctx: Ctx) -> list[Entity]:
    """The people of the playbook the role file lists as holders, in order."""
    entry = role_file(role, ctx)
    field = next(f for f in fields_of("role") if f.path == ("holders", "*", "person"))
    found = [ctx.view.resolve(h.get("person"), field) for h in (entry.data.get("holders") or []) if entry
             and isinstance(h, dict) and h.get("person")] if entry else []
    return [p for p in found if p is not None]


def holds(person: Entity, role: str, ctx: Ctx) -> bool:
    return role in holder_people(person) or person in listed_people(role, ctx)


def responsibilities(role: str, ctx: Ctx) -> list[str]:
    entry = role_file(role, ctx)
    duties = entry.data.get("responsibilities") if entry else None
    return [str(d) for d in duties] if isinstance(duties, list) else []


_NOT_DIALLED = re.compile(r"[^0-9+]")


def call_link(name: str, contact) -> Markup | None:
    """A tap-to-call link to a contact's phone, as the edition's copy holds it (a contact the
    edition may not show is not there); None without a number."""
    phone = contact.get("phone") if isinstance(contact, dict) else None
    dialled = _NOT_DIALLED.sub("", phone) if isinstance(phone, str) else ""
    if len(dialled.lstrip("+")) < 3:
        return None
    return el("a", _("Call {name}: {phone}", name=name, phone=" ".join(phone.split())), href=f"tel:{dialled}",
              class_="md-button pb-call")


def _holders(role: str, ctx: Ctx) -> list[tuple[Markup, str | None, object]]:
    """(how the holder reads, their name, their contact as the edition shows it) of each holder, in order."""
    entry = role_file(role, ctx)
    field = next(f for f in fields_of("role") if f.path == ("holders", "*", "person"))
    out, named = [], set()
    for holder in (entry.data.get("holders") or []) if entry else []:
        if not isinstance(holder, dict):
            continue
        person = ctx.view.resolve(holder.get("person"), field) if holder.get("person") else None
        if person is not None:
            named.add(person.key)
            note = Markup(" ({})").format(holder["note"]) if holder.get("note") else ""
            out.append((ctx.link(person) + note, person.title, person.data.get("contact")))
        elif holder.get("person"):  # a person this edition does not show
            out.append((el("span", restricted(), class_="pb-restricted"), None, None))
        elif holder.get("name"):
            out.append((_outside(holder), str(holder["name"]), holder.get("contact")))
    people = sorted(ctx.view.of_kind("person"), key=title_key)
    out += [(ctx.link(p), p.title, p.data.get("contact")) for p in people if role in holder_people(p) and p.key not in named]
    return out


def holders(role: str, ctx: Ctx) -> list[Markup]:
    """The role's holders in order, each linked where they are people of the playbook."""
    return [shown for shown, __, __ in _holders(role, ctx)]


def call_links(role: str, ctx: Ctx, first: int = 2) -> list[Markup]:
    """Tap-to-call links to the first holders (the one who acts and the deputy) whose phone the edition shows."""
    links = [call_link(name, contact) for __, name, contact in _holders(role, ctx)[:first] if name]
    return [link for link in links if link]


def in_order(names: list[Markup]) -> Markup:
    """'A; deputy: B; then: C, D' (or 'nobody yet')."""
    if not names:
        return escape(_("nobody yet"))
    text = names[0]
    if len(names) > 1:
        text += Markup("; ") + _("deputy: {name}", name=names[1])
    if len(names) > 2:
        text += Markup("; ") + _("then: {names}", names=Markup(", ").join(names[2:]))
    return text
