"""The names of kinds, fields and statuses: the organization's own words, else the catalogue's.

`terms` in playbook.yml renames any of them, in whatever language the site is in:

    terms:
      goal: [Objective, Objectives]   # singular and plural
      audience: Residents             # one word for both
      on track: Going well            # a status
      owner: Lead                     # a field

Names for headings and tables are used as written; inside sentences a renamed kind
is lower-cased, except in languages that capitalise nouns.
"""
from __future__ import annotations

from playbook.i18n import N_, Nn_, _, _p, current, number

KIND_TITLES = {
    "strategy": (N_("Strategy"), N_("Strategies")), "department": (N_("Department"), N_("Departments")),
    "goal": (N_("Goal"), N_("Goals")), "tactic": (N_("Tactic"), N_("Tactics")), "kpi": (N_("KPI"), N_("KPIs")),
    "audience": (N_("Audience"), N_("Audiences")), "channel": (N_("Channel"), N_("Channels")),
    "policy": (N_("Policy"), N_("Policies")), "initiative": (N_("Initiative"), N_("Initiatives")),
    "maturity": (N_("Maturity"), N_("Maturity")), "relationship": (N_("Relationship"), N_("Relationships")),
    "theme": (N_("Theme"), N_("Themes")), "person": (N_("Person"), N_("People")),
    "role": (N_("Role"), N_("Roles")), "holding": (N_("Holding statement"), N_("Holding statements")),
    "exercise": (N_("Exercise"), N_("Exercises")),
}
KIND_WORDS = {
    "strategy": Nn_("strategy", "strategies"), "department": Nn_("department", "departments"),
    "goal": Nn_("goal", "goals"), "tactic": Nn_("tactic", "tactics"), "kpi": Nn_("KPI", "KPIs"),
    "audience": Nn_("audience", "audiences"), "channel": Nn_("channel", "channels"),
    "policy": Nn_("policy", "policies"), "initiative": Nn_("initiative", "initiatives"),
    "maturity": Nn_("maturity dimension", "maturity dimensions"),
    "relationship": Nn_("relationship", "relationships"), "theme": Nn_("theme", "themes"),
    "person": Nn_("person", "people"), "role": Nn_("role", "roles"),
    "holding": Nn_("holding statement", "holding statements"), "exercise": Nn_("exercise", "exercises"),
}
"""Kinds as words inside a sentence: '3 goals', 'the goal X'."""
STATUS_WORDS = {
    "achieved": N_("achieved"), "on track": N_("on track"), "at risk": N_("at risk"), "stale": N_("stale"),
    "off track": N_("off track"), "missed": N_("missed"), "no data": N_("no data"),
}
CAPITALISED_NOUNS = {"de"}
"""Languages whose nouns keep their capital inside a sentence."""
ABBREVIATIONS = {"kpi": "KPI", "kpis": "KPIs", "url": "URL", "cta": "CTA"}


def renamed(key: str) -> tuple[str, str] | None:
    """(singular, plural) that playbook.yml gives `key`, if it renames it."""
    return current().terms.get(key)


def kind_title(kind: str, plural: bool = False) -> str:
    """'Goal', 'Goals': for headings, tables and the sidebar."""
    own = renamed(kind)
    return own[plural] if own else _(KIND_TITLES[kind][plural])


def kind_word(kind: str, n: int = 1) -> str:
    """'goal', 'goals': the kind inside a sentence, for a count of n."""
    own = renamed(kind)
    if not own:
        return current().translations.ngettext(*KIND_WORDS[kind], n)  # a word: no count to format
    word = own[current().locale.plural_form(n) != "one"]
    return word if current().code in CAPITALISED_NOUNS else word[:1].lower() + word[1:]


def count(n: int, kind: str) -> str:
    """'1 goal', '3 goals', '2 KPIs'."""
    return _("{count} {things}", count=number(n), things=kind_word(kind, n))


def status_text(status: str) -> str:
    own = renamed(status)
    return own[0] if own else _(STATUS_WORDS[status])


def english_label(name: str) -> str:
    """A field or relation name as an English label: `call_to_action` -> 'Call to action'."""
    words = [ABBREVIATIONS.get(w, w) for w in name.replace(".", " ").replace("_", " ").replace("-", " ").split()]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def label(name: str) -> str:
    """A field or relation name for people, in the site's language (the schemas' names are
    catalogue messages)."""
    own = renamed(name)
    return own[0] if own else _(english_label(name))


def value_text(value: str) -> str:
    """A value a schema lists (a policy type, a cadence, an account status) for people."""
    return _p("value", value)


def kind_words() -> dict[str, str]:
    """Every kind as a word inside a sentence, for messages that name kinds: `{goal}` and
    `{goals}`, `{kpi}` and `{kpis}`, `{strategy}` and `{strategies}`..."""
    words = {}
    for kind, (one, many) in KIND_WORDS.items():
        words[kind], words[kind + "_many"] = kind_word(kind, 1), kind_word(kind, 2)
    return words
