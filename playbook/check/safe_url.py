"""The one check every URL passes before it reaches HTML, judged as a browser reads it.

A browser removes tabs and line breaks anywhere in an address, strips spaces and
control characters from both ends, and reads `\\` as `/` in web addresses, so
` java\tscript:x`, `\\\\host/x.png` and `/\\host/x.png` are `javascript:x`,
`//host/x.png` and `//host/x.png` to it. `safe_url` judges that form, after every
rewrite the engine makes: links may go to http, https, mailto, tel or relative
targets; what the page loads by itself (`src`) only from this site (no scheme, no
`//host`). Sanitised user HTML (`render.sanitize`), the HTML builders
(`render.html`) and the charts (`svg`) all call it.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
LOAD_ATTRIBUTES = frozenset({"src", "poster", "data", "background"})
URL_ATTRIBUTES = frozenset({"href", "xlink:href", "action", "formaction", "cite", *LOAD_ATTRIBUTES})
_REMOVED = re.compile("[\t\n\r]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_EDGES = "".join(chr(c) for c in range(0x21))
_SPACE = re.compile(r"\s")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


def browser_form(url: str) -> str:
    """The address a browser would request for `url` written in an attribute."""
    return _REMOVED.sub("", url.strip(_EDGES)).replace("\\", "/")


def safe_url(url: str | None, loads: bool = False) -> str | None:
    """`url` when it may stand in a link (`loads`: in an attribute that loads it), else None."""
    if not isinstance(url, str) or _CONTROL.search(url):
        return None
    form = browser_form(url)
    scheme = _SCHEME.match(form)
    if loads:
        return None if scheme or form.startswith("//") else url
    return None if scheme and scheme.group(1).lower() not in LINK_SCHEMES else url


def is_relative(url: str) -> bool:
    """Whether the browser reads `url` as a path relative to the page."""
    form = browser_form(url)
    return not (_SCHEME.match(form) or form.startswith("/"))


def is_web_address(url) -> bool:
    """Whether `url` is, as written, an absolute http or https address with a host (a site's address)."""
    if not isinstance(url, str) or _SPACE.search(url) or _CONTROL.search(url) or "\\" in url:
        return False
    try:
        parts = urlsplit(url)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # e.g. a broken IPv6 host
        return False
