"""Owner commentary: `playbook measure --comment` writes it with the reading, or writes nothing.

The entry lands in the KPI's own file, every other byte kept; the checker reads back
exactly the entry meant; a file or comment the writer cannot judge safe is refused
with both files untouched.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest

from playbook.check.checker import check
from playbook.cli.commands import main
from playbook.content.commentary import latest

from .contenttree import AS_OF, copy_minimal

KPI = "kpis/qualified-leads.yml"
CSV = "measurements/qualified-leads.csv"


@pytest.fixture
def root(tmp_path):
    return copy_minimal(tmp_path / "content")


def measure(capsys, root, *argv: str):
    code = main(["measure", "qualified-leads", *argv, "--content", str(root), "--as-of", AS_OF])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out, out.err


def checked(root):
    return check(root, as_of=dt.date.fromisoformat(AS_OF))


def commentary(root) -> list[dict]:
    result = checked(root)
    assert result.errors == []
    return result.graph.get("kpi", "qualified-leads").data.get("commentary")


def files(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


TRICKY = [
    'Two stores: "slow" replies; #busy',
    "- a dash first, then: a colon",
    "key: value\nsecond: line",
    "--- a document marker",
    "{not: a mapping} [nor a list] & *alias !tag %directive @at `tick",
    "Wetter in Österreich \u2014 \u2028 line separator \\ backslash",
    "'single quotes' and \ttabs",
]


@pytest.mark.parametrize("text", TRICKY)
def test_a_comment_reads_back_exactly_as_given(root, capsys, text):
    before = (root / KPI).read_text(encoding="utf-8")
    code, out, err = measure(capsys, root, "80", "--date", "2026-05-10", "--comment", text, "--next", text,
                             "--help-needed", text, "--author", "Ada Park")
    assert code == 0, err
    assert "added the commentary of 2026-05-10" in out
    assert commentary(root) == [{"date": "2026-05-10", "why": text.strip(), "next": text.strip(), "help_needed": text.strip(),
                                 "author": "Ada Park"}]
    assert (root / KPI).read_text(encoding="utf-8").startswith(before)  # the rest of the file as written


@pytest.mark.parametrize("existing, indent", [
    ("commentary:\n  - date: '2026-04-01'\n    why: First.\n", "  "),
    ("commentary:\n- date: '2026-04-01'\n  why: First.\n", ""),
    ("commentary:    # the owner's words\n    - date: '2026-04-01'\n      why: >-\n        First,\n        folded.\n\n", "    "),
    ("commentary:\n  - date: '2026-04-01'\n    why: First.\n# a closing remark\ntags: [leads]\n", "  "),
    ("commentary: []\ntags: [leads]\n", "  "),
])
def test_an_entry_joins_the_list_the_file_already_holds(root, capsys, existing, indent):
    (root / KPI).write_text((root / KPI).read_text(encoding="utf-8") + existing, encoding="utf-8")
    old = commentary(root) or []
    assert measure(capsys, root, "80", "--date", "2026-05-10", "--comment", "Second.")[0] == 0
    assert commentary(root) == [*old, {"date": "2026-05-10", "why": "Second."}]
    assert f'\n{indent}- date: "2026-05-10"\n{indent}  why: "Second."\n' in (root / KPI).read_text(encoding="utf-8")


def test_crlf_a_byte_order_mark_and_a_missing_last_newline_are_kept(root, capsys):
    text = (root / KPI).read_text(encoding="utf-8").rstrip("\n").replace("\n", "\r\n")
    (root / KPI).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert measure(capsys, root, "80", "--date", "2026-05-10", "--comment", "Why.")[0] == 0
    raw = (root / KPI).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + text.encode("utf-8") + b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert commentary(root) == [{"date": "2026-05-10", "why": "Why."}]


def test_a_markdown_kpi_gets_the_entry_in_its_front_matter(root, capsys):
    yaml = (root / KPI).read_text(encoding="utf-8")
    (root / KPI).unlink()
    (root / "kpis/qualified-leads.md").write_text(f"---\n{yaml}---\nThe body stays.\n\n---\n\nEven after a rule.\n",
                                                  encoding="utf-8")
    assert measure(capsys, root, "80", "--date", "2026-05-10", "--comment", "Why.")[0] == 0
    result = checked(root)
    kpi = result.graph.get("kpi", "qualified-leads")
    assert kpi.data["commentary"] == [{"date": "2026-05-10", "why": "Why."}]
    assert kpi.body == "The body stays.\n\n---\n\nEven after a rule.\n"


REFUSED = [
    (["--comment", ""], "--comment is empty"),
    (["--comment", "   "], "--comment is empty"),
    (["--next", "Then this."], "--next needs --comment"),
    (["--author", "Ada Park"], "--author needs --comment"),
    (["--comment", "x" * 2001], "the most a commentary part holds is 2,000"),
    (["--comment", "Why.", "--author", "Ada\nPark"], "--author is one line"),
    (["--comment", "Why.", "--help-needed", "bad \udcff byte"], "is not valid UTF-8 text"),
]


@pytest.mark.parametrize("args, words", REFUSED)
def test_a_comment_refused_as_given_leaves_both_files_alone(root, capsys, args, words):
    before = files(root)
    code, _, err = measure(capsys, root, "80", "--date", "2026-05-10", *args)
    assert code == 2 and words in err
    assert files(root) == before


FILES_REFUSED = [
    ("commentary: [{date: '2026-04-01', why: First.}]\n", "not written as a block list"),
    ("commentary: {date: '2026-04-01'}\n", "PB010"),
    ("commentary:\n  - date: '2026-04-01'\n", "PB011"),
    ("bogus: field\n", "PB012"),
    ("commentary:\n  - date: '2026-13-01'\n    why: Bad date.\n", "PB014"),
]


@pytest.mark.parametrize("tail, words", FILES_REFUSED)
def test_a_kpi_file_the_writer_cannot_judge_is_refused_and_no_file_changes(root, capsys, tail, words):
    (root / KPI).write_text((root / KPI).read_text(encoding="utf-8") + tail, encoding="utf-8")
    before = files(root)
    code, _, err = measure(capsys, root, "80", "--date", "2026-05-10", "--comment", "Why.")
    assert code != 0 and words in err and "nothing was written" in err
    assert files(root) == before


def test_without_a_comment_the_kpi_file_is_not_touched(root, capsys):
    before = (root / KPI).read_bytes()
    assert measure(capsys, root, "80", "--date", "2026-05-10")[0] == 0
    assert (root / KPI).read_bytes() == before


def test_the_latest_entry_is_the_latest_by_date_not_the_last_written():
    data = {"commentary": [{"date": "2026-05-04", "why": "Newer."}, {"date": "2026-02-01", "why": "Older."},
                           {"date": "2026-99-01", "why": "Not a date."}, {"date": "2026-06-01"}, "text"]}
    assert latest(data) == {"date": "2026-05-04", "why": "Newer."}
    assert latest({"commentary": "text"}) is None and latest({}) is None


# What pages show of it

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def rendered(root, edition: str = "internal") -> dict[str, str]:
    from playbook.site.all_pages import SiteOptions, render_site
    pages = render_site(checked(root), SiteOptions(edition=edition, as_of=dt.date.fromisoformat(AS_OF)))
    return {p.path: p.markdown for p in pages}


def lagging(root, commentary: str) -> None:
    """The minimal playbook's KPI far behind its plan, with the commentary given."""
    (root / CSV).write_text("date,value,note\n2026-01-01,10,\n2026-05-01,11,\n", encoding="utf-8")
    (root / KPI).write_text((root / KPI).read_text(encoding="utf-8") + commentary, encoding="utf-8")


@pytest.mark.parametrize("part", ["why", "next", "help_needed", "author"])
def test_commentary_text_is_escaped_on_every_page_that_shows_it(root, part):
    entry = {"date": "2026-05-02", "why": "Behind.", part: HOSTILE + " Behind."}
    lagging(root, "commentary:\n  - " + "\n    ".join(f"{k}: {json.dumps(v)}" for k, v in entry.items()) + "\n")
    pages = rendered(root)
    shown = {path: text for path, text in pages.items() if "Behind." in text}
    assert {"kpis/qualified-leads.md", "scorecard.md", "index.md"} <= set(shown)
    for path, text in shown.items():
        assert "<script>" not in text and "<img src=x" not in text, path


def test_the_latest_commentary_leads_the_kpi_page_and_earlier_ones_fold(root):
    lagging(root, "commentary:\n  - {date: '2026-05-02', why: Newest reason., next: Then this., author: Ada Park}\n"
                  "  - {date: '2026-03-01', why: Older reason.}\n")
    page = rendered(root)["kpis/qualified-leads.md"]
    assert page.index("Newest reason.") < page.index("<details") < page.index("Older reason.") < page.index("## Status")
    assert "Then this." in page and "Ada Park" in page


def test_needs_attention_lists_the_lagging_kpi_with_its_reason_and_an_on_track_one_not(root):
    lagging(root, "commentary:\n  - {date: '2026-05-02', why: The reason it lags.}\n")
    home = rendered(root)["index.md"]
    attention = home[home.index('class="pb-attention"'):]
    assert "Qualified leads from social" in attention and "The reason it lags." in attention
    (root / CSV).write_text("date,value,note\n2026-01-01,10,\n2026-05-01,90,\n", encoding="utf-8")
    assert 'class="pb-attention"' not in rendered(root)["index.md"]
