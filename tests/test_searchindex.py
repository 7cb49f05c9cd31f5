"""The plugin's search indexer finds exactly the sections Material's own search parser finds."""
from __future__ import annotations

import markdown
import pytest
from material.plugins.search.plugin import Parser

from playbook.check.checker import check
from playbook.site.all_pages import SiteOptions, render_site
from plugins.rawhtml import stash, unstash
from plugins.searchindex import fits, sections

from .sitebuild import REPO

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details"]
TRICKY = [
    '<h1 id="top">Title</h1><p>First</p><h2 id="a">A<a class="headerlink" href="#a">&para;</a></h2><p>x</p>',
    '<p>Preface</p>\n\n<h3 id="deep">Deep</h3><div><h2 id="inner">Inner</h2><p>in</p></div><p>after</p>',
    '<div data-search-exclude><p>hidden</p><div><p>also hidden</p></div></div><div><p>shown</p></div>',
    '<pre><code>a\n\n  b</code></pre>\n \n<p>  spaced\n text </p><p> </p><ul><li></li><li>item</li></ul>',
    '<div class="linenodiv"><pre>1\n2</pre></div><table><tr><td>&lt;x&gt; &amp; &quot;y&quot;</td></tr></table>',
    '<P CLASS="a" class="b">Upper<BR/>case</P><img src="x.png" alt="a > b"/><br><span title=\'q\'>s</span>',
    '<h2 id="one">One</h2><h2>No id</h2><p>text<sub>2</sub><sup></sup></p><svg><line x1="0"/><text>t</text></svg>',
    '<div data-search-exclude><div>inner</div>after inner</div>text<h4 id="h" data-search-exclude>H</h4><p>p</p>',
    '<figure><svg data-search-exclude=""><title>chart</title><g><text>12</text></g></svg><figcaption>cap</figcaption></figure><p>after</p>',
    '<div data-search-exclude><h2 id="x">In</h2><p>t</p></div><p>after</p><h2 id="y">Y</h2><p>y</p>',
    '<svg data-search-exclude=""><svg><text>inner</text></svg><text>outer</text></svg><p>shown</p>',
    '<p>a</p><SVG DATA-SEARCH-EXCLUDE><g><text>x</text></g></Svg ><p>b</p><div data-search-exclude>open',
    '<section><h2 id="s">S</h2><p>in</p></section><p>out</p><h2 id="s2">S2</h2></p><p>stray end</p>',
]


@pytest.fixture(scope="module")
def contents():
    """The HTML of every page of the sample as MkDocs gives it to the search plugin."""
    result = check(REPO / "content")
    pages = []
    for page in render_site(result, SiteOptions(as_of=result.as_of)):
        skeleton, blocks = stash(page.markdown)
        html = markdown.markdown(skeleton.split("---\n", 2)[2], extensions=EXTENSIONS,
                                 extension_configs={"toc": {"permalink": True}})
        pages.append(unstash(html, blocks))
    return pages


def material(html: str):
    parser = Parser()
    parser.feed(html)
    parser.close()
    return parser.data


def described(found) -> list:
    return [(s.el.tag, s.el.attrs, s.id, s.depth, s.title, s.text, s.is_excluded()) for s in found]


def test_every_page_of_the_sample_gives_material_sections(contents):
    assert len(contents) > 80
    for html in contents:
        assert fits(html)
        assert described(sections(html)) == described(material(html))


@pytest.mark.parametrize("html", TRICKY)
def test_tricky_html_gives_material_sections(html):
    assert fits(html)
    assert described(sections(html)) == described(material(html))


@pytest.mark.parametrize("html", ["<!-- note --><p>x</p>", "<script>a<b</script>", "<p>1 < 2</p>", "<!DOCTYPE html>"])
def test_html_beyond_the_engine_is_left_to_material(html):
    assert not fits(html)
