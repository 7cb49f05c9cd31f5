"""A rebuild that takes unchanged pages from the last build makes exactly what a full build makes.

The sample playbook is copied into a git repository; one `PageMemo` follows it through a
series of edits of every kind (a title, a summary, a measurement, a target that turns a
status, a new tactic, a milestone's date, a deleted initiative, a person turned confidential, a free page, an
owner, procedures moved out of a mode and back, `playbook.yml`, a commit, a reverted edit), each checked
with the memo's parsed files. After each, every page and file of the
rebuild equals a full build's, byte for byte, in each edition; and an edit that touches
one entity makes far fewer pages than the site holds. A random series of edits of the same
kinds runs in the same way.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook.check.checker import check
from playbook.site import all_pages
from playbook.site.all_pages import SiteOptions, build_site
from playbook.site.page_memo import PageMemo
from playbook.site.render.context import Ctx
from playbook.site.render.modes import with_mode_bar
from playbook.site.render.view import View

from .gitrepo import commit_all, init_repo

SAMPLE = Path(__file__).resolve().parents[1] / "content"
DAY = dt.date(2026, 12, 1)


def sub(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, replacement, text, count=1, flags=re.M)
    assert changed != text, f"{path.name}: {pattern!r} not found"
    path.write_text(changed, encoding="utf-8")


def retitle_kpi(root: Path) -> None:
    sub(root / "kpis" / "google-review-rating.yml", r"^title: .*$", "title: Star rating, all stores")


def new_summary(root: Path) -> None:
    sub(root / "goals" / "answer-customers-faster.md", r"^summary: >-$", "summary: >-\n  Faster, kinder replies.")


def add_measurement(root: Path) -> None:
    path = root / "measurements" / "google-review-rating.csv"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n2026-11-20,3.1,A bad month\n", encoding="utf-8")


def move_target(root: Path) -> None:
    sub(root / "kpis" / "google-review-rating.yml", r"^target:\n  value: 4.6$", "target:\n  value: 4.9")


def new_tactic(root: Path) -> None:
    text = (root / "tactics" / "fault-listening-loop.yml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^serves: .*$", "serves: answer-customers-faster", text.replace("Product fault", "Quick reply"))
    (root / "tactics" / "quick-reply-templates.yml").write_text(text, encoding="utf-8")


def move_milestone(root: Path) -> None:
    """A date on the owner's list of what is due moves; the owner's file is not touched."""
    sub(root / "initiatives" / "lancaster-opening-campaign.yml", r'^    date: "2027-02-15"$', '    date: "2027-01-20"')


def delete_initiative(root: Path) -> None:
    (root / "initiatives" / "repair-clinic-programme.yml").unlink()


def person_confidential(root: Path) -> None:
    sub(root / "people" / "aisha-dunmore.yml", r"^visibility: internal$", "visibility: confidential")


def new_free_page(root: Path) -> None:
    (root / "pages" / "replies.md").write_text(
        "---\ntitle: How we reply\n---\nSee [[goal:answer-customers-faster]] and [[kpi:google-review-rating]].\n",
        encoding="utf-8")


def new_owner(root: Path) -> None:
    sub(root / "goals" / "answer-customers-faster.md", r"^owner: beth-hollins$", "owner: callum-reid")


def edit_settings(root: Path) -> None:
    path = root / "playbook.yml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")


MODE_TIES = ("exercises/booking-outage-drill.yml", "policies/incident-posting-procedure.md",
             "policies/crisis-escalation-procedure.md")


def modes_out_of_use(root: Path) -> None:
    """The drill and the procedures move out of the incident mode (the channels' incident plans keep it in use)."""
    for name in MODE_TIES:
        sub(root / name, r"^modes: \[incident\]$", "modes: [steady]")


def modes_back_in_use(root: Path) -> None:
    """Back in the incident mode; in a series that never moved them out, a save that changes nothing."""
    for name in MODE_TIES:
        path = root / name
        path.write_text(re.sub(r"^modes: \[steady\]$", "modes: [incident]", path.read_text(encoding="utf-8"), flags=re.M),
                        encoding="utf-8")


def new_cost(root: Path) -> None:
    sub(root / "tactics" / "repair-status-whatsapp.yml", r"^  amount: 45.5$", "  amount: 61")


def first_cost(root: Path) -> None:
    """A tactic no initiative delivers, and without a cost, gets one: it joins its strategy's total on the roadmap."""
    path = root / "tactics" / "youtube-fix-it-guides.yml"
    path.write_text(path.read_text(encoding="utf-8") + "cost:\n  amount: 120\n  currency: GBP\n  period: monthly\n",
                    encoding="utf-8")


def goal_to_other_strategy(root: Path) -> None:
    """The goal a costed tactic serves now supports the other strategy: the costs per strategy move."""
    sub(root / "goals" / "cut-repair-enquiry-calls.yml", r"^supports: repair-rent-resell$", "supports: open-lancaster-store")


def retitle_strategy(root: Path) -> None:
    sub(root / "strategies" / "open-lancaster-store.yml", r"^title: .*$", "title: A store in Lancaster")


def commit(root: Path) -> None:
    commit_all(root, "Edits of the week", author="Beth Hollins", date="2026-11-30T09:00:00+00:00")


EDITS = [retitle_kpi, new_summary, add_measurement, move_target, new_tactic, move_milestone, delete_initiative,
         person_confidential, new_free_page, new_owner, modes_out_of_use, modes_back_in_use, new_cost, first_cost,
         goal_to_other_strategy, retitle_strategy, edit_settings, commit]


@pytest.fixture()
def playbook(tmp_path: Path) -> Path:
    repo = init_repo(tmp_path / "repo")
    shutil.copytree(SAMPLE, repo / "content")
    commit_all(repo, "The playbook", date="2026-11-25T09:00:00+00:00")
    return repo / "content"


def built(site) -> tuple[dict, dict]:
    return {p.path: (p.markdown, p.title, p.section, p.in_nav, p.source) for p in site.pages}, site.files


def assert_same_as_full(root: Path, memo: PageMemo, options: SiteOptions) -> int:
    result = check(root, as_of=DAY, memo=memo.parsed)
    assert not result.errors, result.errors
    pages, files = built(build_site(result, options, memo))
    full_pages, full_files = built(build_site(check(root, as_of=DAY), options))
    assert sorted(pages) == sorted(full_pages)
    assert [p for p in full_pages if pages[p] != full_pages[p]] == []
    assert files == full_files
    return memo.made


@pytest.mark.parametrize("edition", ["internal", "public", "confidential"])
def test_each_edit_rebuilds_what_a_full_build_makes(playbook: Path, edition: str) -> None:
    memo, options = PageMemo(), SiteOptions(edition=edition, as_of=DAY)
    everything = assert_same_as_full(playbook, memo, options)
    made = {}
    for edit in EDITS:
        edit(playbook)
        made[edit.__name__] = (assert_same_as_full(playbook, memo, options), len(memo.units))
    assert made["retitle_kpi"][0] < everything / 3, made  # one entity's edit makes a part of the site
    assert made["edit_settings"][0] == made["edit_settings"][1]  # settings reach every page


def test_nothing_changed_makes_nothing(playbook: Path) -> None:
    memo, options = PageMemo(), SiteOptions(edition="internal", as_of=DAY)
    assert assert_same_as_full(playbook, memo, options) > 100
    assert assert_same_as_full(playbook, memo, options) == 0


BOOK_PARTS = ("_strategy", "_roadmap_part", "_overdue_part")


@pytest.mark.parametrize("edit, remade", [
    (retitle_kpi, {"_strategy": 1}),  # the KPI's strategy only
    (move_target, {"_strategy": 1}),
    (new_cost, {"_roadmap_part": 1}),  # the costs per strategy, under the roadmap
    (modes_back_in_use, {}),  # a save that changes nothing
    (add_measurement, {"_strategy": 1, "_roadmap_part": 1, "_overdue_part": 1}),  # its owner owns a milestone
    (edit_settings, {"_strategy": 2, "_roadmap_part": 1, "_overdue_part": 1}),
])
def test_the_print_page_makes_again_only_the_parts_an_edit_touches(playbook: Path, monkeypatch, edit, remade) -> None:
    """The print page is made again at every edit (its summary reads every KPI); each strategy's
    part, the roadmap and the overdue list are taken from the last build unless the edit
    touched what they read. The site stays the full build's (`assert_same_as_full`)."""
    from playbook.site.render import book

    made: dict[str, int] = {}
    for name in BOOK_PARTS:
        real = getattr(book, name)
        monkeypatch.setattr(book, name, lambda *a, real=real, name=name: made.update({name: made.get(name, 0) + 1}) or real(*a))
    full = {"_strategy": 2, "_roadmap_part": 1, "_overdue_part": 1}  # the sample's two strategies
    memo, options = PageMemo(), SiteOptions(edition="internal", as_of=DAY)
    assert_same_as_full(playbook, memo, options)  # two builds: the memo's first, and the full build
    assert made == {name: 2 * n for name, n in full.items()}
    made.clear()
    edit(playbook)
    assert_same_as_full(playbook, memo, options)
    assert {name: n - full[name] for name, n in made.items() if n > full[name]} == remade


def test_a_reverted_edit_comes_back_as_it_was(playbook: Path) -> None:
    memo, options = PageMemo(), SiteOptions(edition="internal", as_of=DAY)
    assert_same_as_full(playbook, memo, options)
    path = playbook / "kpis" / "google-review-rating.yml"
    before = path.read_text(encoding="utf-8")
    retitle_kpi(playbook)
    assert_same_as_full(playbook, memo, options)
    path.write_text(before, encoding="utf-8")
    assert_same_as_full(playbook, memo, options)


def test_a_page_turned_hidden_leaves_no_trace(playbook: Path) -> None:
    """A person turned confidential: no page of the internal rebuild names them (the pages that
    named them were made again, not taken from the last build)."""
    memo, options = PageMemo(), SiteOptions(edition="internal", as_of=DAY)
    assert_same_as_full(playbook, memo, options)
    person_confidential(playbook)
    assert_same_as_full(playbook, memo, options)
    site = build_site(check(playbook, as_of=DAY), options, memo)
    assert not [p.path for p in site.pages if "Aisha Dunmore" in p.markdown]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(EDITS[:-1]), min_size=2, max_size=4, unique=True))
def test_random_series_of_edits(tmp_path_factory, edits) -> None:
    repo = init_repo(tmp_path_factory.mktemp("series") / "repo")
    shutil.copytree(SAMPLE, repo / "content")
    commit_all(repo, "The playbook", date="2026-11-25T09:00:00+00:00")
    root, memo, options = repo / "content", PageMemo(), SiteOptions(edition="internal", as_of=DAY)
    assert_same_as_full(root, memo, options)
    for edit in edits:
        edit(root)
        assert_same_as_full(root, memo, options)


def test_kept_mode_bars_are_the_bars_drawn_afresh(playbook: Path, monkeypatch) -> None:
    """`with_mode_bar` with the bars of the last build: a page unchanged gets the same page back,
    and a page changed, moved out of the sidebar, new or gone, or a change of the modes in use,
    gives what a fresh drawing gives."""
    result = check(playbook, as_of=DAY)
    with monkeypatch.context() as patch:
        patch.setattr(all_pages, "with_mode_bar", lambda pages, ctx, kept=None: pages)
        source = build_site(result, SiteOptions(edition="internal", as_of=DAY)).pages  # as the units make them
    ctx = Ctx(View(result, "internal", DAY), "index.md")
    kept: dict = {}
    first = with_mode_bar(source, ctx, kept)
    assert first == with_mode_bar(source, ctx) and any("pb-mode-bar" in p.markdown for p in first)
    again = with_mode_bar(source, ctx, kept)
    assert all(a is b for a, b in zip(again, first))
    changed = [replace(source[0], markdown=source[0].markdown + "\nMore.\n"), replace(source[1], in_nav=not source[1].in_nav),
               *source[3:], replace(source[2], path="new/page.md")]
    assert with_mode_bar(changed, ctx, kept) == with_mode_bar(changed, ctx)
    settings = playbook / "playbook.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "modes:\n  steady: Steady state\n  incident: In an incident\n"
                        "  storm: In a storm\n", encoding="utf-8")
    sub(playbook / MODE_TIES[0], r"^modes: \[incident\]$", "modes: [storm]")
    more = Ctx(View(check(playbook, as_of=DAY), "internal", DAY), "index.md")
    bars = with_mode_bar(changed, more, kept)
    assert bars == with_mode_bar(changed, more) and sum("In a storm" in p.markdown for p in bars) > len(bars) / 2


def _key(root: Path) -> str:
    from playbook.site.page_memo import site_key
    return site_key(root, check(root), "options")


@pytest.mark.parametrize("change, counts", [
    (lambda root: (root / "pages" / "logo.svg").write_text("<svg/>", encoding="utf-8"), True),  # an asset of the pages
    (lambda root: (root / "pages" / "about.md").write_text("# About\n\nNew words.\n", encoding="utf-8"), True),
    (lambda root: sub(root / "playbook.yml", r"^", "# a comment\n"), True),
    (lambda root: (root / "pages" / "deep" / "deeper").mkdir(parents=True)
     or (root / "pages" / "deep" / "deeper" / "a.txt").write_bytes(b"x"), True),
    (lambda root: (root / "pages" / "deep").mkdir() or (root / "pages" / "deep" / "a.txt").write_bytes(b"x")
     or (root / "pages" / "deep" / "a.txt").rename(root / "pages" / "deep" / "b.txt"), True),  # a renamed file
    (lambda root: (root / os.fsdecode(b"caf\xe9.txt")).write_bytes(b"x"), True),  # a name that is not UTF-8
    (retitle_kpi, False),  # an entity's file: its fingerprint tells
    (add_measurement, False),  # a KPI's measurements: the same
    (lambda root: (root / ".drafts").mkdir() or (root / ".drafts" / "x.md").write_text("x", encoding="utf-8"), False),
])
def test_the_site_key_follows_every_file_but_entities_and_measurements(tmp_path, change, counts):
    root = tmp_path / "content"
    shutil.copytree(SAMPLE, root)
    before = _key(root)
    assert _key(root) == before
    change(root)
    assert (_key(root) != before) is counts
