"""What an edition hides stays out of it, however an editor writes the words that name it.

A public playbook names confidential people, pages and a confidential KPI in the ways
a hurried or a hostile editor would: inline references and links in plain text fields,
page titles and measurement notes (not only in Markdown bodies); links and images whose
target names a hidden file in another letter case, with another extension, as a site
address or as the hidden KPI's measurement file; a hidden person's id or name written
loosely in a field that takes a person; and a hidden person's name in prose. Each variant
has a token of its own (in the hidden thing's id or name). The public edition is made
with the real commands (site, book, exports, due lists, the render folder) and every byte
is scanned; the confidential edition holds every token, which proves the scan sees them.

The internal site lists each file's git history: a commit that also touched a file the
edition hides says nothing of it there, by subject or otherwise.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .contenttree import copy_minimal, write_tree
from .gitrepo import commit_all, init_repo
from .sitebuild import write_project
from .test_editions import found, output_bytes

AS_OF = "2026-06-01"
BASE = {
    "strategies/grow.yml": "title: Grow\nvisibility: public\nstatement: Grow.\n"
                           "horizon: {start: '2026-01-01', end: '2027-12-31'}\n",
    "departments/sales.yml": "title: Sales\nvisibility: public\nhead: Ada Park\nsupports: grow\nsocial_media: {role: Leads}\n",
    "goals/leads.yml": "title: Leads\nvisibility: public\nsupports: grow\ndepartment: sales\ndue: '2027-06-30'\n",
    "kpis/signups.yml": "title: Signups\nvisibility: public\nmeasures: leads\nunit: signups\ndirection: increase\n"
                        "baseline: {value: 1, date: '2026-01-01'}\ntarget: {value: 90, date: '2027-06-30'}\n"
                        "source: CRM\ncadence: monthly\n",
    "channels/linkedin.yml": "title: LinkedIn\nvisibility: public\nplatform: LinkedIn\n",
    "tactics/webinars.yml": "title: Webinars\nvisibility: public\nserves: leads\nchannels: linkedin\ncall_to_action: Register\n",
}


def person(ident: str, name: str | None = None) -> dict[str, str]:
    """A confidential person (named `name`, default: the id in capitals and a surname)."""
    return {f"people/{ident}.yml": f"title: {name or ident.capitalize() + ' Quill'}\nvisibility: confidential\n"
                                   "position: Adviser\n"}


def page(ident: str) -> dict[str, str]:
    return {f"pages/{ident}.md": f"---\ntitle: Secret {ident}\nvisibility: confidential\n---\nSecret page.\n"}


def public_page(name: str, body: str, title: str | None = None) -> dict[str, str]:
    return {f"pages/{name}.md": f"---\ntitle: {json.dumps(title or name)}\nvisibility: public\n---\n{body}\n"}


def theme(name: str, owner: str, **fields: str) -> dict[str, str]:
    extra = "".join(f"{key}: {json.dumps(value)}\n" for key, value in fields.items())
    return {f"themes/{name}.yml": f"title: Theme {name}\nvisibility: public\nmonths: [6]\nchannels: linkedin\n"
                                  f"serves: leads\nowner: {json.dumps(owner)}\n{extra}"}


def initiative(name: str, milestone: str) -> dict[str, str]:
    return {f"initiatives/{name}.yml": f"title: Initiative {name}\nvisibility: public\nphase: One\n"
                                       f"start: '2026-01-01'\nend: '2027-12-31'\n"
                                       f"milestones: [{{title: {json.dumps(milestone)}, date: '2026-07-01'}}]\n"}


def hidden_kpi(ident: str) -> dict[str, str]:
    """A confidential KPI of the public goal, with measurements."""
    return {f"kpis/{ident}.yml": f"title: Secret {ident}\nvisibility: confidential\nmeasures: leads\nunit: calls\n"
                                 "direction: increase\nbaseline: {value: 1, date: '2026-01-01'}\n"
                                 "target: {value: 9, date: '2027-06-30'}\nsource: Log\ncadence: monthly\n",
            f"measurements/{ident}.csv": "date,value,note\n2026-05-01,4,\n"}


NOTES = ("2026-04-01,40,see [[person:zqrt3x]]\n"
         "2026-05-01,60,[notes](../people/zqrt7x.yml) and zqrp3x  quill\n")
"""The public KPI's measurement notes: an inline reference, a link, a hidden person's name."""

VARIANTS = {
    # inline references and links in text that is not a Markdown body
    "zqrt1x": {**person("zqrt1x"), **theme("t1", "Ada", summary="See [[person:zqrt1x]]")},
    "zqrt2x": {**person("zqrt2x"), **public_page("t2", "Text.", title="About [[person:zqrt2x]]")},
    "zqrt3x": person("zqrt3x"),  # in NOTES
    "zqrt4x": {**person("zqrt4x"), **initiative("t4", "Sign-off by [[person:zqrt4x|the adviser]]")},
    "zqrt5x": {**page("zqrt5x"), **theme("t5", "Ada", summary="Read [this](../pages/zqrt5x.md) first")},
    "zqrt6x": {**person("zqrt6x"), **theme("t6", "Ada", summary="Ask <a href='../people/zqrt6x.yml'>her</a>")},
    "zqrt7x": person("zqrt7x"),  # in NOTES
    # link and image targets naming a hidden file in another form
    "zqrl1x": {**person("zqrl1x"), **public_page("l1", "![x](../people/zqrl1x.md)")},
    "zqrl2x": {**person("zqrl2x"), **public_page("l2", "![x](../PEOPLE/ZQRL2X.YML)")},
    "zqrl3x": {**hidden_kpi("zqrl3x"), **public_page("l3", "![chart](../measurements/zqrl3x.csv)")},
    "zqrl4x": {**person("zqrl4x"), **public_page("l4", '<img alt="x" src="../people/zqrl4x/">')},
    "zqrl5x": {**page("zqrl5x"), **public_page("l5", "![x](../pages/zqrl5x.yaml)")},
    "zqrl6x": {**page("zqrl6x"), **public_page("l6", "![x][pic]\n\n[pic]: ../Pages/Zqrl6x.MD")},
    # a hidden person's id or name written loosely in a field that takes a person
    "zqrn1x": {**person("zqrn1x"), **theme("n1", "Zqrn1x  Quill")},
    "zqrn2x": {**person("zqrn2x"), **theme("n2", "Zqrn2x\u00a0Quill")},
    "zqrn3x": {**person("zqrn3x"), **theme("n3", "zqrn3x\tquill")},
    "zqrn4x": {**person("zqrn4x"), **theme("n4", "Person:zqrn4x")},
    "zqrn5x": {**person("zqrn5x"), **theme("n5", "ZQRN5X")},
    "zqrn6x": {**person("zqrn6x"), **theme("n6", "person: zqrn6x")},
    "zqrn7x": {**person("zqrn7x"), **theme("n7", "'zqrn7x'")},
    # a hidden person's name in prose
    "zqrp1x": {**person("zqrp1x"), **theme("p1", "Ada", summary="Ask Zqrp1x Quill before posting.")},
    "zqrp2x": {**person("zqrp2x"), **public_page("p2", "Ask zqrp2x QUILL, who knows.")},
    "zqrp3x": person("zqrp3x"),  # in NOTES
    "zqrp4x": {**person("zqrp4x"), **public_page("p4", "Text.", title="With Zqrp4x Quill")},
    "zqrp5x": {**person("zqrp5x"), **initiative("p5", "Zqrp5x Quill signs off")},
    "zqrp6x": {**person("zqrp6x"), **theme("p6", "Zqrp6x Quill (acting)")},
}
CLASSES = {"text": "zqrt", "targets": "zqrl", "loose names": "zqrn", "names in prose": "zqrp"}


def playbook(project, *args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "playbook", *args, "--as-of", AS_OF], cwd=project,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def edition_outputs(project, edition: str) -> dict[str, bytes]:
    """Every output made for the edition, lowercased: site, book, exports, due lists, render folder."""
    site, out = project / f"site-{edition}", project / f"out-{edition}"
    playbook(project, "build", "--edition", edition, "--site-dir", str(site))
    playbook(project, "report", "--edition", edition, "--out", str(out / "book.html"))
    playbook(project, "export", "--format", "stratml", "--edition", edition, "--out", str(out / "stratml.xml"))
    playbook(project, "export", "--format", "json", "--edition", edition, "--out", str(out / "export.json"))
    playbook(project, "export", "--format", "csv", "--edition", edition, "--out", str(out / "csv"))
    playbook(project, "render", "--edition", edition, str(out / "render"))
    outputs = {**output_bytes(site), **{f"out/{name}": data for name, data in output_bytes(out).items()}}
    for form in ("text", "json", "markdown", "ics"):
        outputs[f"due.{form}"] = playbook(project, "due", "--edition", edition, "--format", form).lower().encode()
    return outputs


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    files = dict(BASE)
    files["measurements/signups.csv"] = "date,value,note\n" + NOTES
    for variant in VARIANTS.values():
        files.update(variant)
    project = write_project(tmp_path_factory.mktemp("redteam"), files)
    assert "0 errors" in playbook(project, "validate")
    return {edition: edition_outputs(project, edition) for edition in ("public", "confidential")}


@pytest.mark.parametrize("token", sorted(VARIANTS))
def test_the_public_edition_holds_no_hidden_thing(editions, token):
    assert found(editions["public"], [token]) == {}


def test_the_confidential_edition_holds_every_token(editions):
    assert set(found(editions["confidential"], VARIANTS)) == set(VARIANTS)


def test_every_class_has_five_variants():
    for prefix in CLASSES.values():
        assert sum(token.startswith(prefix) for token in VARIANTS) >= 5, prefix


def test_what_is_withheld_reads_as_restricted(editions):
    public = editions["public"]
    assert b"[[restricted]]" in public["themes/t1/index.html"]
    assert b"a restricted item" in public["themes/n4/index.html"]
    assert b"ask [[restricted]] before posting" in public["themes/p1/index.html"]
    assert b"ask a restricted item, who knows" in public["pages/p2/index.html"]
    page = public["pages/l1/index.html"]
    assert b'<img alt="x" src="#restricted">' in page


def test_public_text_that_names_nothing_hidden_is_kept(editions):
    public = editions["public"]
    assert b"ada" in public["themes/t1/index.html"]  # an owner named as text
    assert b"read [this]" in public["themes/t5/index.html"]  # the words of a withheld link stay


# --- git history on the internal site -------------------------------------------------------

HISTORY = {
    **BASE,
    "goals/leads.yml": BASE["goals/leads.yml"].replace("visibility: public", "visibility: internal"),
    "kpis/held.yml": "title: Held\nvisibility: internal\nmeasurements_visibility: confidential\nmeasures: leads\n"
                     "unit: calls\ndirection: increase\nbaseline: {value: 1, date: '2026-01-01'}\n"
                     "target: {value: 9, date: '2027-06-30'}\nsource: Log\ncadence: monthly\n",
    "measurements/held.csv": "date,value,note\n2026-05-01,4,\n",
    **person("zqrh9x"),
    **page("zqrh8x"),
    **hidden_kpi("zqrh7x"),
}
COMMITS = [
    # (subject, files changed: path -> new text or None to delete)
    ("Start", {}),
    ("Leads now name zqrh1x", {"goals/leads.yml": HISTORY["goals/leads.yml"] + "summary: one\n",
                              "people/zqrh9x.yml": HISTORY["people/zqrh9x.yml"] + "summary: one\n"}),
    ("Held value zqrh2x", {"kpis/held.yml": HISTORY["kpis/held.yml"] + "summary: two\n",
                           "measurements/held.csv": HISTORY["measurements/held.csv"] + "2026-05-02,5,\n"}),
    ("Page zqrh3x moved", {"tactics/webinars.yml": HISTORY["tactics/webinars.yml"] + "summary: three\n",
                           "pages/zqrh8x.md": HISTORY["pages/zqrh8x.md"] + "More.\n"}),
    ("Dropped zqrh4x", {"channels/linkedin.yml": HISTORY["channels/linkedin.yml"] + "summary: four\n",
                        "goals/gone.yml": None}),
    ("Secret KPI zqrh5x", {"departments/sales.yml": HISTORY["departments/sales.yml"] + "summary: five\n",
                           "measurements/zqrh7x.csv": "date,value,note\n2026-05-01,5,\n"}),
    ("Plain change zqrhokx", {"strategies/grow.yml": HISTORY["strategies/grow.yml"] + "summary: six\n"}),
]
HISTORY_TOKENS = ["zqrh1x", "zqrh2x", "zqrh3x", "zqrh4x", "zqrh5x"]


@pytest.fixture(scope="module")
def history_site(tmp_path_factory):
    project = write_project(tmp_path_factory.mktemp("history"), {
        **HISTORY, "goals/gone.yml": "title: Gone\nvisibility: confidential\n"})
    content = project / "content"
    init_repo(project)
    for subject, changes in COMMITS:
        for name, text in changes.items():
            if text is None:
                (content / name).unlink()
            else:
                (content / name).write_text(text, encoding="utf-8")
        commit_all(project, subject)
    playbook(project, "build", "--edition", "internal", "--site-dir", str(project / "site"))
    return output_bytes(project / "site")


@pytest.mark.parametrize("token", HISTORY_TOKENS)
def test_history_says_nothing_of_commits_that_touched_hidden_files(history_site, token):
    assert found(history_site, [token]) == {}


def test_history_lists_commits_that_touched_only_shown_files(history_site):
    assert b"plain change zqrhokx" in history_site["strategies/grow/index.html"]
    assert b"start" in history_site["goals/leads/index.html"]


# --- credentials in the forms people paste them -------------------------------------------------

PASTED = {  # a value as pasted -> the part that must never be printed
    "url": ("https://bot:Hunt3rHunt3r@api.example.org/hook", "Hunt3rHunt3r"),
    "json": ('{"password": "Hunt3rHunt3r"}', "Hunt3rHunt3r"),
    "bearer": ("Authorization: Bearer abcDEF1234567890ghiJKL", "abcDEF1234567890ghiJKL"),
    "google": ("AIzaSyA1234567890abcdefghijklmnopqrstuv", "AIzaSyA1234567890abcdefghijklmnopqrstuv"),
    "openai": ("sk-proj-abcdefghijklmnopqrstuvwx12345678", "abcdefghijklmnopqrstuvwx12345678"),
    "stripe test": ("sk_test_abcdefghijklmnop1234", "abcdefghijklmnop1234"),
    "passphrase": ("passphrase: correct-horse-battery", "correct-horse-battery"),
    "client secret": ("client_secret=Zx9Zx9Zx9Zx9", "Zx9Zx9Zx9Zx9"),
    "npm": ("npm_abcdefghijklmnopqrstuvwxyz0123456789", "npm_abcdefghijklmnopqrstuvwxyz0123456789"),
    "webhook": ("https://hooks.slack.com/services/T0001/B0001/XXXXXXXXXXXXXXXXXXXXXXXX", "XXXXXXXXXXXXXXXXXXXXXXXX"),
    "sendgrid": ("SG.abcdefghijklmnop.qrstuvwxyz0123456789", "qrstuvwxyz0123456789"),
}


@pytest.mark.parametrize("name", sorted(PASTED))
@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_a_pasted_credential_is_found_and_never_echoed(tmp_path, name, fmt):
    """The value sits where a listed-value rule (PB013) would quote it, and in a summary."""
    value, secret = PASTED[name]
    content = write_tree(copy_minimal(tmp_path / "content"), {
        "channels/linkedin.yml": "title: LinkedIn\nplatform: LinkedIn\naccounts:\n"
                                 f"  - {{handle: '@x', status: {json.dumps(value)}, managers: [A], backup: B, custodian: C}}\n",
        "strategies/grow-online.yml": f"title: Grow\nstatement: s\nsummary: {json.dumps(value)}\n"})
    proc = subprocess.run([sys.executable, "-m", "playbook", "validate", str(content), "--format", fmt,
                           "--as-of", AS_OF], capture_output=True, text=True, timeout=120)
    printed = proc.stdout + proc.stderr
    assert proc.returncode == 1 and printed.count("PB017") >= 2, printed
    assert secret.lower() not in printed.lower()


def test_text_like_a_credential_but_none_passes(tmp_path):
    content = write_tree(copy_minimal(tmp_path / "content"), {
        "strategies/grow-online.yml": "title: Grow\nstatement: s\nsummary: 'Mail https://www.example.org/a:b or "
                                      "ask at sk-lodge; the passing lane; a bearer of news'\n"})
    proc = subprocess.run([sys.executable, "-m", "playbook", "validate", str(content), "--as-of", AS_OF],
                          capture_output=True, text=True, timeout=120)
    assert "PB017" not in proc.stdout, proc.stdout
