"""All UI text, in Swedish (the default) and English.

Texts live in `foresight/texts/`, one module per area, each a dict of key -> (Swedish, English).
`t` raises on an unknown key so that a missing text fails a test instead of showing a raw key
to a leadership group; a test checks that every key has both languages.

Numbers and plurals are done here, once, so no text has to: every int or float passed to `t`
is written in the language's format (`format_number`), and a template chooses a word by a count
with `{count|aktivitet|aktiviteter}` (singular when the count is 1, else plural).

The rules the Swedish texts were reviewed by, line by line:

- Write as a colleague speaks in a workshop: plain verbs, no calques of English UI words
  ("rutnät" not "brickfält"; "Markera ett kort och flytta det med piltangenterna" not "fokusera
  ett kort"; no "Tabb till ..."). Say what happens, not which widget does it.
- Numbers: a space between thousands from five digits on (12 345; years and 4-digit numbers
  stay whole: 2040, 1000), a decimal comma (0,85), a space before a unit or %. Never a decimal
  point in Swedish text, also not in tables of positions.
- Plurals agree with the count: "1 aktivitet", "2 aktiviteter" (the `{n|sing|plur}` form).
- One term per thing. **Region, not län**: the users are the regions (Region Jämtland
  Härjedalen, Region Skåne) and their foresight work is a regional development task; since 2019
  every county has a region with that role, so the 21 areas on the map are regions. "Län" is
  kept only where it is the official name of a code or a boundary dataset (länskod, SCB).
  Other fixed terms: drivkraft (driver of change), trend, megatrend, omröstning, prick (dot),
  processledare (facilitator), scenariokors, arbetsyta (workspace).
- Headings are nouns or short phrases, sentence case, no colon; a status is "Status", not "Läge".
- Lists say what they hold: votes that are open or not yet opened are not "Tidigare".
- Labels are complete Swedish: column names in help texts are explained in Swedish, with the
  file's own (English) column name in code style beside it only where the user must type it.
- Streamlit's own English never shows: placeholders, column labels, empty-cell text and
  uploader instructions are set through the widgets' parameters, or the widget is replaced.
- Punctuation: en dash with spaces for ranges in running text (2030 – 2040), straight
  quotes in code, Swedish quotation marks (”…”) around user text.
"""

from __future__ import annotations

import re
from functools import cache

from foresight.texts import (
    access,
    columns,
    common,
    data,
    home,
    map,
    participant,
    plans,
    room,
    scenarios,
    server,
    trends,
    vote,
    workshops,
)

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"
# The area catalogues, imported by name so every arrow is visible to the import checks.
TEXT_MODULES = (
    common,
    columns,
    data,
    home,
    trends,
    map,
    vote,
    participant,
    scenarios,
    workshops,
    plans,
    access,
    room,
    server,
)


@cache
def catalogue() -> dict[str, tuple[str, str]]:
    """Every text key, merged from the area modules; a key defined twice is a bug."""
    merged: dict[str, tuple[str, str]] = {}
    for module in TEXT_MODULES:
        texts = module.TEXTS
        clash = merged.keys() & texts.keys()
        if clash:
            raise ValueError(f"text keys defined twice: {sorted(clash)}")
        merged.update(texts)
    return merged


def normalise_language(value: object) -> str:
    """A supported language code, falling back to Swedish for anything else."""
    return value if isinstance(value, str) and value in LANGUAGES else DEFAULT_LANGUAGE


_PLURAL = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")


def format_number(value: float, lang: str, decimals: int | None = None) -> str:
    """A number as the language writes it: 12 345,5 in Swedish, 12,345.5 in English.

    Thousands are grouped from five digits on (2040 and 1000 stay whole, as Swedish allows),
    so years and four-digit counts read the same in both languages. `decimals=None` shows a
    whole number without decimals and anything else with one.
    """
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    text = f"{value:,.{decimals}f}"
    whole = text.split(".")[0].lstrip("-")
    if len(whole.replace(",", "")) <= 4:
        text = text.replace(",", "")
    if lang == "sv":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def t(key: str, lang: str, /, **params: object) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled from `params`.

    Numbers are formatted for the language; `{name|one|other}` picks a word by the count `name`.
    """
    sv, en = catalogue()[key]
    template = en if lang == "en" else sv
    if not params:
        return template
    template = _PLURAL.sub(lambda found: found[2] if params.get(found[1]) == 1 else found[3], template)
    shown = {
        name: format_number(value, lang) if isinstance(value, int | float) and not isinstance(value, bool) else value
        for name, value in params.items()
    }
    return template.format(**shown)


def format_count(count: int, lang: str) -> str:
    return format_number(int(count), lang)


def error_text(key: str, params: dict[str, object], lang: str) -> str:
    """An error's message; a `field` parameter names an input and is translated as field.<name>."""
    field = params.get("field")
    if isinstance(field, str) and has(f"field.{field}"):
        params = {**params, "field": t(f"field.{field}", lang)}
    return t(key, lang, **params)


def has(key: str) -> bool:
    return key in catalogue()


def enum_label(kind: str, value: str, lang: str) -> str:
    """Label of an enumeration value, e.g. enum_label('category', 'social', 'sv') -> 'Social'."""
    key = f"{kind}.{value}"
    return t(key, lang) if has(key) else value
