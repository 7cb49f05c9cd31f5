"""Who someone is on GitHub, and who stands in for an entity's owner.

A person's contact lists their handles; the one whose platform is `github` is their
GitHub login, written with or without `@` and compared without regard to case, as GitHub
does. The check-in from an issue form and the CODEOWNERS file both ask the same two
questions: which person is this login, and who answers for this entity (its owner, when
a person of the playbook, then the owner's deputy).
"""
from __future__ import annotations

import re

from playbook.check.graph import Graph
from playbook.content.model import Entity

GITHUB_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")
"""A GitHub login: letters, digits and single inner hyphens, at most 39 characters."""


def github_handles(person: Entity) -> list[str]:
    """The person's GitHub logins as written (without `@`), lowercased, in order."""
    contact = person.data.get("contact")
    handles = contact.get("handles") if isinstance(contact, dict) else None
    found = [str(h.get("handle", "")).strip().removeprefix("@").lower()
             for h in handles or [] if isinstance(h, dict) and str(h.get("platform", "")).strip().lower() == "github"]
    return list(dict.fromkeys(found))


def valid_handles(person: Entity) -> list[str]:
    return [h for h in github_handles(person) if GITHUB_LOGIN.fullmatch(h)]


def person_with_login(graph: Graph, login: str) -> Entity | None:
    return next((p for p in graph.of_kind("person") if login.lower() in github_handles(p)), None)


def stand_ins(graph: Graph, entity: Entity) -> list[Entity]:
    """The entity's owner (when a person of the playbook) and the owner's deputy, in that order."""
    owner = graph.get("person", str(entity.data.get("owner", "")))
    deputy = graph.get("person", str(owner.data.get("deputy", ""))) if owner else None
    return [p for p in (owner, deputy if deputy is not owner else None) if p is not None]
