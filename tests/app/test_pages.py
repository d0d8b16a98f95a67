"""Every page renders in Swedish and in English without an exception or an untranslated key."""

from __future__ import annotations

import re

import pytest

from foresight import i18n, pages
from tests.app.conftest import all_text

PAGES = [page.script for page in pages.PAGES]
RAW_KEY = re.compile(r"\b(?:" + "|".join(sorted({key.split(".")[0] for key in i18n.catalogue()})) + r")\.[a-z_]+\b")


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_renders_in_both_languages(app, page: str, lang: str) -> None:
    at = app(page, lang=lang)
    assert not at.exception, at.exception
    text = all_text(at)
    assert text.strip()
    leaked = [key for key in RAW_KEY.findall(text) if i18n.has(key)]
    assert leaked == []


def test_home_shows_the_workspace_counts_and_page_texts(app) -> None:
    at = app("views/home.py")
    metrics = {metric.label: int(metric.value) for metric in at.metric}
    assert metrics["regioner"] == 21
    assert metrics["organisationer"] >= 25
    assert metrics["aktiviteter"] >= 60
    assert metrics["megatrender"] >= 14
    assert "Framsyn" in at.title[0].value
    english = app("views/home.py", lang="en")
    assert {metric.label for metric in english.metric} >= {"regions", "organisations", "activities"}


def test_language_switch_changes_text_and_url(app) -> None:
    at = app("views/home.py")
    assert at.radio[0].value == "sv"
    at.radio[0].set_value("en").run()
    assert at.query_params["lang"] == ["en"] or at.query_params["lang"] == "en"
    assert any("regions" == metric.label for metric in at.metric)


def test_crafted_language_falls_back_to_swedish_with_a_notice(app) -> None:
    at = app("views/home.py", lang="<script>alert(1)</script>")
    assert not at.exception
    assert at.radio[0].value == "sv"
    assert any("språket" in warning.value for warning in at.warning)  # said in words, not "lang"
