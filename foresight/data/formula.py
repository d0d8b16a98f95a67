"""Cells that a spreadsheet program would run as a formula, made inert on export and restored on import.

OWASP's CSV-injection advice: a cell that starts with = + - @ (or tab, CR, LF) is a formula to
Excel, and so is any part of a cell after a separator, quote or line break, because Swedish Excel
splits a comma file on `;` and a file may be re-split on `,`, tab or a line break. Export puts an
apostrophe in front of each such place; import takes exactly one away again.

The rule is a bijection: before any run of apostrophes that ends in a formula character, one
more apostrophe is added, and import removes one from a run in the same place. So a cell a user
typed as `'=x` comes back as `'=x`, and every exported file imports back unchanged.
"""

from __future__ import annotations

import re

FORMULA_CHARS = "=+\\-@"
BREAKS = ';,"\n\r\t'
# Where export inserts an apostrophe: at the start of the cell or after a separator, quote or line
# break, before apostrophes leading to = + - @; at the start only, before a tab or a line break.
_INSERT = re.compile(f"(?:^|(?<=[{BREAKS}]))(?='*[{FORMULA_CHARS}])|^(?='*[\t\r\n])")
_REMOVE = re.compile(f"(?:^|(?<=[{BREAKS}]))'(?='*[{FORMULA_CHARS}])|^'(?='*[\t\r\n])")


def neutralise(value: object) -> object:
    """`value` safe to open in a spreadsheet program (text only; other values pass through)."""
    if isinstance(value, str):
        return _INSERT.sub("'", value)
    return value


def restore(text: str) -> str:
    """The text `neutralise` was given: exactly one apostrophe taken away at each marked place."""
    return _REMOVE.sub("", text) if "'" in text else text
