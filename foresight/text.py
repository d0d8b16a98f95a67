"""User text on its way to the screen: one escaper for Markdown labels, one for plotly labels.

Streamlit renders labels, captions and titles as Markdown (with a little HTML), and plotly reads a
few HTML tags in its labels. User text (a trend's title, a typed-in vote option, a region name
from an import) must show as the characters typed, so it goes through one of these first.
"""

from __future__ import annotations

import html
import re

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
