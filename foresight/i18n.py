"""All UI text, in Swedish (the default) and English.

Texts live in `foresight/texts/`, one module per area, each a dict of key -> (Swedish, English).
`t` raises on an unknown key so that a missing text fails a test instead of showing a raw key
to a leadership group; a test checks that every key has both languages.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"
TEXT_MODULES = (
    "common",
    "data",
    "home",
    "trends",
    "map",
    "vote",
    "participant",
    "scenarios",
    "workshops",
    "plans",
    "access",
)


@cache
def catalogue() -> dict[str, tuple[str, str]]:
    """Every text key, merged from the area modules; a key defined twice is a bug."""
    merged: dict[str, tuple[str, str]] = {}
    for name in TEXT_MODULES:
        texts = import_module(f"foresight.texts.{name}").TEXTS
        clash = merged.keys() & texts.keys()
        if clash:
            raise ValueError(f"text keys defined twice: {sorted(clash)}")
        merged.update(texts)
    return merged


def normalise_language(value: object) -> str:
    """A supported language code, falling back to Swedish for anything else."""
    return value if isinstance(value, str) and value in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str, /, **params: object) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled from `params`."""
    sv, en = catalogue()[key]
    template = en if lang == "en" else sv
    return template.format(**params) if params else template


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
