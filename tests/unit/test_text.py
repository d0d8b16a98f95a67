"""The one text policy for what users type (foresight.text.clean_text)."""

from __future__ import annotations

import pytest

from foresight.i18n import error_text
from foresight.text import TextInputError, clean_text, escape_markdown, escape_plotly


def test_text_is_trimmed_composed_and_stripped_of_controls() -> None:
    assert clean_text("  Örebro\x00\x07 \u202eläns\u202c ") == "Örebro läns"
    assert clean_text("Ja\u0308mtland") == "Jämtland"  # NFC: one code point, as the keyboard types it


def test_line_breaks_are_kept_only_where_multi_line_is_allowed() -> None:
    assert clean_text("one\r\ntwo\rthree") == "one two three"
    assert clean_text("one\r\ntwo\rthree", multiline=True) == "one\ntwo\nthree"


@pytest.mark.parametrize(
    ("value", "options", "key"),
    [
        (None, {}, "text.error_not_text"),
        (3, {}, "text.error_not_text"),
        ("  ", {"required": True}, "text.error_required"),
        ("xyz", {"max_length": 2}, "text.error_too_long"),
        ("<b>x</b>", {"plain_only": True}, "text.error_markup"),
        ("ok\x00", {"plain_only": True}, "text.error_markup"),
    ],
)
def test_refusals_carry_one_set_of_keys(value: object, options: dict, key: str) -> None:
    with pytest.raises(TextInputError) as refused:
        clean_text(value, field="title", **options)
    assert refused.value.key == key
    assert "Rubrik" in error_text(refused.value.key, refused.value.params, "sv")  # the field, translated


def test_markup_is_kept_as_typed_unless_refused() -> None:
    assert clean_text("<b>fet</b> & =1+1") == "<b>fet</b> & =1+1"


def test_escapers_leave_no_special_character_bare() -> None:
    assert escape_markdown("*a*\nb") == "\\*a\\*  \nb"
    assert escape_plotly("<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"
