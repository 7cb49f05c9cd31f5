"""PB104 judges a reference from the first edition that shows it.

A public channel's accounts and posting plans have a visibility of their own (internal by
default), and an account's operational fields (managers, backup, custodian, approval route)
are internal unless `details_visibility` opens them. A reference written there is never
shown by the public edition, so naming an internal person there is no finding; naming a
confidential one still is, from the internal edition. Each variant is the minimal playbook
with one public channel.
"""
from __future__ import annotations

import datetime as dt

import pytest

from playbook.check.checker import check

from .contenttree import copy_minimal, write_tree

PEOPLE = {"people/ida.yml": "title: Ida Inside\nposition: Editor\n",  # internal by default
          "people/cleo.yml": "title: Cleo Closed\nposition: Counsel\nvisibility: confidential\n",
          "departments/back-office.yml": "title: Back office\nhead: ida\nsocial_media: {role: None}\n",
          "tactics/internal-push.yml": "title: Internal push\nserves: win-leads\nchannels: linkedin\ncall_to_action: Go\n"}
CHANNEL = "title: LinkedIn\nplatform: LinkedIn\nvisibility: public\n"


def pb104(tmp_path, channel: str) -> list[tuple[int, str]]:
    root = write_tree(copy_minimal(tmp_path / "content"), {**PEOPLE, "channels/linkedin.yml": CHANNEL + channel})
    return [(d.line, d.message) for d in check(root, as_of=dt.date(2026, 6, 1)).diagnostics
            if d.code == "PB104" and d.file == "channels/linkedin.yml"]


WITHHELD_ANYWAY = [
    "accounts:\n  - {handle: '@a', visibility: public, managers: [ida]}\n",
    "accounts:\n  - {handle: '@a', visibility: public, backup: ida, custodian: ida}\n",
    "accounts:\n  - {handle: '@a', visibility: public, approval: [{mode: incident, drafts: ida, reviews: ida, publishes: ida}]}\n",
    "accounts:\n  - {handle: '@a', managers: [ida], department: back-office}\n",  # the account itself is internal
    "accounts:\n  - {handle: '@a', visibility: public, details_visibility: {use: public}, managers: [ida]}\n",
    "posting:\n  - {tactic: internal-push, frequency: {per: week, min: 1}}\n",  # a plan is internal by default
    "accounts:\n  - {handle: '@a', visibility: internal, details_visibility: public, managers: [ida]}\n",
]


@pytest.mark.parametrize("channel", WITHHELD_ANYWAY)
def test_a_reference_no_lower_edition_shows_is_no_finding(tmp_path, channel):
    assert pb104(tmp_path, channel) == []


SHOWN_WITHHELD = [
    ("accounts:\n  - {handle: '@a', visibility: public, details_visibility: public, managers: [ida]}\n", "public"),
    ("accounts:\n  - {handle: '@a', visibility: public, details_visibility: {managers: public}, managers: [ida]}\n", "public"),
    ("accounts:\n  - {handle: '@a', visibility: public, department: back-office}\n", "public"),
    ("accounts:\n  - {handle: '@a', visibility: public, managers: [cleo]}\n", "internal"),
    ("accounts:\n  - {handle: '@a', custodian: cleo}\n", "internal"),
    ("posting:\n  - {tactic: internal-push, visibility: public, frequency: {per: week, min: 1}}\n", "public"),
]


@pytest.mark.parametrize("channel, edition", SHOWN_WITHHELD)
def test_a_reference_an_edition_shows_unlinked_is_still_reported_from_that_edition(tmp_path, channel, edition):
    found = pb104(tmp_path, channel)
    assert len(found) == 1, found
    line, message = found[0]
    assert line == 5 and f"a {edition} edition shows that reference without a link" in message


def test_the_finding_points_at_the_value_not_at_the_list(tmp_path):
    found = pb104(tmp_path, "accounts:\n  - handle: '@a'\n    visibility: public\n    details_visibility: public\n"
                            "    managers:\n      - ida\n")
    assert [line for line, _ in found] == [9]


def test_only_the_opened_field_is_judged_from_the_public_edition(tmp_path):
    found = pb104(tmp_path, "accounts:\n  - handle: '@a'\n    visibility: public\n"
                            "    details_visibility: {managers: public}\n    managers: [ida]\n    backup: [ida]\n")
    assert [line for line, _ in found] == [8]
    assert "field 'accounts.managers'" not in found[0][1] and "public channel refers to internal person 'ida'" in found[0][1]
