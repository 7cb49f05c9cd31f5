"""The site's words and formats in the reader's language.

Every word the engine writes into pages and charts is a message of one gettext
catalogue (`locale/messages.pot`, translated in `locale/<lang>/LC_MESSAGES/
messages.po`, maintained with Babel: `python -m playbook.scaffold.catalogue`). Dates,
numbers and percentages are formatted by Babel for the site's locale, and the
organization's own words (`terms` in playbook.yml, see `terms.py`) replace the
catalogue's names of kinds, fields and statuses.

Rendering runs inside `use(language)`; the functions below read the language in
force (English, day-first dates, outside it). Messages use named placeholders,
`_("As of {date}.", date=...)`: when any argument is `Markup` the result is
`Markup` with the other arguments escaped, otherwise plain text.

Marking functions, as `pybabel extract` knows them: `_` (text), `_n` (singular,
plural, count), `_p` (context, text), and `N_`, `Nn_`, which mark a text (a
singular and plural pair) translated later, where it is shown.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import (
    format_currency,
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
    list_currencies,
    parse_pattern,
)
from babel.support import NullTranslations, Translations
from markupsafe import Markup, escape

LANGUAGES = ("en", "de", "fr", "es")
"""The languages the catalogue is complete in."""
DEFAULT_FORMATS = {"en": "en_GB"}
"""The formatting locale of a bare language: English dates read '30 Nov 2026', day first."""
KEYWORDS = {"_": None, "_n": (1, 2), "_p": ((1, "c"), 2), "N_": None, "Nn_": (1, 2)}
"""The marking functions, in the form Babel's extractor takes them."""


class LanguageError(ValueError):
    pass


@dataclass(frozen=True)
class Language:
    code: str = "en"  # the catalogue's language
    locale: Locale = field(default_factory=lambda: Locale.parse("en_GB"))  # dates and numbers
    terms: dict = field(default_factory=dict)  # the organization's own words (terms.py)

    @property
    def translations(self) -> NullTranslations:
        return compiled(self.code)


def language(name: str | None = None, locale: str | None = None, terms: dict | None = None) -> Language:
    """The language for a site: `name` as `theme.language` gives it ('de', 'pt_BR'),
    `locale` for dates and numbers when they should differ ('en_US'). A language
    without a catalogue writes English words with its own dates and numbers."""
    name = (name or "en").replace("-", "_")
    try:
        parsed = Locale.parse(locale or DEFAULT_FORMATS.get(name, name))
        code = Locale.parse(name).language
    except (UnknownLocaleError, ValueError, TypeError):
        raise LanguageError(f"unknown language or locale '{locale or name}' (e.g. en, de, fr, es, en_US)") from None
    return Language(code if code in LANGUAGES else "en", parsed, dict(terms or {}))


def has_catalogue(name: str | None) -> bool:
    return (name or "en").replace("-", "_").split("_")[0] in LANGUAGES


@lru_cache(maxsize=None)
def compiled(code: str) -> NullTranslations:
    """The compiled catalogue of a language (English reads the messages themselves)."""
    if code == "en":
        return NullTranslations()
    source = resources.files("playbook.i18n") / "locale" / code / "LC_MESSAGES" / "messages.po"
    with source.open("rb") as fp:
        mo = io.BytesIO()
        write_mo(mo, read_po(fp, locale=code))
    mo.seek(0)
    return Translations(mo)


_current: ContextVar[Language] = ContextVar("playbook_language", default=Language())


def current() -> Language:
    return _current.get()


@contextlib.contextmanager
def use(lang: Language):
    """Write in `lang` inside the block."""
    token = _current.set(lang)
    try:
        yield lang
    finally:
        _current.reset(token)


def _fill(text: str, args: dict):
    if not args:
        return text
    if any(isinstance(v, Markup) for v in args.values()):
        return escape(text).format(**args)
    return text.format(**args)


def _(message: str, **args):
    return _fill(current().translations.gettext(message), args)


def _n(singular: str, plural: str, n: int, **args):
    return _fill(current().translations.ngettext(singular, plural, n), {"n": number(n), **args})


def _p(context: str, message: str, **args):
    return _fill(current().translations.pgettext(context, message), args)


def N_(message: str) -> str:
    return message


@lru_cache(maxsize=4096)
def _skeleton(skeleton: str, day: dt.date, locale: Locale) -> str:
    return format_skeleton(skeleton, day, locale=locale)


def date(day: dt.date) -> str:
    """'30 Nov 2026', '30. Nov. 2026', '30 nov. 2026'."""
    return _skeleton("yMMMd", day, current().locale)


def month(day: dt.date) -> str:
    """'Nov 2026', 'Nov. 2026'."""
    return _skeleton("yMMM", day, current().locale)


def month_name(number: int) -> str:
    """A month by its number (1 = January), in full in the site's language: 'June', 'Juni'."""
    return current().locale.months["format"]["wide"][number]


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def weekday(name: str) -> str:
    """A weekday written `mon`...`sun`, abbreviated in the site's language: 'Mon', 'lun.'."""
    return current().locale.days["format"]["abbreviated"][WEEKDAYS.index(name)]


def day_month(day: dt.date) -> str:
    return _skeleton("MMMd", day, current().locale)


def number(value: float, decimals: int | None = None) -> str:
    """A value for people to read in the site's locale: grouped thousands, few decimals
    (`decimals` at most, trailing zeros dropped)."""
    if not math.isfinite(value):
        return str(value)
    if decimals is None:
        decimals = 0 if float(value).is_integer() else min(4, max(1, 3 - math.floor(math.log10(abs(value)))))
    value = round(value, decimals) + 0.0  # no '-0'
    if abs(value) >= 10.0 ** (_EXACT_DIGITS - decimals):
        return _decimal_pattern(decimals).apply(value, current().locale)
    group, point = _signs(current().locale)
    text = f"{abs(value):,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    text = text.replace(",", "\0").replace(".", point).replace("\0", group)
    return "-" + text if value < 0 else text  # the pattern's own minus, as Babel writes it


_EXACT_DIGITS = 15
"""A float of at most this many digits, decimals included, is written by Python with the digits
Babel writes (which are those of its shortest form); the pattern groups by threes in every
locale, and the locale gives the group and decimal signs. Babel's own formatting of the
pattern took a twentieth of a build's rendering; it still writes longer numbers."""


@lru_cache(maxsize=None)
def _signs(locale) -> tuple[str, str]:
    """The locale's group and decimal signs, in Latin digits' system, as Babel writes them."""
    return get_group_symbol(locale, numbering_system="latn"), get_decimal_symbol(locale, numbering_system="latn")


@lru_cache(maxsize=None)
def _decimal_pattern(decimals: int):
    """Grouped thousands and at most `decimals` decimals (parsed once: parsing dominated the cost)."""
    return parse_pattern("#,##0." + "#" * decimals if decimals else "#,##0")


def percent(share: float) -> str:
    """'5%', '5 %'."""
    return format_percent(share, locale=current().locale)


def money(amount: float, currency: str) -> str:
    """An amount in a currency (an ISO 4217 code) in the site's locale: '€12,000', '12.000 €',
    '€450.50'; cents only where the amount has some."""
    locale = current().locale
    text = format_currency(amount, currency, locale=locale)
    if float(amount).is_integer():
        text = re.sub(re.escape(get_decimal_symbol(locale)) + "0+(?![0-9])", "", text, count=1)
    return text


def is_currency(code: str) -> bool:
    """Whether `code` is an ISO 4217 currency code that Babel can format."""
    return code in _currencies()


@lru_cache(maxsize=1)
def _currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a singular and plural pair translated later with `_n`."""
    return singular, plural


def quarter(day: dt.date) -> str:
    """'Q1' ('T1' in French and Spanish)."""
    return format_date(day, "QQQ", locale=current().locale)
