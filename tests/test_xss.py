"""User text never runs as script: a payload corpus in every text field, then every HTML file parsed.

The corpus (tests/data/xss_payloads.txt) is injected three ways: every payload fills
every text field, the tags and the body of a channel of its own; every body (entity
and free page) holds the whole corpus; and the text fields of three complete chains
of every kind, the milestone titles, stage criteria and measurement notes take the
payloads in rotation. A clean twin of the same playbook (payloads replaced by plain
words) gives the theme's own scripts and forms, page by page. The site built with
the real MkDocs must then hold no script element the clean twin lacks, no `on*`
attribute, no URL with a scheme other than http, https or mailto, no frame, object,
embed, base or refresh, and no evaluated template.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .sitebuild import MKDOCS_YML, mkdocs_build, write_project

CORPUS = Path(__file__).parent / "data" / "xss_payloads.txt"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "ping",
                  "cite", "codebase", "longdesc", "lowsrc", "dynsrc", "manifest", "icon", "srcdoc", "usemap"}
SAFE_SCHEMES = {"http", "https", "mailto"}
NEVER = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "isindex", "template", "math",
         "marquee", "video", "audio", "source", "textarea", "select", "noscript"}
LIKE_CLEAN = {"script", "style", "link", "meta", "form", "input", "button", "svg"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)
_IGNORED_IN_URLS = re.compile(r"[\t\n\r]")


def payloads() -> list[str]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [line.encode().decode("unicode_escape") for line in lines if line and not line.startswith("#")]


def scheme(url: str) -> str | None:
    """The scheme a browser would read: outer spaces and controls, inner tabs and newlines ignored."""
    match = _SCHEME.match(_IGNORED_IN_URLS.sub("", url.strip(" \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                                            "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f")))
    return match.group(1).lower() if match else None


class Scan(HTMLParser):
    """Elements, attributes and scripts of one HTML document."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[tuple[str | None, str]] = []  # (src, inline text)
        self.text: list[str] = []
        self._script: list | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))
        if tag == "script":
            self._script = [dict(attrs).get("src"), ""]

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)
        if self._script is not None:
            self._script[1] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append(tuple(self._script))
            self._script = None

    def tags(self) -> Counter:
        return Counter(tag for tag, _ in self.elements)

    def handlers(self) -> list[str]:
        return [f"<{tag} {name}>" for tag, attrs in self.elements for name, _ in attrs if name.startswith("on")]

    def unsafe_urls(self) -> list[str]:
        found = []
        for tag, attrs in self.elements:
            for name, value in attrs:
                urls = [value or ""]
                if name == "srcset":
                    urls = [part.split()[0] for part in (value or "").split(",") if part.split()]
                elif name not in URL_ATTRIBUTES:
                    continue
                found += [f"<{tag} {name}={u!r}>" for u in urls if scheme(u) not in (None, *SAFE_SCHEMES)]
        return found

    def refreshes(self) -> list[str]:
        return [str(attrs) for tag, attrs in self.elements
                if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh"]


# ---------------------------------------------------------------------------- the playbook

def _yaml(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"  # JSON is YAML; every string quoted


def _md(data: dict, body: str) -> str:
    return f"---\n{_yaml(data)}---\n{body}\n"


def chain(n: int, text) -> dict[str, str]:
    """A complete valid chain of every kind (suffix n) whose text fields come from text()."""
    s = f"x{n}"
    common = lambda: {"title": text(), "summary": text(), "owner": text(), "tags": [text()], "visibility": "public"}
    body = text.body
    return {
        f"strategies/{s}.md": _md({**common(), "statement": text(), "horizon": {"start": "2026-01-01", "end": "2027-12-31"},
                                   "building_blocks": {k: text() for k in ("customers", "analysis", "value", "planning",
                                                                           "resources", "objectives")}}, body),
        f"departments/{s}.md": _md({**common(), "head": text(), "supports": s,
                                    "social_media": {"role": text()},
                                    "resources": {"people": 3, "roles": [text(), text()], "spare_capacity": text()}}, body),
        f"goals/{s}.md": _md({**common(), "supports": s, "department": s, "due": "2027-06-30", "target": text()}, body),
        f"tactics/{s}.md": _md({**common(), "serves": s, "channels": s, "audiences": s, "call_to_action": text(),
                                "workflow": [text(), text()]}, body),
        f"kpis/{s}.md": _md({**common(), "measures": f"goal:{s}", "unit": text(), "direction": "increase",
                             "baseline": {"value": 1, "date": "2026-01-01"}, "target": {"value": 500, "date": "2027-06-30"},
                             "source": text(), "attribution": text(), "cadence": "weekly"}, body),
        f"measurements/{s}.csv": text.notes(),
        f"audiences/{s}.md": _md({**common(), "characteristics": [text(), text()], "channels": s}, body),
        f"channels/{s}.md": _md({**common(), "platform": text(), "handle": text(),
                                 "url": "https://example.org/" + text()}, body),
        f"policies/{s}.md": _md({**common(), "type": "policy", "status": "active", "approver": text(), "version": text(),
                                 "review_date": "2027-01-01", "channels": s, "departments": s}, body),
        f"initiatives/{s}.md": _md({**common(), "phase": text(), "start": "2026-01-01", "end": "2027-12-31",
                                    "delivers": f"goal:{s}",
                                    "milestones": [{"title": text(), "date": "2026-06-01", "done": True},
                                                   {"title": text(), "date": "2027-01-01"}]}, body),
        f"maturity/{s}.md": _md({**common(), "dimension": ["culture", "leadership", "governance"][n % 3], "current": 1,
                                 "target": 2, "evidence": f"goal:{s}",
                                 "stages": [{"name": text(), "criteria": text()}, {"name": text(), "criteria": text()}]}, body),
        f"relationships/{s}.md": _md({**common(), "who": "partner", "value": text(), "serves": s, "channels": s}, body),
        f"pages/{s}.md": _md({"title": text(), "summary": text(), "tags": [text()], "visibility": "public"}, body),
    }


class Texts:
    """Payloads handed out in rotation; `body` holds all of them, one block each."""

    def __init__(self, items: list[str], start: int):
        self.items, self.next = items, start
        self.body = "\n\n".join(items)

    def __call__(self) -> str:
        self.next += 1
        return self.items[(self.next - 1) % len(self.items)]

    def notes(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["date", "value", "note"])
        for i, item in enumerate(self.items):
            day = dt.date(2024, 1, 1) + dt.timedelta(weeks=i)
            writer.writerow([day.isoformat(), i, " ".join(item.split())])
        return out.getvalue()


def playbook(items: list[str]) -> dict[str, str]:
    files = {}
    for n in range(3):
        files.update(chain(n, Texts(items, start=n * 37)))
    for i, item in enumerate(items):  # every payload in every field of a channel of its own
        files[f"channels/c{i:03d}.md"] = _md({"title": item, "summary": item, "owner": item, "platform": item,
                                             "handle": item, "tags": [item], "visibility": "public",
                                             "url": "https://example.org/" + item}, item)
    files["playbook.yml"] = "rules: {PB109: warning}\n"  # payloads such as 'java script:' are dead relative links too
    return files


def build(folder: Path, items: list[str]) -> dict[str, Scan]:
    project = write_project(folder, playbook(items), mkdocs_yml=MKDOCS_YML.format(options="      as_of: '2026-06-01'"))
    (project / "docs" / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", encoding="utf-8")
    proc = mkdocs_build(project)
    assert proc.returncode == 0, proc.stderr
    site = project / "site"
    pages = {p.relative_to(site).as_posix(): Scan(p.read_text(encoding="utf-8")) for p in site.rglob("*.html")}
    return pages  # search results are drawn from the pages' text: tests/browser/test_search.py


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    items = payloads()
    clean = [f"Plain words number {i}" for i in range(len(items))]
    return build(tmp_path_factory.mktemp("xss"), items), build(tmp_path_factory.mktemp("clean"), clean)


# ---------------------------------------------------------------------------- the checks

def test_the_corpus_is_large_and_varied():
    items = payloads()
    assert len(items) >= 50
    text = "\n".join(items).lower()
    for needle in ("<script", "onerror", "<svg", "<iframe", "<object", "<embed", "javascript:", "vbscript:", "data:",
                   "&#106;", "java\tscript", "java\nscript", "](javascript:", "<a href", "<javascript:", "style=",
                   "expression(", "http-equiv", "<base", "<form", "{{ 7*7 }}", "{%"):
        assert needle in text, needle


def test_every_payload_reached_a_page(sites):
    xss, clean = sites
    assert set(xss) == set(clean)
    assert sum(p.startswith("channels/c") for p in xss) == len(payloads())


def test_no_script_but_the_themes_own(sites):
    xss, clean = sites
    extra = {page: set(scan.scripts) - set(clean[page].scripts) for page, scan in xss.items()}
    assert {page: s for page, s in extra.items() if s} == {}
    assert sum(len(scan.scripts) for scan in xss.values()) > 0


def test_no_event_handler_attribute_anywhere(sites):
    xss, _ = sites
    assert {page: scan.handlers() for page, scan in xss.items() if scan.handlers()} == {}


def test_links_use_only_safe_schemes(sites):
    xss, _ = sites
    assert {page: scan.unsafe_urls() for page, scan in xss.items() if scan.unsafe_urls()} == {}


def test_no_frames_objects_base_or_refresh_from_content(sites):
    xss, clean = sites
    for page, scan in xss.items():
        tags = scan.tags()
        assert not {t: tags[t] for t in NEVER if tags[t]}, page
        assert scan.refreshes() == [], page
        assert {t: tags[t] for t in LIKE_CLEAN} == {t: clean[page].tags()[t] for t in LIKE_CLEAN}, page


def test_style_attributes_are_the_themes_own(sites):
    xss, clean = sites
    for page, scan in xss.items():
        styles = {v for _, attrs in scan.elements for n, v in attrs if n == "style"}
        assert styles <= {v for _, attrs in clean[page].elements for n, v in attrs if n == "style"}, page


def test_templates_are_shown_not_evaluated(sites):
    xss, _ = sites
    shown = "\n".join(text for scan in xss.values() for text in scan.text)
    shown += "\n".join(v or "" for scan in xss.values() for _, attrs in scan.elements for _, v in attrs)
    for evaluated in ("tplA49tplB", "tplCevaluatedtplD", "tplE<class", "tplGtplH"):
        assert evaluated not in shown
    for literal in ("tplA{{ 7*7 }}tplB", "tplC{% if true %}evaluated{% endif %}tplD", "tplG{% include"):
        assert literal in shown
