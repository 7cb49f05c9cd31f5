"""What's new: the page, the home page's latest changes and the Atom feed, from a real git history.

A real repository in a temporary folder gets commits dated around the as-of date: one before
the window, several in it (a measurement, commentary, a goal added, a policy updated, an
initiative retired, a KPI falling off track) and one after it. Each test builds the site with
the real engine, or the real MkDocs and `playbook render`, and reads the page, the home page and
the feed back (the feed as XML).
"""
from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET

import pytest

from playbook.check.checker import check
from playbook.living import recent_changes as history
from playbook.site.all_pages import SiteOptions, build_site

from .contenttree import copy_minimal, write_tree
from .gitrepo import commit_all, git, init_repo
from .sitebuild import MKDOCS_YML, mkdocs_build

AS_OF = dt.date(2026, 6, 1)
ATOM = "{http://www.w3.org/2005/Atom}"
PUBLIC = "visibility: public\n"
POLICY = "title: Social media policy\ntype: policy\nstatus: active\nvisibility: public\nreview_date: '2026-12-01'\n"
KPI = "content/kpis/qualified-leads.yml"
CSV = "content/measurements/qualified-leads.csv"
COMMENT = "commentary: [{date: '2026-05-02', why: Webinars bring leads in}]\n"


def at(day: str) -> dict:
    return {"date": f"{day}T10:00:00+00:00"}


def make_public(repo):
    """The minimal playbook's chain, every entity public."""
    for path in (repo / "content").rglob("*.yml"):
        path.write_text(path.read_text(encoding="utf-8") + PUBLIC, encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """The history: before the window, five commits in it, one after the as-of date."""
    repo = init_repo(tmp_path_factory.mktemp("history") / "project")
    copy_minimal(repo / "content")
    make_public(repo)
    write_tree(repo, {CSV: "date,value,note\n2026-01-01,10,\n2026-02-01,25,\n2026-03-01,41,\n",
                      "content/policies/social.yml": POLICY})
    commit_all(repo, "Start", **at("2026-01-05"))
    write_tree(repo, {CSV: "date,value,note\n2026-01-01,10,\n2026-02-01,25,\n2026-03-01,41,\n2026-04-01,60,\n"})
    commit_all(repo, "April reading", **at("2026-04-10"))
    kpi = (repo / KPI).read_text(encoding="utf-8")
    write_tree(repo, {CSV: (repo / CSV).read_text(encoding="utf-8") + "2026-05-01,78,\n", KPI: kpi + COMMENT,
                      "content/goals/repeat-buyers.yml": "title: Win repeat buyers\nsupports: grow-online\n"
                                                         "department: sales\ndue: '2027-06-30'\n" + PUBLIC})
    commit_all(repo, "May reading, commentary, a goal", **at("2026-05-12"))
    write_tree(repo, {"content/policies/social.yml": POLICY.replace("2026-12-01", "2027-03-01"),
                      "content/initiatives/launch-webinars.yml": None})
    commit_all(repo, "Policy review moved; webinars initiative retired", **at("2026-05-20"))
    write_tree(repo, {CSV: (repo / CSV).read_text(encoding="utf-8") + "2026-05-25,20,\n"})
    commit_all(repo, "A bad week", **at("2026-05-26"))
    write_tree(repo, {"content/goals/later.yml": "title: Later goal zqlaterx\nsupports: grow-online\n"
                                                 "department: sales\ndue: '2027-06-30'\n" + PUBLIC})
    commit_all(repo, "After the as-of date", **at("2026-06-10"))
    return repo


def site(content, edition="internal", as_of=AS_OF, **options):
    built = build_site(check(content, as_of=as_of), SiteOptions(edition, as_of, **options))
    return {p.path: p.markdown for p in built.pages}, built.files


def text(markdown: str) -> str:
    blocks = re.sub(r"</?(li|ul|h\d|p|section|div)\b[^>]*>", " ", markdown)
    return html.unescape(" ".join(re.sub(r"<[^>]+>", "", blocks).split()))


def feed_of(files) -> ET.Element:
    return ET.fromstring(files["whats-new.xml"])


def test_each_kind_of_change_is_listed_under_its_day(repo):
    pages, _ = site(repo / "content")
    page = text(pages["whats-new.md"])
    assert "Qualified leads from social moved from on track to off track." in page
    assert "Qualified leads from social: a new measurement, 20 leads for 25 May 2026." in page
    assert "Qualified leads from social: a new measurement, 78 leads for 1 May 2026." in page
    assert "Qualified leads from social: new commentary of 2 May 2026: “Webinars bring leads in”" in page
    assert "Goal added: Win repeat buyers" in page
    assert "Social media policy was updated." in page
    assert "Initiative removed: Launch the webinar series" in page
    days = re.findall(r'<h2 id="changes-([0-9-]+)"', pages["whats-new.md"])
    assert days == ["2026-05-26", "2026-05-20", "2026-05-12", "2026-04-10"]  # newest first, one heading a day


def test_the_window_leaves_out_older_and_later_commits(repo):
    pages, files = site(repo / "content")
    page = pages["whats-new.md"]
    assert "changes-2026-01-05" not in page and "zqlaterx" not in page  # before the window; after the as-of date
    assert b"zqlaterx" not in files["whats-new.xml"]
    later, _ = site(repo / "content", as_of=dt.date(2026, 9, 1))  # the window moves with the as-of date
    assert "changes-2026-06-10" in later["whats-new.md"] and "changes-2026-04-10" not in later["whats-new.md"]


@pytest.fixture()
def fresh_reads():
    """The commits read are kept by HEAD, which a patched limit does not change: none before, none after."""
    history.forget()
    yield
    history.forget()


def test_at_most_the_newest_commits_are_read(repo, monkeypatch, fresh_reads):
    monkeypatch.setattr(history, "MAX_COMMITS", 2)
    found = history.recent_changes(repo / "content", "internal", AS_OF)
    assert [r.when.date().isoformat() for r in found] == ["2026-05-26", "2026-05-20"]


def test_a_commit_outside_the_content_folder_is_no_change(repo):
    (repo / "README.md").write_text("notes\n", encoding="utf-8")
    commit_all(repo, "Outside the content", **at("2026-05-28"))
    try:
        assert "changes-2026-05-28" not in site(repo / "content")[0]["whats-new.md"]
    finally:
        git(repo, "reset", "-q", "--hard", "HEAD~1")


def test_the_home_page_lists_the_latest_and_links_to_the_page(repo):
    pages, _ = site(repo / "content")
    home = pages["index.md"]
    recent = home[home.index("What changed recently"):home.index("</ul>", home.index('class="pb-recent"')) + 200]
    assert recent.count("<li>") == 5  # the latest five, newest first
    assert text(recent).startswith("What changed recently 26 May 2026: Qualified leads from social moved from on track")
    assert 'href="whats-new/"' in recent


def test_the_feed_is_atom_with_one_entry_a_day_and_relative_links(repo):
    _, files = site(repo / "content")
    feed = feed_of(files)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}updated").text for e in entries] == [
        "2026-05-26T10:00:00+00:00", "2026-05-20T10:00:00+00:00", "2026-05-12T10:00:00+00:00", "2026-04-10T10:00:00+00:00"]
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == 4 and all(i.startswith("urn:uuid:") for i in ids)
    links = [a.get("href") for a in feed.iter(f"{ATOM}link")]
    hrefs = re.findall(r'href="([^"]+)"', " ".join(e.find(f"{ATOM}content").text for e in entries))
    assert links[0] == "whats-new/" and "whats-new/#changes-2026-05-26" in links
    assert "kpis/qualified-leads/" in hrefs and not any("//" in h for h in links + hrefs)  # nothing on another host
    assert "Goal added: Win repeat buyers" in text(entries[2].find(f"{ATOM}content").text)


def test_the_feed_links_under_site_url_and_keeps_its_ids(repo):
    _, plain = site(repo / "content")
    _, first = site(repo / "content", site_url="https://plans.example.org/playbook/")
    _, again = site(repo / "content", site_url="https://plans.example.org/playbook/")
    assert first["whats-new.xml"] == again["whats-new.xml"]
    feed = feed_of(first)
    assert feed.find(f"{ATOM}id").text == "https://plans.example.org/playbook/whats-new.xml"
    links = [a.get("href") for a in feed.iter(f"{ATOM}link")]
    assert all(link.startswith("https://plans.example.org/playbook/") for link in links)
    content = " ".join(e.find(f"{ATOM}content").text for e in feed.iter(f"{ATOM}entry"))
    assert 'href="https://plans.example.org/playbook/kpis/qualified-leads/"' in content
    plain_ids = [e.find(f"{ATOM}id").text for e in feed_of(plain).iter(f"{ATOM}entry")]
    assert plain_ids == [e.find(f"{ATOM}id").text for e in feed_of(site(repo / "content")[1]).iter(f"{ATOM}entry")]


def test_without_git_history_the_page_the_home_page_and_the_feed_say_so(tmp_path):
    content = copy_minimal(tmp_path / "content")
    pages, files = site(content)
    said = "There is no history of changes to show: this playbook's files are not kept in a git repository."
    assert said in text(pages["whats-new.md"]) and said in text(pages["index.md"])
    feed = feed_of(files)
    assert feed.find(f"{ATOM}subtitle").text == said and feed.findall(f"{ATOM}entry") == []


def test_a_shallow_clone_has_no_history(repo, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    assert history.recent_changes(clone / "content", "internal", dt.date(2026, 9, 1)) is None


def test_a_repository_without_changes_in_the_window_says_nothing_changed(repo):
    pages, _ = site(repo / "content", as_of=dt.date(2027, 6, 1))
    assert "Nothing has changed in the last 90 days." in text(pages["whats-new.md"])
    assert "Nothing has changed in the last 90 days." in text(pages["index.md"])


def test_german_words(repo):
    pages, files = site(repo / "content", language="de")
    page = text(pages["whats-new.md"])
    assert "Neuigkeiten" in page and "26. Mai 2026" in page
    assert feed_of(files).get("{http://www.w3.org/XML/1998/namespace}lang") == "de"


# what an edition hides ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hiding(tmp_path_factory):
    """A history in which hidden things change: each must stay out of the public page and feed."""
    repo = init_repo(tmp_path_factory.mktemp("hiding") / "project")
    copy_minimal(repo / "content")
    make_public(repo)
    write_tree(repo, {
        "content/goals/open-then-closed.yml": "title: Open title zqformerx\nsupports: grow-online\ndepartment: sales\n"
                                              "due: '2027-06-30'\n" + PUBLIC,
        "content/kpis/held-back.yml": "title: Held-back revenue\nvisibility: public\nmeasurements_visibility: confidential\n"
                                      "measures: win-leads\nunit: EUR\ndirection: increase\n"
                                      "baseline: {value: 100, date: '2026-01-01'}\ntarget: {value: 9000, date: '2027-06-30'}\n"
                                      "source: Finance\ncadence: monthly\n",
        "content/measurements/held-back.csv": "date,value,note\n2026-03-01,5000,\n",
        "content/channels/linkedin.yml": "title: LinkedIn\nplatform: LinkedIn\n" + PUBLIC + "password: zqsecretx\n",
        "content/initiatives/launch-webinars.yml": (repo / "content/initiatives/launch-webinars.yml").read_text()
        + "commentary: [{date: '2026-03-30', why: 'Started; zqsecretx was the code'}]\n",
    })
    commit_all(repo, "Start, with a credential later taken out", **at("2026-04-01"))
    write_tree(repo, {
        "content/goals/open-then-closed.yml": "title: Closed zqclosedx\nsupports: grow-online\ndepartment: sales\n"
                                              "due: '2027-06-30'\nvisibility: confidential\n",
        "content/goals/secret-goal.yml": "title: Secret goal zqaddedx\nsupports: grow-online\ndepartment: sales\n"
                                         "due: '2027-06-30'\nvisibility: confidential\n",
        "content/initiatives/internal-plan.yml": "title: Internal plan zqinternalx\nphase: One\nstart: '2026-01-01'\n"
                                                 "end: '2027-12-31'\n",
        "content/measurements/held-back.csv": "date,value,note\n2026-03-01,5000,\n2026-04-01,8642.75,\n",
        KPI: (repo / KPI).read_text(encoding="utf-8") + "commentary: [{date: '2026-05-02', why: Leads came in}]\n",
        "content/channels/linkedin.yml": "title: LinkedIn\nplatform: LinkedIn\n" + PUBLIC,
        "content/initiatives/launch-webinars.yml": "title: Launch the webinar series\nphase: Foundation\n"
                                                   "start: '2026-01-01'\nend: '2027-12-31'\n" + PUBLIC,
    })
    commit_all(repo, "Hidden things change", **at("2026-05-02"))
    return repo


@pytest.mark.parametrize("token", ["zqformerx", "zqclosedx", "zqaddedx", "zqinternalx", "8642", "zqsecretx"])
def test_the_public_page_home_and_feed_hold_nothing_hidden(hiding, token):
    pages, files = site(hiding / "content", "public")
    for name, data in [*pages.items(), ("whats-new.xml", files["whats-new.xml"].decode())]:
        assert token not in data, (token, name)
    assert "[hidden] was the code" in pages["whats-new.md"]  # the credential of an earlier commit, redacted


def test_the_public_edition_still_lists_what_it_may_show(hiding):
    pages, _ = site(hiding / "content", "public")
    page = text(pages["whats-new.md"])
    assert "Qualified leads from social: new commentary of 2 May 2026" in page
    assert "Held-back revenue" not in page  # its measurements are confidential


def test_the_internal_edition_shows_internal_changes_but_no_confidential_one(hiding):
    pages, files = site(hiding / "content", "internal")
    page = pages["whats-new.md"] + files["whats-new.xml"].decode()
    assert "zqinternalx" in page
    for token in ("zqformerx", "zqclosedx", "zqaddedx", "8642", "zqsecretx"):
        assert token not in page, token


def test_the_confidential_edition_shows_them(hiding):
    pages, _ = site(hiding / "content", "confidential")
    page = pages["whats-new.md"]
    assert "zqaddedx" in page and "8,642.75 EUR" in page and "zqclosedx" in page
    assert "zqsecretx" not in page and "zqformerx" not in page  # a credential stays hidden; a goal reads as it is now


# every builder ------------------------------------------------------------------------------------

def test_mkdocs_and_render_both_publish_the_feed(repo, tmp_path):
    (repo / "mkdocs.yml").write_text("site_url: https://plans.example.org/\n" + MKDOCS_YML.format(options="      as_of: 2026-06-01"),
                                     encoding="utf-8")
    (repo / "docs").mkdir(exist_ok=True)
    (repo / "content" / "playbook.yml").write_text("rules: {PB202: off, PB207: off}\n", encoding="utf-8")  # not committed
    done = mkdocs_build(repo, "--site-dir", str(tmp_path / "site"))
    assert done.returncode == 0, done.stderr
    built = tmp_path / "site"
    assert ET.fromstring((built / "whats-new.xml").read_bytes()).find(f"{ATOM}id").text == "https://plans.example.org/whats-new.xml"
    assert "Goal added" in (built / "whats-new" / "index.html").read_text(encoding="utf-8")
    assert 'href="../whats-new.xml"' in (built / "whats-new" / "index.html").read_text(encoding="utf-8")
    from playbook.cli.commands import main
    try:
        assert main(["render", str(tmp_path / "src"), "--config", str(repo / "mkdocs.yml"), "--as-of", "2026-06-01"]) == 0
        assert (tmp_path / "src" / "docs" / "whats-new.xml").read_bytes() == (built / "whats-new.xml").read_bytes()
    finally:
        (repo / "content" / "playbook.yml").unlink()
