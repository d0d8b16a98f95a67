"""User text on its way in and out: one cleaning policy for what is stored, one escaper each for
Markdown labels and plotly labels.

Streamlit renders labels, captions and titles as Markdown (with a little HTML), and plotly reads a
few HTML tags in its labels. User text (a trend's title, a typed-in vote option, a region name
from an import) must show as the characters typed, so it goes through one of these first.
"""

from __future__ import annotations

import html
import re
import unicodedata

from foresight.errors import ForesightError

# CommonMark's ASCII punctuation that may start or end markup, plus what Streamlit adds: $ (math),
# : (emoji and icon shortcodes such as :material/x: and :red[...]), ~ (strikethrough), = and ^, and /
# because Streamlit rewrites a raw `:material/` before parsing, so the slash must not stand bare.
MARKDOWN_SPECIAL = "\\`*_{}[]()<>#+-.!|~$:=^&\"'/"
_MARKDOWN_PATTERN = re.compile("([" + re.escape(MARKDOWN_SPECIAL) + "])")


def escape_markdown(text: object) -> str:
    """`text` made inert for Markdown: every special character backslash-escaped, line breaks kept."""
    escaped = _MARKDOWN_PATTERN.sub(r"\\\1", "" if text is None else str(text))
    return escaped.replace("\r\n", "\n").replace("\n", "  \n")


def escape_plotly(text: object) -> str:
    """`text` made inert for plotly's label markup (<b>, <a href>, <span style>, <br>)."""
    return html.escape("" if text is None else str(text), quote=True)


# -- text coming in -------------------------------------------------------------------------------

_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x85\u2028\u2029]")
# C0/C1 controls and the bidirectional overrides that can make shown text lie about its order.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class TextInputError(ForesightError):
    """Typed-in text was refused (not text, empty, too long, or markup where none may stand)."""


def clean_text(
    value: object,
    *,
    max_length: int | None = None,
    field: str = "text",
    required: bool = False,
    multiline: bool = False,
    plain_only: bool = False,
) -> str:
    """User text as stored: NFC, trimmed, control characters removed, line breaks only if `multiline`.

    `field` names the input (translated as `field.<field>` when the error is shown). `plain_only`
    refuses < > and control characters instead of removing them, for text shown on phones and the
    projector where a silently changed title would surprise its author.
    """
    if not isinstance(value, str):  # None too: a missing value is a caller's bug, not an empty answer
        raise TextInputError("text.error_not_text", field=field)
    text = unicodedata.normalize("NFC", value)
    text = _LINE_BREAKS.sub("\n" if multiline else " ", text).replace("\t", " ")
    if plain_only and (
        any(char in "<>" for char in text)
        or any(unicodedata.category(char).startswith("C") for char in text if char != "\n")
    ):
        raise TextInputError("text.error_markup", field=field)
    text = _CONTROL.sub("", text).strip()
    if required and not text:
        raise TextInputError("text.error_required", field=field)
    if max_length is not None and len(text) > max_length:
        raise TextInputError("text.error_too_long", field=field, limit=max_length, length=len(text))
    return text
