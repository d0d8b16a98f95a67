"""Every text exists in Swedish and English, with the same placeholders, and every key used exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from foresight import i18n
from foresight.data.tables import (
    ACTIVITY_TYPES,
    AUDIENCES,
    CATEGORIES,
    COUNTRIES,
    LOAD_ORDER,
    METHODS,
    ORG_TYPES,
    TREND_LEVELS,
)

ROOT = Path(__file__).resolve().parents[2]
KEY_USE = re.compile(r"""\b(?:tr|t)\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")


def _placeholders(template: str) -> set[str]:
    """The parameter names a template uses; `{n|one|other}` (a plural choice) counts as `n`."""
    return {name.split("|")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_text_is_complete_in_both_languages() -> None:
    """One test over the whole catalogue (a thousand parametrized cases cost more to collect than to run)."""
    catalogue = i18n.catalogue()
    assert len(catalogue) > 500
    empty = sorted(key for key, (sv, en) in catalogue.items() if not (sv.strip() and en.strip()))
    differing = sorted(key for key, (sv, en) in catalogue.items() if _placeholders(sv) != _placeholders(en))
    assert empty == [] and differing == []


def test_every_key_used_in_code_exists() -> None:
    used = set()
    for path in [*ROOT.glob("*.py"), *ROOT.glob("views/*.py"), *ROOT.glob("foresight/**/*.py")]:
        used |= set(KEY_USE.findall(path.read_text(encoding="utf-8")))
    missing = sorted(key for key in used if not i18n.has(key))
    assert missing == []


@pytest.mark.parametrize(
    ("kind", "values"),
    [
        ("category", CATEGORIES),
        ("level", TREND_LEVELS),
        ("org_type", ORG_TYPES),
        ("activity_type", ACTIVITY_TYPES),
        ("method", METHODS),
        ("audience", AUDIENCES),
        ("country", COUNTRIES),
        ("table", LOAD_ORDER),
    ],
)
def test_every_enumeration_value_has_a_label(kind: str, values: tuple[str, ...]) -> None:
    assert [value for value in values if not i18n.has(f"{kind}.{value}")] == []


def test_unknown_key_fails_loudly_and_language_falls_back() -> None:
    with pytest.raises(KeyError):
        i18n.t("no.such.key", "sv")
    assert i18n.normalise_language("<script>") == "sv"
    assert i18n.t("nav.trends", "en") == "Trends"
    assert i18n.t("nav.trends", "sv") == "Trender"


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "shown"),
    [
        (12345.5, "sv", None, "12\u00a0345,5"),
        (12345.5, "en", None, "12,345.5"),
        (2040, "sv", None, "2040"),  # years and four-digit numbers stay whole
        (100_000, "sv", None, "100\u00a0000"),
        (0.85, "sv", 2, "0,85"),
        (-0.5, "sv", 2, "-0,50"),
        (3, "en", None, "3"),
    ],
)
def test_numbers_are_written_as_the_language_writes_them(value, lang, decimals, shown) -> None:
    assert i18n.format_number(value, lang, decimals) == shown


@pytest.mark.parametrize(
    ("count", "sv", "en"), [(1, "1 aktivitet", "1 activity"), (2, "2 aktiviteter", "2 activities")]
)
def test_plural_forms_agree_with_the_count(count: int, sv: str, en: str) -> None:
    assert i18n.t("map.table_count", "sv", count=count) == f"{sv}."
    assert i18n.t("map.table_count", "en", count=count) == f"{en}."


def test_numbers_in_texts_follow_the_language() -> None:
    assert "12\u00a0345" in i18n.t("map.table_count", "sv", count=12345)
    assert "12,345" in i18n.t("map.table_count", "en", count=12345)
