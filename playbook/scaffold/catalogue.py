"""The message catalogue: extracted from the code and the schemas, translated per language.

    python -m playbook.scaffold.catalogue          # rewrite messages.pot, add new messages to each .po
    python -m playbook.scaffold.catalogue --check  # exit 1 when the catalogue is out of date or incomplete

Messages come from the marking functions of `playbook.i18n` in the code (every call
with literal text, found in each module's syntax tree: Babel's own Python extractor
drops a call nested in another call's arguments inside a marked call, so such
messages were never translated) and from the JSON Schemas: every field and relation name (and
the organization profile's) as its English label, every value a schema lists (in the context "value"). English reads the
messages themselves; its .po file holds them as their own translation, so that every
language's file is complete in the same way.
"""
from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from playbook.check.config import ORGANIZATION_FIELDS
from playbook.content.schemas import vocabulary
from playbook.i18n import KEYWORDS, LANGUAGES
from playbook.i18n.terms import english_label

PACKAGE = Path(__file__).resolve().parents[1]
LOCALE = PACKAGE / "i18n" / "locale"
TEMPLATE = LOCALE / "messages.pot"
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def po_file(code: str) -> Path:
    return LOCALE / code / "LC_MESSAGES" / "messages.po"


def template() -> Catalog:
    """Every message the engine writes, as extracted now."""
    catalog = Catalog(project="playbook", fuzzy=False)
    for path in sorted(PACKAGE.rglob("*.py")):
        file = path.relative_to(PACKAGE.parent).as_posix()
        for line, message, context in marked(path.read_text(encoding="utf-8")):
            catalog.add(message, locations=[(file, line)], context=context)
    names, values = vocabulary()
    for name in sorted(names | set(ORGANIZATION_FIELDS)):
        catalog.add(english_label(name), locations=[("playbook/content/schemas", 0)], auto_comments=[f"field: {name}"])
    for value in sorted(values):
        catalog.add(value, locations=[("playbook/content/schemas", 0)], context="value", auto_comments=["a value a schema lists"])
    return catalog


def marked(source: str):
    """(line, message, context) of every call of a marking function with literal text, wherever
    it stands; a plural message is its (singular, plural) pair."""
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in KEYWORDS):
            continue
        texts = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args]
        name = node.func.id
        if name == "_p" and len(texts) >= 2 and None not in texts[:2]:
            yield node.lineno, texts[1], texts[0]
        elif name in ("_n", "Nn_") and len(texts) >= 2 and None not in texts[:2]:
            yield node.lineno, (texts[0], texts[1]), None
        elif name in ("_", "N_") and texts and texts[0] is not None:
            yield node.lineno, texts[0], None


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fp:
        return read_po(fp, locale=locale)


def write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fp:
        write_po(fp, catalog, width=100, omit_header=False, sort_output=True, ignore_obsolete=True)


def keys(catalog: Catalog) -> set:
    return {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)) for m in catalog if m.id}


def untranslated(catalog: Catalog) -> list[str]:
    """The messages of a language's catalogue without a (non-fuzzy) translation."""
    out = []
    for m in catalog:
        strings = m.string if isinstance(m.string, (list, tuple)) else [m.string]
        if m.id and (m.fuzzy or not all(strings)):
            out.append(m.id if isinstance(m.id, str) else m.id[0])
    return out


def placeholder_problems(catalog: Catalog) -> list[str]:
    """Translations whose {placeholders} differ from their message's: a missing one loses a value,
    an unknown one fails. A plural form may leave out the count ('ein Ziel')."""
    out = []
    for m in catalog:
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        wanted = set().union(*(PLACEHOLDER.findall(i) for i in ids))
        for text in ([m.string] if isinstance(m.string, str) else list(m.string or ())):
            found = set(PLACEHOLDER.findall(text or ""))
            if text and (found - wanted or (wanted - found) - ({"{n}"} if len(ids) > 1 else set())):
                out.append(f"{ids[0]!r} -> {text!r}")
    return out


def update() -> None:
    """Rewrite the template from the code and schemas and bring every language up to it."""
    pot = template()
    write(TEMPLATE, pot)
    for code in LANGUAGES:
        path = po_file(code)
        catalog = read(path, code) if path.is_file() else Catalog(locale=code, project="playbook")
        catalog.update(pot, no_fuzzy_matching=True)
        if code == "en":
            for m in catalog:
                if m.id:
                    m.string = m.id if isinstance(m.id, str) else (m.id[0], m.id[1])
        write(path, catalog)


def problems() -> list[str]:
    """What makes the catalogue incomplete: the template lags the code, or a language lacks a translation."""
    out = []
    current, written = keys(template()), keys(read(TEMPLATE))
    out += [f"messages.pot lacks {k[1]!r}" for k in sorted(current - written, key=str)]
    out += [f"messages.pot still has {k[1]!r}" for k in sorted(written - current, key=str)]
    for code in LANGUAGES:
        catalog = read(po_file(code), code)
        out += [f"{code}: {k[1]!r} is missing" for k in sorted(current - keys(catalog), key=str)]
        out += [f"{code}: {m!r} is untranslated" for m in untranslated(catalog)]
        out += [f"{code}: placeholders differ in {p}" for p in placeholder_problems(catalog)]
    return out


def main(argv: list[str]) -> int:
    if argv[:1] == ["--check"]:
        found = problems()
        print("\n".join(found) or "the catalogue is complete")
        return 1 if found else 0
    update()
    print(f"wrote {TEMPLATE} and {len(LANGUAGES)} languages; {len(read(TEMPLATE))} messages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
