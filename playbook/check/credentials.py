"""What credentials look like, and the one redaction every printed value goes through.

A password, token or key is never written in the playbook (PB017 names where one
seems to be, without echoing it), and never echoed by any output: every diagnostic
(in every format), every usage error and every line of `playbook diff` passes
`redact`, which replaces what looks like a credential, and each value found under a
credential's key, by `[hidden]`. Entity files, free pages, measurement notes and
playbook.yml are all scanned.
"""
from __future__ import annotations

import re
from functools import lru_cache

from playbook.check.form import field_path
from playbook.content.diagnostics import Diagnostic

HIDDEN = "[hidden]"
MIN_SECRET = 4
"""A value under a credential's key is hidden wherever it recurs once it is this long."""
_SECRET_WORD = (r"pass(word|wd|code|phrase)?|pwd|pw|secret|client[_ -]?secret|token|(access|auth|refresh|bearer)[_ -]?token"
                r"|api[_ -]?key|private[_ -]?key|credentials?")
SECRET_KEY = re.compile(rf"(?i)^({_SECRET_WORD})$")
SECRET_TEXT = re.compile(
    rf"(?i)\b({_SECRET_WORD}|pin)[\"']?\s*(is|[:=])\s*[\"']?\S{{4,}}"  # password: hunter22, "password": "hunter22"
    r"|\bbearer\s+[A-Za-z0-9._~+/-]{16,}=*"  # Authorization: Bearer ...
    r"|\b[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@"  # a password in an address: https://user:pass@host
    r"|-----BEGIN [A-Z ]*PRIVATE KEY-----[^-]*(-----END [A-Z ]*PRIVATE KEY-----)?"
    r"|\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}"
    r"|[sr]k_(live|test)_[A-Za-z0-9]{16,}|sk-[A-Za-z0-9_-]{32,}|glpat-[A-Za-z0-9_-]{20,}|AIza[0-9A-Za-z_-]{35}"
    r"|npm_[A-Za-z0-9]{36}|SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,})"
    r"|hooks\.slack\.com/services/[A-Za-z0-9/]{16,}"
    r"|\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}")  # a JSON web token
"""What credentials look like: 'password: ...' in text (the key quoted or not), a bearer token, a
password in an address, private keys, webhook addresses and well-known token formats."""
_NEEDLES = ("pass", "pw", "secret", "token", "key", "credential", "pin", "bearer", "://", "gh", "github_pat_", "xox",
            "akia", "k_", "sk-", "glpat-", "aiza", "npm_", "sg.", "hooks.slack.com", "eyj")
"""Every match of SECRET_TEXT holds one of these, in lower case: texts that hold none are
not searched (the search costs far more than looking for them)."""
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})
"""The letters other than a letter's own cases that an IGNORECASE pattern matches with it
(İ and ı with i, ſ with s); lower() already turns the Kelvin sign into k."""


def may_hold_credential(text: str) -> bool:
    """False only where SECRET_TEXT cannot match."""
    return _short_may_hold(text) if len(text) <= 80 else _may_hold(text)


@lru_cache(maxsize=8192)
def _short_may_hold(text: str) -> bool:
    # short texts repeat: every file names its owner, status and channels again
    return _may_hold(text)


def _may_hold(text: str) -> bool:
    folded = (text if text.isascii() else text.translate(_FOLD)).lower()
    for needle in _NEEDLES:  # a loop, not any(): this runs for every text of every file
        if needle in folded:
            return True
    return False


def looks_like_credential(text: str) -> re.Match | None:
    """The first place where the text looks like it holds a credential."""
    return SECRET_TEXT.search(text) if may_hold_credential(text) else None


def under_secret_key(path) -> bool:
    return bool(path) and isinstance(path[-1], str) and _is_secret_key(path[-1])


@lru_cache(maxsize=1024)
def _is_secret_key(key: str) -> bool:
    # every value of every file asks this of its key, and a playbook has few different keys
    return SECRET_KEY.match(key) is not None


def secret_values(doc) -> set[str]:
    """The texts a document holds under a credential's key (`password: hunter2`)."""
    return {text for path, text in doc.strings() if under_secret_key(path) and len(text.strip()) >= MIN_SECRET} if doc else set()


def redact(text: str, known=()) -> str:
    """The text with anything that looks like a credential, and each `known` secret, hidden."""
    for secret in sorted(known, key=len, reverse=True):
        text = text.replace(secret, HIDDEN)
    return SECRET_TEXT.sub(HIDDEN, text) if may_hold_credential(text) else text


def redact_value(value, known=()):
    """`redact` over every text in a value made of dicts, lists and scalars."""
    if isinstance(value, str):
        return redact(value, known)
    if isinstance(value, dict):
        return {redact_value(k, known): redact_value(v, known) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_value(v, known) for v in value]
    return value


def check_credentials(file: str, doc, body: str | None = None, body_line: int = 1) -> list[Diagnostic]:
    """PB017 for every key or text of one file that looks like a credential."""
    found = []
    for path, text in doc.strings() if doc else ():
        if under_secret_key(path):
            found.append((*doc.loc(path), f"field '{field_path(path)}' would hold a credential"))
        elif looks_like_credential(text):
            found.append((*doc.loc(path), f"field '{field_path(path)}' looks like it holds a password, token or key"))
    match = looks_like_credential(body) if body else None
    if match:
        line = body_line + body[:match.start()].count("\n")
        found.append((line, 1, "the text looks like it holds a password, token or key"))
    return [_pb017(file, line, col, what) for line, col, what in found]


def check_notes(series) -> list[Diagnostic]:
    """PB017 for every measurement note that looks like a credential."""
    return [_pb017(series.file, point.line, 3, "the measurement note looks like it holds a password, token or key")
            for point in series.points if point.note and looks_like_credential(point.note)]


def _pb017(file: str, line: int, col: int, what: str) -> Diagnostic:
    return Diagnostic(file, line, col, "error", "PB017", f"{what} (the value is not shown); credentials are never "
                      "written in the playbook: name their custodian instead")

