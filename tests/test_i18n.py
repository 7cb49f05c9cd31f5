"""The site in the reader's language: one catalogue, complete in every language, no literal
English left in the code that writes pages, dates and numbers per locale, and the sample built
in English, German, French and Spanish with no word of the catalogue left in English."""
from __future__ import annotations

import ast
import datetime as dt
import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from playbook import i18n
from playbook.check.status import STATUSES
from playbook.i18n.terms import KIND_TITLES, count, kind_title, status_text
from playbook.scaffold import catalogue
from playbook.site.render.formats import label
from tests.sitebuild import REPO, copy_sample, in_language, mkdocs_build

AS_OF = "2026-11-30"
PAGE_CODE = [*sorted((REPO / "playbook" / "site").rglob("*.py")), REPO / "playbook" / "outputs" / "briefing_book.py"]
MARKERS = set(i18n.KEYWORDS)  # the marking functions Babel extracts
IDENTIFIERS = {*STATUSES, "access review", "action item"}
"""Texts the page code compares and keys by, never shows: the status ids and the due-item kinds."""
ATTRIBUTES = {"class_", "rel", "link_rel", "id", "sort", "text_anchor", "font_family", "font_weight", "role", "preserveAspectRatio"}
"""Keyword arguments that write HTML and SVG attributes, whose values are for the browser."""


def test_the_catalogue_matches_the_code_and_every_language_translates_all_of_it():
    assert catalogue.problems() == []
    assert len(catalogue.read(catalogue.TEMPLATE)) > 400


def marked_literals() -> set[str]:
    """Every literal text passed to a marking function anywhere in the package, by a walk of its own."""
    found = set()
    for path in (REPO / "playbook").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_", "_p"):
                args = node.args[1:] if node.func.id == "_p" else node.args
                if args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
                    found.add(args[0].value)
    return found


@pytest.mark.parametrize("code", ["de", "fr", "es"])
def test_every_text_the_code_marks_is_translated_wherever_the_call_stands(code):
    """The German KPI pages kept '{kind} status method' in English: the call stood inside another
    call inside a marked call, where Babel's extractor does not look, so no catalogue held it."""
    translated = {}
    for m in catalogue.read(catalogue.po_file(code), code):
        ids, strings = ([m.id], [m.string]) if isinstance(m.id, str) else (list(m.id), list(m.string))
        if ids[0] and m.context is None and strings[0]:
            translated[ids[0]] = strings[0]
    marked = marked_literals()
    assert len(marked) > 300
    assert sorted(marked - set(translated)) == []
    shown = i18n.compiled(code)
    assert [m for m in sorted(marked) if shown.gettext(m) != translated[m]] == []


NESTED = [
    'x = _("outer {a}", a=el("a", _("found")))',
    'x = f"{md(_(\'found\'))} and more"',
    'x = _n("{n} one", "{n} many", 2, what=join([_("found")]))',
    'x = _("o {a}", a=f(g(_("found"))))',
    'x = _("o {a}", a=el("b", _p("ctx", "found")))',
    'x = _("o {a}", a=[h(N_("found"))])',
    'x = _("o {a}", a=el("i", _n("found", "founds", 3)))',
]


@pytest.mark.parametrize("source", NESTED)
def test_the_catalogue_extracts_a_marked_text_however_deep_it_stands(tmp_path, monkeypatch, source):
    package = tmp_path / "playbook"
    package.mkdir()
    (package / "module.py").write_text(source + "\n", encoding="utf-8")
    monkeypatch.setattr(catalogue, "PACKAGE", package)
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue.template() if m.id}
    assert "found" in ids


KPI_PAGE_LABELS = ["Target", "Latest", "Expected then", "Forecast", "Status", "Why", "As of", "Measurements"]
"""The words of a KPI page's status facts, which stand beside the kind names on one page."""


@pytest.mark.parametrize("code", ["de", "fr", "es"])
@pytest.mark.parametrize("kind", sorted(KIND_TITLES))
def test_a_kind_name_never_reads_like_a_label_on_the_same_page(code, kind):
    """German 'Ziel' once meant both the goal and the KPI's target on one page (Spanish 'objetivo' too)."""
    with i18n.use(i18n.language(code)):
        names = {kind_title(kind).casefold(), kind_title(kind, plural=True).casefold()}
        words = {i18n._(w).casefold() for w in KPI_PAGE_LABELS} | {label(f).casefold() for f in ("target", "baseline", "commentary")}
    assert names.isdisjoint(words)


@pytest.mark.parametrize("code", ["de", "es"])
@pytest.mark.parametrize("message", ["Target", "Target: {value}", "Target: {value} by {date}", "target {value}",
                                     "target {value} by {date}", "projected: {value} (target {target})"])
def test_a_kpis_target_is_never_called_by_the_goal_kinds_name(code, message):
    with i18n.use(i18n.language(code)):
        goal = kind_title("goal").casefold()
        words = re.findall(r"\w+", i18n._(message).casefold())
    assert goal not in words


def test_a_translation_that_drops_or_invents_a_placeholder_is_reported(tmp_path):
    broken = catalogue.read(catalogue.po_file("de"), "de")
    message = broken.get("As of {date}.")
    for wrong in ("Stand {datum}.", "Stand.", "Stand {date} {extra}."):
        message.string = wrong
        assert catalogue.placeholder_problems(broken), wrong
    message.string = ""
    assert "As of {date}." in catalogue.untranslated(broken)


def _prose(text: str) -> bool:
    """Whether a literal reads as words for people (not a class name, key, tag, path or format)."""
    if text.strip() in IDENTIFIERS:
        return False
    tokens = [t.strip("()[]\"'\u201c\u201d\u2018\u2019.,:;!?\u00b7") for t in re.sub(r"\{[^}]*\}", " ", text).split()]
    words = [t for t in tokens if re.fullmatch(r"[A-Za-z]{2,}(?:'[a-z]+)?", t)]
    if len(words) >= 2 and len(words) * 2 >= len([t for t in tokens if t]):
        return True
    return len(tokens) == 1 and re.fullmatch(r"[A-Z][a-z]+", tokens[0] or "") is not None


def literal_english(path: Path) -> list[str]:
    """`file:line: text` for every literal of prose in the module that is not marked for the
    catalogue, a docstring or the message of an exception."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in MARKERS:
            skip.update(id(n) for arg in node.args for n in ast.walk(arg))
        if isinstance(node, ast.Raise) or (isinstance(node, ast.Assign) and any(
                getattr(t, "id", "").endswith("_CSS") for t in node.targets)):
            skip.update(id(n) for n in ast.walk(node))
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body \
                and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
            skip.add(id(node.body[0].value))
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skip.add(id(node.value))  # attribute docstrings
        if isinstance(node, ast.keyword) and node.arg in ATTRIBUTES:
            skip.update(id(n) for n in ast.walk(node.value))
        if isinstance(node, (ast.FunctionDef, ast.arg)) or (isinstance(node, ast.Assign) and any(
                getattr(t, "id", "") == "__all__" for t in node.targets)):
            skip.update(id(n) for part in ((node.returns,) if isinstance(node, ast.FunctionDef) else
                                           (node.annotation,) if isinstance(node, ast.arg) else (node.value,))
                        if part is not None for n in ast.walk(part))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and id(node) not in skip:
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            skip.update(id(v) for v in node.values)
            if _prose(text) or _words_around_values(text):
                found.append(f"{path.name}:{node.lineno}: f{text!r}")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip and _prose(node.value):
            found.append(f"{path.name}:{node.lineno}: {node.value!r}")
    return found


def _words_around_values(text: str) -> bool:
    """'{} goals': words written around the values of an f-string (not a 'key: {}' of YAML)."""
    if re.fullmatch(r"[a-z_]+: ?\{\}", text):
        return False
    tokens = [t.strip("()[]\"'.,:;!?") for t in re.sub(r"\{[^}]*\}", " ", text).split()]
    return bool(tokens) and all(re.fullmatch(r"[A-Za-z]{2,}", t) for t in tokens)


def test_no_literal_english_reaches_pages_or_charts():
    assert [line for path in PAGE_CODE for line in literal_english(path)] == []


@pytest.mark.parametrize("source", [
    'el("p", "No goals yet.")', 'heading("Referenced by")', '["Goal", "Status"]', 'f"{n} goals"', 'f"Owner: {name}"',
    'svg.text(0, 0, "Nothing to map yet.")', 'Markup("As of {}.").format(day)',
])
def test_the_scan_finds_english_written_into_page_code(tmp_path, source):
    module = tmp_path / "page.py"
    module.write_text(f"def page():\n    return {source}\n", encoding="utf-8")
    assert literal_english(module), source


@pytest.mark.parametrize("source", [
    '_("No goals yet.")', 'el("span", x, class_="pb-state pb-state--overdue")', '"""A docstring of words."""',
    'N_("Strategy on a page")', 'td(x, sort="")', 'raise ValueError("no such page here")',
])
def test_the_scan_passes_marked_and_technical_literals(tmp_path, source):
    module = tmp_path / "page.py"
    statement = source if source.startswith(("raise", '"')) else f"return {source}"
    module.write_text(f"def page():\n    {statement}\n", encoding="utf-8")
    assert literal_english(module) == []


@pytest.mark.parametrize("lang, day, value, share", [
    ("en", "30 Nov 2026", "1,234.5", "5%"),
    ("de", "30. Nov. 2026", "1.234,5", "5\u00a0%"),
    ("fr", "30 nov. 2026", "1\u202f234,5", "5\u00a0%"),
    ("es", "30 nov 2026", "1.234,5", "5\u00a0%"),
])
def test_dates_numbers_and_percentages_follow_the_locale(lang, day, value, share):
    with i18n.use(i18n.language(lang)):
        assert i18n.date(dt.date(2026, 11, 30)) == day
        assert i18n.number(1234.5) == value
        assert i18n.percent(0.05) == share


LOCALES = ["en", "de", "fr", "es", "sv", "ar", "fa", "hi", "bn", "en_IN", "pt_BR", "fi", "nb", "ru", "he", "pl"]


@pytest.mark.parametrize("locale", LOCALES)
@settings(max_examples=300, deadline=None)
@given(value=st.one_of(st.floats(-1e15, 1e15), st.integers(-10**15, 10**15), st.floats(-1e6, 1e6),
                       st.sampled_from([0.0, -0.0, 0.5, -0.5, 0.004, -0.00004, 999.99995, 1e15 - 1, 1e15, 2.675,
                                        123456789.0125, 12345678901234.5678, 99999999999.99995, -1234.5])),
       decimals=st.one_of(st.none(), st.integers(0, 4)))
def test_a_number_is_written_as_babel_writes_its_pattern(locale, value, decimals):
    """`number` writes most values with Python's own formatting and the locale's signs: the
    same text as Babel's formatting of the pattern, in every locale, for any value a
    measurement may hold (the check refuses one beyond a quadrillion)."""
    with i18n.use(i18n.language("en", locale)):
        written = i18n.number(value, decimals)
        places = decimals
        if places is None:
            places = 0 if float(value).is_integer() else min(4, max(1, 3 - math.floor(math.log10(abs(value)))))
        assert written == i18n._decimal_pattern(places).apply(round(value, places) + 0.0, i18n.current().locale)


def test_swiss_millions_keep_their_separators():
    """Babel 2.19 writes de_CH's millions without their apostrophes ('1000000', but "10'000");
    `number` writes every group, as CLDR's pattern says."""
    with i18n.use(i18n.language("de", "de_CH")):
        assert [i18n.number(v) for v in (10000, 1000000, -1234567.5)] == ["10'000", "1'000'000", "-1'234'567.5"]


def test_a_locale_can_differ_from_the_language():
    with i18n.use(i18n.language("en", "en_US")):
        assert i18n.date(dt.date(2026, 11, 30)) == "Nov 30, 2026"
    with i18n.use(i18n.language("it")):  # no Italian catalogue: English words, Italian dates
        assert i18n.date(dt.date(2026, 11, 30)) == "30 nov 2026" and kind_title("goal") == "Goal"


@pytest.mark.parametrize("name", ["klingon-xx", "", "12", "de_XX_YY_ZZ"])
def test_an_unknown_language_is_refused(name):
    with pytest.raises(i18n.LanguageError):
        i18n.language(name or "!", None)


def test_kind_names_counts_and_statuses_are_words_of_the_language():
    with i18n.use(i18n.language("de")):
        assert (kind_title("goal"), kind_title("goal", plural=True), count(3, "goal")) == ("Ziel", "Ziele", "3 Ziele")
        assert [status_text(s) for s in ("on track", "off track")] == ["auf Kurs", "im Verzug"]
    with i18n.use(i18n.language("fr")):
        assert count(1, "kpi") == "1 KPI" and count(0, "goal") == "0 objectif"  # French counts 0 as singular
    assert set(KIND_TITLES) and count(2, "kpi") == "2 KPIs"


# The sample, built in each language ------------------------------------------------------------

def english_phrases() -> dict[str, list[str]]:
    """Each language -> the English wording of every catalogue message it translates differently,
    cut at placeholders into the phrases a page could show."""
    template = catalogue.read(catalogue.TEMPLATE)
    out = {}
    for code in ("de", "fr", "es"):
        translated = catalogue.read(catalogue.po_file(code), code)
        phrases = set()
        for message in template:
            if not message.id:
                continue
            ids = [message.id] if isinstance(message.id, str) else list(message.id)
            theirs = translated.get(message.id, context=message.context)
            strings = [theirs.string] if isinstance(theirs.string, str) else list(theirs.string)
            for english in ids:
                if english in strings:
                    continue
                phrases.update(p.strip(" .,:;()\u00b7") for p in re.split(r"\{[a-z_]*\}", english))
        out[code] = sorted(p for p in phrases if re.search(r"[A-Za-z]{2}", p))
    return out


def content_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in (REPO / "content").rglob("*") if p.is_file())


def main_texts(site: Path) -> dict[str, list[str]]:
    """Page path -> every text node of its main content (charts included)."""
    out = {}
    for page in site.rglob("*.html"):
        article = lxml_html.fromstring(page.read_bytes()).find(".//article")
        if article is None:
            continue
        nodes = [t for el in article.iter() if isinstance(el.tag, str) for t in (el.text, el.tail) if t and t.strip()]
        out[page.relative_to(site).as_posix()] = [" ".join(t.split()) for t in nodes]
    return out


def own_words(code: str) -> set[str]:
    """Every phrase of a language's translations ('Was' is German too, 'Direction' French)."""
    out = set()
    for message in catalogue.read(catalogue.po_file(code), code):
        strings = [message.string] if isinstance(message.string, str) else list(message.string or ())
        out.update(p.strip(" .,:;()\u00b7") for s in strings if s for p in re.split(r"\{[a-z_]*\}", s))
    return out


def leftovers(site: Path, phrases: list[str], content: str, ours: set[str] = frozenset()) -> list[str]:
    """English catalogue wording on the pages, apart from the content's own text and the words the
    language shares with English: a text node that is one phrase, or a phrase of three words or
    more inside a text node."""
    shown = [p for p in phrases if p not in content and p not in ours]
    whole, long = set(shown), [p for p in shown if len(p.split()) >= 3]
    found = []
    for page, nodes in main_texts(site).items():
        for node in nodes:
            bare = node.strip(" .,:;()\u00b7")
            hits = ([bare] if bare in whole else []) + [p for p in long if p in node]
            found += [f"{page}: {hit!r} in {node[:80]!r}" for hit in hits]
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sample built once per language with the real MkDocs, as of a fixed date."""
    sites = {}
    for code in ("en", "de", "fr", "es"):
        folder = in_language(copy_sample(tmp_path_factory.mktemp(f"sample-{code}")), code, as_of=AS_OF)
        done = mkdocs_build(folder, "--strict")
        assert done.returncode == 0, done.stderr[-3000:]
        sites[code] = folder / "site"
    return sites


@pytest.mark.parametrize("code", ["de", "fr", "es"])
def test_no_english_word_of_the_catalogue_is_left_in_the_sample(built, code):
    phrases = english_phrases()[code]
    assert len(phrases) > 300
    found = leftovers(built[code], phrases, content_text(), own_words(code))
    assert found == [], "\n".join(found[:40])


def test_the_scan_for_english_finds_a_page_left_in_english(built):
    """The same scan over the English build finds the catalogue's words on every page kind."""
    found = leftovers(built["en"], english_phrases()["de"], content_text())
    pages = {line.split(":")[0] for line in found}
    assert {"index.html", "scorecard/index.html", "roadmap/index.html", "alignment/index.html"} <= pages


@pytest.mark.parametrize("code, as_of, heading, sidebar", [
    ("en", "As of 30 Nov 2026.", "Strategy on a page", "Scorecard"),
    ("de", "Stand 30. Nov. 2026.", "Strategie auf einer Seite", "Ausrichtungskarte"),
    ("fr", "Au 30 nov. 2026.", "La stratégie en une page", "Carte d’alignement"),
    ("es", "A fecha de 30 nov 2026.", "La estrategia en una página", "Mapa de alineación"),
])
def test_each_language_reads_in_its_own_words_dates_and_sidebar(built, code, as_of, heading, sidebar):
    home = lxml_html.fromstring((built[code] / "index.html").read_bytes())
    assert home.get("lang") == code
    assert " ".join(home.find(".//p[@class='pb-intro']").text_content().split()) == as_of
    assert home.find(".//article//h1").text_content() == heading
    assert sidebar in [a.text_content().strip() for a in home.iter("a")]
    scorecard = (built[code] / "scorecard" / "index.html").read_text(encoding="utf-8")
    words = {"en": "on track", "de": "auf Kurs", "fr": "en bonne voie", "es": "en curso"}
    assert f">{words[code]}<" in scorecard  # status badges, in tables and in the sparklines


def test_german_numbers_and_dates_in_tables_and_charts(built):
    texts = " ".join(" ".join(nodes) for page, nodes in main_texts(built["de"]).items() if page.startswith("kpis/"))
    assert "Messungen" in texts and "Stand 30. Nov. 2026" in texts
    assert re.search(r"\d,\d", texts), "German decimals have a comma"
    assert not re.search(r"\d{4}-\d{2}-\d{2}", texts), "no ISO dates for readers"


def test_the_plugin_option_overrides_the_theme_language(tmp_path):
    folder = in_language(copy_sample(tmp_path / "p"), "fr", plugin_language="de", as_of=AS_OF)
    done = mkdocs_build(folder)
    assert done.returncode == 0, done.stderr[-2000:]
    home = (folder / "site" / "index.html").read_text(encoding="utf-8")
    assert "Strategie auf einer Seite" in home and "La stratégie en une page" not in home


@pytest.mark.parametrize("language", ["xx-nonsense", "de_DE_EXTRA_BITS"])
def test_an_unknown_plugin_language_stops_the_build_with_a_clear_error(tmp_path, language):
    folder = in_language(copy_sample(tmp_path / "p"), None, plugin_language=language)
    done = mkdocs_build(folder)
    assert done.returncode == 1 and "unknown language" in done.stderr and "Traceback" not in done.stderr
    assert not (folder / "site").exists()


def test_a_theme_language_without_a_catalogue_keeps_english_words_and_says_so(tmp_path):
    folder = in_language(copy_sample(tmp_path / "p"), "it", as_of=AS_OF)
    done = mkdocs_build(folder)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "no catalogue for language 'it'" in done.stderr
    home = (folder / "site" / "index.html").read_text(encoding="utf-8")
    assert "Strategy on a page" in home and "30 nov 2026" in home



def test_the_briefing_book_is_written_in_the_language_asked_for(tmp_path, capsys):
    from playbook.cli.commands import main
    out = tmp_path / "book.html"
    assert main(["report", str(REPO / "content"), "--out", str(out), "--language", "de", "--as-of", AS_OF]) == 0
    book = out.read_text(encoding="utf-8")
    assert '<html lang="de">' in book and "Zusammenfassung" in book and "Seite \\" not in book
    assert "Stand 30. Nov. 2026" in book and '"Seite " counter(page) " von " counter(pages)' in book
    assert main(["report", str(REPO / "content"), "--out", str(tmp_path / "x.html"), "--language", "xx-nonsense"]) == 2
    assert "unknown language" in capsys.readouterr().err and not (tmp_path / "x.html").exists()
