"""Index the engine's pages for Material's search in one fast pass over their HTML.

Material's search plugin cuts each page into sections at its headings with a
parser built on Python's `HTMLParser` (`material.plugins.search.plugin.Parser`);
on the engine's pages, dense with tables and charts, that is the largest cost
of a build. `sections(html)` returns the very same sections, following Material's
parser rule by rule (which tags are kept, skipped, or start a section; how
whitespace collapses), from one regular-expression pass over the tags. It takes
only the HTML the engine writes: well-formed, without comments, scripts, styles
or declarations (`fits`); any other page is left to Material. `index_page` adds
the sections to Material's index exactly as Material would, and the tests hold
both parsers to the same result on every page of the sample playbook.
"""
from __future__ import annotations

import re
from html import escape, unescape

try:
    from material.plugins.search.plugin import Element, SearchPlugin, Section, void
except ImportError:  # `guards.missing` reports it, and the plugin leaves search to Material
    Element = SearchPlugin = Section = void = None

_TAG = re.compile(r"""<(?:([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(/?)|/([a-zA-Z][^\s/>]*)\s*)>""")
_ATTR = re.compile(r"""([^\s/>=][^\s/=>]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]*))?""")
_UNFIT = re.compile(r"<(?![a-zA-Z]|/[a-zA-Z])|<(?:script|style)\b", re.I)
_WANTED = re.compile(r"\b(?:class|data-search-exclude)\b", re.I)  # the attributes Material looks at
_HEADINGS = {f"h{x}" for x in range(1, 7)}
_SKIPPED = {"object", "script", "style"}
_KEPT = {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"}


def fits(html: str) -> bool:
    """True when the HTML holds only tags and text, as the engine writes it."""
    return not _UNFIT.search(html)


class _Sections:
    """Material's `Parser`, with its lookups over the open elements kept as counts."""

    def __init__(self):
        self.context: list[Element] = []
        self.open: dict[str, int] = {}  # tag -> open elements with that tag
        self.skip = set(_SKIPPED)  # Material compares elements by tag: a set of tags
        self.skipped = 0  # open elements whose tag is in `skip`
        self.headerlinks = 0  # open <a class="headerlink">
        self.section: Section | None = None
        self.data: list[Section] = []

    def feed(self, html: str) -> list[Section]:
        pos, match = 0, _TAG.search(html)
        while match:
            if match.start() > pos:
                self.text(unescape(html[pos:match.start()]))
            pos = match.end()
            name, attrs, closed, end = match.groups()
            if end is not None:
                self.end(end.lower())
            else:
                tag = name.lower()
                self.start(tag, _attrs(attrs) if tag in _HEADINGS or _WANTED.search(attrs) else {})
                if closed:
                    self.end(tag)
                elif tag in self.skip and tag not in _SKIPPED:
                    pos = self.skip_over(html, tag, pos)
            match = _TAG.search(html, pos)
        if pos < len(html):
            self.text(unescape(html[pos:]))
        return self.data

    def skip_over(self, html: str, tag: str, pos: int) -> int:
        """Past the end of an excluded element (a chart) whose content holds no heading and no
        element of its own tag: nothing in it reaches the index, so it is not read."""
        close = re.compile(rf"</{tag}\s*>", re.I).search(html, pos)
        if close is None or re.search(rf"<(?:{tag}\b|h[1-6]\b)", html[pos:close.start()], re.I):
            return pos
        self.end(tag)
        return close.end()

    def target(self) -> list[str]:
        return self.section.title if self.open.get(self.section.el.tag) else self.section.text

    def new_section(self, el: Element, depth: int = 0) -> Section:
        self.section = Section(el, depth)
        self.data.append(self.section)
        return self.section

    def start(self, tag: str, attrs: dict) -> None:
        if tag in void:
            return
        el = Element(tag, attrs)
        self.context.append(el)
        self.open[tag] = self.open.get(tag, 0) + 1
        self.skipped += tag in self.skip
        self.headerlinks += tag == "a" and attrs.get("class") == "headerlink"
        if tag in _HEADINGS and "id" in attrs:
            depth = len(self.context)
            if tag != "h1" and not self.data:
                self.new_section(Element("hx"), depth)
            first = not self.data  # the first section keeps no id
            self.new_section(el, depth).id = None if first else attrs["id"]
        if not self.section:
            self.new_section(Element("hx"))
        for key, value in attrs.items():
            if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                if tag not in self.skip:
                    self.skip.add(tag)
                    self.skipped += self.open[tag]
                return
        if tag in _KEPT and not self.skipped:
            self.target().append(f"<{tag}>")

    def end(self, tag: str) -> None:
        if not self.context or self.context[-1].tag != tag:
            return
        if self.section.depth > len(self.context):
            for section in reversed(self.data):
                if section.depth <= len(self.context):
                    self.section.depth = float("inf")
                    self.section = section
                    break
        el = self.context.pop()
        self.open[tag] -= 1
        self.headerlinks -= tag == "a" and el.attrs.get("class") == "headerlink"
        if tag in self.skip:
            self.skipped -= 1
            if tag not in _SKIPPED:
                self.skip.remove(tag)
                self.skipped -= self.open[tag]
            return
        if tag in _KEPT and not self.skipped:
            data = self.target()
            index = data.index(f"<{tag}>")
            if any(not item.isspace() for item in data[index + 1:]):
                data.append(f"</{tag}>")
            else:
                del data[index:]

    def text(self, data: str) -> None:
        if self.skipped:
            return
        pre = self.open.get("pre")
        if not pre:
            data = data.replace("\n", " ") if not data.isspace() else " "
        if not self.section:
            self.new_section(Element("hx"))
        if self.open.get(self.section.el.tag):
            if not self.headerlinks:
                self.section.title.append(escape(data, quote=False))
        elif data.isspace():
            text = self.section.text
            if not text or not text[-1].isspace() or pre:
                text.append(data)
        else:
            self.section.text.append(escape(data, quote=False))


def _attrs(text: str) -> dict[str, str | None]:
    """The attributes as HTMLParser reads them: names in lower case, values unquoted and unescaped."""
    attrs = {}
    for match in _ATTR.finditer(text):
        value = match[2]
        if value is not None and len(value) > 1 and value[0] in "\"'" and value[0] == value[-1]:
            value = value[1:-1]
        attrs[match[1].lower()] = unescape(value) if value else value  # the last of a repeated name wins
    return attrs


def sections(html: str) -> list[Section]:
    """The sections Material's search parser finds in the HTML (which must `fit`)."""
    return _Sections().feed(html)


def material_search(config) -> SearchPlugin | None:
    """Material's search plugin when it is on."""
    plugin = config.plugins.get("material/search")
    return plugin if isinstance(plugin, SearchPlugin) and plugin.config.enabled else None


def index_page(search: SearchPlugin, page) -> bool:
    """Add the page's sections to the index as Material would; False when it is left to Material."""
    if (page.meta.get("search") or {}).get("exclude") or not fits(page.content):
        return False
    for section in sections(page.content):
        if not section.is_excluded():
            search.search_index.create_entry_for_section(section, page.toc, page.url, page)
    return True
