"""Every URL is judged in its final form: after the engine's rewrites, as a browser reads it.

Three classes, each with its own variants:

* links rewritten after the sanitiser passed them (`link_filter`, the HTML builders, the
  charts) still may not carry a script or data scheme;
* images may only load from this site, whatever backslashes, entities, tabs or spaces
  hide a `//host` in the address;
* free-page file and folder names that cannot be safe addresses are refused (PB006), so
  no page URL, in the engine's links or the theme's navigation, can start with a scheme.

The last part builds a real site with hostile bodies and checks every attribute of every
HTML file.
"""
from __future__ import annotations

from urllib.parse import urljoin, urlparse

import pytest

from playbook.check.checker import check
from playbook.check.safe_url import browser_form, safe_url
from playbook.site.render.html import el
from playbook.site.render.sanitize import clean, markdown_html
from playbook.site.svg import link

from .contenttree import copy_minimal, write_tree
from .sitebuild import html_pages, mkdocs_build, parse, write_project

SCRIPT_TARGETS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
                  "java\nscript:alert(1)", "\x01javascript:alert(1)", "\x00javascript:alert(1)",
                  "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "\tjavascript:alert(1)\n",
                  "javascript\r:alert(1)", "file:///etc/passwd"]
SAFE_TARGETS = ["../goals/x/", "x.html#top", "#top", "https://example.org/a", "mailto:team@example.org",
                "?q=1", "HTTPS://example.org/"]


@pytest.mark.parametrize("target", SCRIPT_TARGETS)
def test_a_link_rewritten_after_the_sanitiser_is_judged_again(target):
    html = clean('<a href="pages/guide.md">guide</a>', link_filter=lambda href: target)
    assert "href" not in html and "guide" in html


@pytest.mark.parametrize("target", SCRIPT_TARGETS)
def test_the_html_builders_drop_unsafe_addresses(target):
    assert "href" not in el("a", "x", href=target)
    assert "src" not in el("img", src=target)
    assert "href" not in link(target, ["<text>x</text>"])


@pytest.mark.parametrize("target", SAFE_TARGETS)
def test_safe_addresses_stay(target):
    assert safe_url(target) == target
    assert clean('<a href="x">x</a>', link_filter=lambda href: target).count("href=") == 1


FOREIGN_IMAGES = [
    "\\\\evil.test/x.png", "/\\evil.test/x.png", "\\/evil.test/x.png", "//evil.test/x.png", " //evil.test/x.png",
    "/\t/evil.test/x.png", "/\n/evil.test/x.png", "\t\\\\evil.test/x.png", "https://evil.test/x.png",
    "HTTP://evil.test/x.png", "data:image/png;base64,AAAA", "https:\\\\evil.test\\x.png",
]
ENCODED_IMAGES = ['<img src="&#92;&#92;evil.test/x.png">', '<img src="/&#x5C;evil.test/x.png">',
                  '<img src="&#x2F;&#x2F;evil.test/x.png">', '<img src="/&#9;/evil.test/x.png">',
                  '<img src="&#10;//evil.test/x.png">', '<img src="&bsol;&bsol;evil.test/x.png">']


@pytest.mark.parametrize("address", FOREIGN_IMAGES)
def test_an_image_from_another_host_loses_its_source(address):
    assert browser_form(address).startswith("//") or ":" in browser_form(address)
    assert safe_url(address, loads=True) is None
    assert "src" not in clean(f'<img src="{address}" alt="x">')
    written = address.replace("\\", "\\\\")  # as Markdown source, where a backslash escapes
    html = markdown_html(f"![x](<{written}>)")  # Markdown turns a tab into spaces: then it stays on this site
    assert "src" not in html or browser_form(html.split('src="')[1].split('"')[0]).startswith("/ ")


@pytest.mark.parametrize("markup", ENCODED_IMAGES)
def test_entity_encoded_addresses_are_judged_decoded(markup):
    assert "src" not in clean(markup)


@pytest.mark.parametrize("address", ["img/logo.png", "../img/logo.png", "/img/logo.png", "logo.png?v=2"])
def test_images_of_this_site_stay(address):
    assert f'src="{address}"' in clean(f'<img src="{address}">')


UNSAFE_PAGE_NAMES = ["javascript:alert(1).md", "data:text.md", "a?b.md", "a#b.md", "%2e%2e.md", "a b.md",
                     "javascript:/x.md", "deep/vbscript:y.md", "back\\slash.md", "-dash.md", "_under.md"]


@pytest.mark.parametrize("name", UNSAFE_PAGE_NAMES)
def test_free_pages_that_cannot_be_safe_addresses_are_refused(tmp_path, name):
    root = write_tree(copy_minimal(tmp_path / "content"), {f"pages/{name}": "---\ntitle: X\n---\nText.\n",
                                                            "pages/linker.md": f"See [it]({name}).\n"})
    result = check(root, as_of=None)
    named = [d for d in result.errors if d.code == "PB006" and d.file == f"pages/{name}"]
    assert named and "cannot be a safe address" in named[0].message


@pytest.mark.parametrize("name", ["guide.md", "Guide-2.md", "café.md", "onboarding/start_here.md", "v1.2/notes.md"])
def test_ordinary_page_names_are_accepted(tmp_path, name):
    root = write_tree(copy_minimal(tmp_path / "content"), {f"pages/{name}": "---\ntitle: X\n---\nText.\n"})
    assert [d for d in check(root).diagnostics if d.code == "PB006"] == []


HOSTILE_BODY = "\n\n".join([
    "[a](javascript:alert(1)) [b](<java\tscript:alert(2)>) [c](guide.md) [d](../goals/win-leads.yml#x)",
    *(f"![i{n}](<{address.replace(chr(92), chr(92) * 2)}>)" for n, address in enumerate(FOREIGN_IMAGES)
      if not address.startswith("/\t")),  # PB023 already refuses that one: an absolute path
    *ENCODED_IMAGES,
    '<a href="&#x6A;avascript:alert(3)">e</a> <a href="\\\\evil.test/">f</a>',
])


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("urls")
    files = {f"pages/{n}.md": f"---\ntitle: Page {n}\n---\n{HOSTILE_BODY}\n" for n in ("guide", "other")}
    files["playbook.yml"] = "rules: {PB109: warning}\n"  # '<java\tscript:...>' is a dead relative link as well
    project = write_project(folder, {})
    copy_minimal(project / "content" / "min")
    for entry in (project / "content" / "min").iterdir():
        entry.rename(project / "content" / entry.name)
    write_tree(project / "content", files)
    done = mkdocs_build(project)
    assert done.returncode == 0, done.stderr
    return project / "site"


def test_no_attribute_in_the_built_site_loads_from_another_host_or_runs_script(hostile_site):
    checked = 0
    for page in html_pages(hostile_site):
        parsed = parse(page)
        for address in parsed.loads():
            final = urlparse(urljoin("http://site.test/x/", browser_form(address)))
            assert final.netloc == "site.test", (page, address)
            checked += 1
        for tag, attrs in parsed.elements:
            for name, value in attrs.items():
                if value and name in ("href", "src", "xlink:href", "action", "formaction"):
                    assert safe_url(value) is not None, (page, tag, name, value)
    assert checked > 100
    guide = (hostile_site / "pages" / "guide" / "index.html").read_text(encoding="utf-8")
    assert "evil.test/x.png" not in guide.replace("\\", "/")
    assert 'href="../../goals/win-leads/#x"' in guide
