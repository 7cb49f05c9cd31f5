"""Turn user text into HTML that cannot run script or load from another host.

Every YAML text field and every Markdown body passes through here before it
becomes HTML. Bodies are rendered by python-markdown (tables, fenced code, sane
lists; no attribute lists) and then cleaned by nh3 with an allowlist: no script,
style, iframe, object, embed, svg, form or input; no `on*` or `style`
attributes; links only to http, https, mailto or relative targets, with
`rel="noopener noreferrer"`; images only from this site. Every URL is judged
by `playbook.check.safe_url` in its final form, after the link rewrites. Plain fields are
escaped instead (see `markupsafe.escape` in `html.py`).

`meta_text` prepares text for page front matter, which the theme prints without
escaping in some places and strips and unescapes in others (`<title>`).
"""
from __future__ import annotations

import html
import re

import markdown
import nh3
from markupsafe import Markup

from playbook.check.safe_url import (
    LINK_SCHEMES,
    LOAD_ATTRIBUTES,
    URL_ATTRIBUTES,
    safe_url,
)

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
    "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "time": {"datetime"},
}
_BLANK_LINE = re.compile(r"\n(?=[ \t]*\n)")
_ANGLES = str.maketrans({"<": "\u2039", ">": "\u203a"})
MARKDOWN_EXTENSIONS = ["tables", "fenced_code", "sane_lists"]


def one_block(html: str) -> str:
    """The HTML with no blank line in it, so Markdown keeps it one raw HTML block.

    A blank line would end the block and hand the rest to Markdown, which would
    turn user text such as `[x][r]` and `[r]: javascript:...` into a live link;
    &#10; is the same newline to a browser (it matters inside <pre>) on a line
    that is not blank.
    """
    return _BLANK_LINE.sub("&#10;", html)


def clean(fragment: str, link_filter=None) -> Markup:
    """An HTML fragment reduced to the allowlist, with no blank line in it.

    `link_filter(href)` may rewrite each link target (None drops it); the target
    it returns is judged again by `safe_url`, the final form being what counts.
    """
    def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
        if link_filter is not None and tag == "a" and attribute == "href":
            value = link_filter(value)
        if attribute in URL_ATTRIBUTES:
            return safe_url(value, loads=attribute in LOAD_ATTRIBUTES)
        return value

    cleaned = nh3.clean(fragment, tags=TAGS, attributes=ATTRIBUTES, url_schemes=set(LINK_SCHEMES),
                        link_rel="noopener noreferrer", attribute_filter=attribute_filter,
                        strip_comments=True)
    return Markup(one_block(cleaned.strip()))


def markdown_html(text: str, link_filter=None) -> Markup:
    """User Markdown rendered and cleaned (see `clean` for `link_filter`)."""
    md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS,
                           extension_configs={"tables": {"use_align_attribute": True}})
    return clean(md.convert(text), link_filter)


def meta_text(text: str) -> str:
    """Text for a front matter value the theme may print as HTML.

    Angle brackets become the look-alike quotation marks, so no tag can form even
    where the theme unescapes (`striptags` in `<title>`); the rest is escaped,
    because the theme also prints `title` and `description` unescaped.
    """
    return html.escape(" ".join(str(text).split()).translate(_ANGLES), quote=True)
