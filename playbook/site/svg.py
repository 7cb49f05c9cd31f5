"""Small helpers for writing SVG as text: escaping, numbers, links and elements.

Every chart in `playbook.site.charts` is built from these, so the rules that make an
SVG safe to inline in Markdown live in one place: text is cleaned of control
characters and line breaks and then escaped, attribute values are quoted,
links are emitted only for relative or http(s) targets, and an element never
spans more than one line (a blank line would end Markdown's raw HTML block).
"""
from __future__ import annotations

import hashlib
import re
from xml.sax.saxutils import escape

from playbook import i18n
from playbook.check.safe_url import safe_url

SVG_NS = "http://www.w3.org/2000/svg"
ELLIPSIS = "\u2026"

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SPACES = re.compile("[ \t\n\r\f\v\x85\u2028\u2029]+")
_NARROW = set("fijlrtI1.,:;'!|()[] ")
_WIDE = set("mwMW@%")
_LINK = re.compile(r"<a[\s>]")
_UNCLEAN = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029\ufffe\uffff]|  ")  # what `clean` would change


def clean(value: object) -> str:
    """Text on one line, without characters XML cannot hold."""
    text = str(value)
    if not _UNCLEAN.search(text) and text[:1] != " " and text[-1:] != " ":  # most text: nothing to do
        return text
    return _SPACES.sub(" ", _NOT_XML.sub("", text)).strip(" ")


def esc(value: object) -> str:
    """Text content, cleaned and escaped."""
    return escape(clean(value))


def num(value: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros, never '-0'."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def with_unit(value: float, unit: str, decimals: int | None = None) -> str:
    """'42 bookings', '12.5%' ('12,5 %' where the locale spaces its percent sign)."""
    text = i18n.number(value, decimals)
    unit = clean(unit)
    if not unit:
        return text
    return i18n.percent(0).replace("0", text, 1) if unit == "%" else f"{text} {unit}"


def text_width(text: str, size: float) -> float:
    """A generous estimate of the rendered width of sans-serif text."""
    total = 0.0
    for ch in text:
        if ch in _NARROW:
            total += 0.34
        elif ch in _WIDE:
            total += 0.92
        elif ch.isupper():
            total += 0.7
        else:
            total += 0.6
    return total * size


def truncate(text: str, max_width: float, size: float) -> str:
    """The cleaned text, cut with an ellipsis to fit max_width."""
    text = clean(text)
    if text_width(text, size) <= max_width:
        return text
    budget = max_width - text_width(ELLIPSIS, size)
    width, cut = 0.0, 0
    for cut, ch in enumerate(text):
        width += text_width(ch, size)
        if width > budget:
            break
    return text[:cut].rstrip() + ELLIPSIS


def wrap(text: str, max_width: float, size: float, max_lines: int = 2) -> list[str]:
    """The cleaned text broken at spaces into at most max_lines lines that fit
    max_width; the last line is cut with an ellipsis when text remains."""
    words = clean(text).split(" ")
    lines, current = [], ""
    for index, word in enumerate(words):
        trial = f"{current} {word}" if current else word
        if current and text_width(trial, size) > max_width:
            if len(lines) + 1 >= max_lines:
                current = " ".join([current, *words[index:]])
                break
            lines.append(current)
            current = word
        else:
            current = trial
    lines.append(current)
    return [truncate(line, max_width, size) for line in lines]


def safe_href(href: str | None) -> str | None:
    """The link target if `safeurl` allows it, without spaces at its ends; None otherwise."""
    target = safe_url(href.strip()) if href else None
    return target or None


def chart_id(kind: str, *parts: object) -> str:
    """A stable element id prefix for one chart, derived from its inputs."""
    digest = hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:10]
    return f"pb-{kind}-{digest}"


def attrs(values: dict) -> str:
    """Attributes in the given order; None is left out, `class_` becomes `class`,
    other underscores become hyphens, floats are written as coordinates."""
    out = []
    for name, value in values.items():
        if value is None:
            continue
        name = "class" if name == "class_" else name.replace("_", "-")
        if isinstance(value, float):  # digits, sign and point: nothing to clean or escape
            out.append(f' {name}="{num(value)}"')
        else:
            out.append(f" {name}={_quoted(clean(value))}")
    return "".join(out)


def _quoted(text: str) -> str:
    """The attribute value escaped and quoted, as `xml.sax.saxutils.quoteattr` writes clean text."""
    text = text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    if '"' not in text:
        return f'"{text}"'
    return f"'{text}'" if "'" not in text else '"{}"'.format(text.replace('"', "&quot;"))


def el(tag: str, children: list[str] | str | None = None, **values) -> str:
    """One element on one line. Children are markup (already escaped)."""
    if isinstance(children, str):
        children = [children]
    if not children:
        return f"<{tag}{attrs(values)}/>"
    return f"{start(tag, **values)}{''.join(children)}</{tag}>"


def start(tag: str, **values) -> str:
    """An opening tag, for an element whose children follow on their own lines."""
    return f"<{tag}{attrs(values)}>"


def title(text: str) -> str:
    """A tooltip and accessible name for the enclosing element."""
    return el("title", esc(text))


def text(x: float, y: float, content: str, **values) -> str:
    return el("text", esc(content), x=float(x), y=float(y), **values)


def link(href: str | None, children: list[str], **values) -> str:
    """The children wrapped in <a href> when the target is safe, else in <g>."""
    target = safe_href(href)
    if target is None:
        return el("g", children, **values)
    return el("a", children, href=target, **values)


def document(ident: str, name: str, description: str, width: float, height: float,
             body: list[str], *, class_: str, fixed_size: bool = False) -> str:
    """The complete <svg>: scalable, labelled for screen readers, one element a line.

    A chart without links is one image to assistive technology (role img); a
    chart with links is a labelled group, so that its links stay reachable
    (an image's content is hidden from screen readers and keyboards).
    """
    size = {"width": float(width), "height": float(height)} if fixed_size else {
        "width": "100%", "style": f"max-width:{num(width)}px;height:auto"}
    role = "group" if any(_LINK.search(part) for part in body) else "img"
    head = start("svg", xmlns=SVG_NS, viewBox=f"0 0 {num(width)} {num(height)}", **size,
              preserveAspectRatio="xMinYMin meet", role=role, class_=f"pb-chart {class_}",
              aria_labelledby=f"{ident}-title", aria_describedby=f"{ident}-desc",
              font_family="sans-serif", data_search_exclude="")  # its words are the page's, said once
    lines = [head,
             el("title", esc(name), id=f"{ident}-title"),
             el("desc", esc(description), id=f"{ident}-desc"),
             *body, "</svg>"]
    return "\n".join(lines)
