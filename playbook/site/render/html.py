"""Small builders for the HTML the pages are made of.

Everything returns `Markup`; any `str` passed in as content or attribute value
is escaped, so user text can only enter unescaped through `sanitize.clean`
(cleaned HTML) or `svg()` (chart markup from `playbook.site.charts`, which escapes
its own text). Elements are written without blank lines or indentation, so a
block stays one raw HTML block in the page's Markdown.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from playbook.check.safe_url import LOAD_ATTRIBUTES, URL_ATTRIBUTES, safe_url


def _escape(text: str) -> str:
    """HTML-escaped text, exactly as markupsafe's `escape` writes it, without making a `Markup`."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;").replace('"', "&#34;")


def _html(value) -> str:
    """The value as HTML: markup as it is, anything else as escaped text."""
    html = getattr(value, "__html__", None)
    return html() if html is not None else _escape(str(value))


def _content(children) -> str:
    if children is None:
        return ""
    if isinstance(children, str):  # markup as it is (escape() would copy it), text escaped
        return children if isinstance(children, Markup) else _html(children)
    return "".join([_content(c) for c in children])


_NAMES: dict[str, str] = {}  # keyword -> attribute name: `class_` -> `class`, `data_x` -> `data-x`


def _attrs(attrs: dict) -> str:
    out = []
    for key, value in attrs.items():
        name = _NAMES.get(key) or _NAMES.setdefault(key, key.rstrip("_").replace("_", "-"))
        if name in URL_ATTRIBUTES and value is not None:
            value = safe_url(str(value), loads=name in LOAD_ATTRIBUTES)  # the last word on every address
        if value is None or value is False:
            continue
        out.append(f" {name}" if value is True else f' {name}="{_html(value)}"')
    return "".join(out)


def el(tag: str, *children, **attrs) -> Markup:
    """`<tag attrs>children</tag>`; `class_` writes `class`, `data_x` writes `data-x`."""
    return Markup(f"<{tag}{_attrs(attrs)}>{_content(children)}</{tag}>")


def lines(*blocks) -> Markup:
    """Block elements one per line."""
    return Markup("\n".join(_content(b) for b in _flatten(blocks) if b))


def _flatten(items):
    for item in items:
        if isinstance(item, (list, tuple)):
            yield from _flatten(item)
        else:
            yield item


def join(items, sep: str = ", ") -> Markup:
    return Markup(escape(sep).join(_content(i) for i in items))


def ul(items, **attrs) -> Markup:
    return el("ul", lines([el("li", i) for i in items]), **attrs) if items else Markup("")


def dl(pairs, **attrs) -> Markup:
    """A definition list of (term, description) pairs; empty descriptions are left out."""
    rows = [lines(el("dt", term), el("dd", desc)) for term, desc in pairs if desc not in (None, "")]
    return el("dl", lines(rows), **attrs) if rows else Markup("")


def table(head: list, rows: list[list], *, caption=None, sortable: bool = True, class_: str | None = None,
          listing: bool = False, unsearched: list[bool] | None = None) -> Markup:
    """A table inside a scrolling wrapper that carries `class_` (the theme styles
    only tables without a class); `rows` hold cells (content or `td(...)`). A `listing`
    of other pages is left out of search: each row's words are found on its own page; so
    are the rows marked True in `unsearched`."""
    head_row = el("tr", [el("th", h, scope="col") for h in head])
    names = [Markup(h).striptags() if isinstance(h, Markup) else str(h) for h in head]
    left_out = unsearched or [False] * len(rows)
    body = lines([el("tr", [_labelled(c, names[i] if i < len(names) else "") for i, c in enumerate(row)],
                     data_search_exclude=out) for row, out in zip(rows, left_out)])
    inner = lines(el("caption", caption) if caption else None, el("thead", head_row), el("tbody", body))
    wrap = "pb-table-wrap" + (f" {class_}" if class_ else "")
    # a wrapper that may scroll sideways is reachable by keyboard, so its hidden columns are too
    return el("div", el("table", inner, data_pb_sortable=sortable), class_=wrap, tabindex="0",
              data_search_exclude=listing)


def _labelled(cell, name: str) -> Markup:
    """The cell with its column's name in `data-label`, which a phone shows on the stacked card."""
    if not _is_cell(cell):
        return el("td", cell, data_label=name or None)
    if not name or cell.startswith("<th"):
        return cell
    return Markup(str(cell).replace("<td", f"<td data-label=\"{escape(name)}\"", 1))


def _is_cell(value) -> bool:
    return isinstance(value, Markup) and value.startswith(("<td", "<th"))


def td(content, sort: str | None = None, **attrs) -> Markup:
    """A cell with an explicit sort key (for the sorting script)."""
    return el("td", content, data_sort=sort, **attrs)


def svg(markup: str, caption=None, **attrs) -> Markup:
    """A chart from `playbook.site.charts` (escaped there) inside a figure block."""
    return el("figure", Markup(markup), el("figcaption", caption) if caption else None, **attrs)


def admonition(kind: str, title: str, *blocks) -> Markup:
    """A Material admonition written as HTML (no Markdown processing needed)."""
    return el("div", lines(el("p", title, class_="admonition-title"), *blocks), class_=f"admonition {kind}")


def details(summary, *blocks, kind: str = "note", open_: bool = False) -> Markup:
    return el("details", lines(el("summary", summary), *blocks), class_=kind, open=open_)
