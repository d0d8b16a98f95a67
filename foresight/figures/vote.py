"""The vote's figure: the live tally as large horizontal bars for the shared screen.

Drawn as HTML, not as a plotly chart: the bars are then text in the page's own font, sized in
viewport units (3vh: 32 px at 1080p, in proportion at 720p), long options wrap like any text
instead of being cut, and the chart is its own text alternative for a screen reader. A plotly
figure has a fixed pixel height and measures its labels itself, so it cannot follow the screen.
"""

from __future__ import annotations

import html

import pandas as pd

LABEL_VH = 3.0  # 32 px at 1080p: read from the back row
ROOM_FOR_LINES = 14  # label lines that fit below the title and status at LABEL_VH
CHARS_PER_LINE = 26  # about what a label column of 30 % of a 16:9 screen holds at LABEL_VH


def label_lines(label: str) -> int:
    """About how many lines a label wraps onto (for sizing the rows, not for cutting)."""
    words, lines, used = label.split(), 1, 0
    for word in words:
        if used and used + 1 + len(word) > CHARS_PER_LINE:
            lines, used = lines + 1, len(word)
        else:
            used += (1 if used else 0) + len(word)
    return lines


def tally_html(result: pd.DataFrame, summary: str) -> str:
    """A bar per option, the most dots on top; `summary` is what a screen reader says first.

    Every label is escaped here, so typed-in text stays text. The rows shrink below LABEL_VH only
    when the options need more lines than the screen holds (then all of them equally).
    """
    lines = sum(max(1, label_lines(str(label))) + 0.6 for label in result["label"]) or 1
    size = min(LABEL_VH, LABEL_VH * ROOM_FOR_LINES / lines)
    most = max([int(dots) for dots in result["dots"]] + [1])
    rows = []
    for row in result.itertuples():
        dots = int(row.dots)
        rows.append(
            '<li class="fs-tally-row">'
            f'<span class="fs-tally-label">{html.escape(str(row.label))}</span>'
            f'<span class="fs-tally-track"><span class="fs-tally-bar" style="width:{dots / most * 100:.1f}%"></span>'
            f'<span class="fs-tally-dots">{dots}</span></span></li>'
        )
    return (
        f'<div class="fs-tally" style="--fs-tally-size:{size:.2f}vh">'
        f'<p class="fs-sr-only">{html.escape(summary)}</p>'
        f'<ol class="fs-tally-rows">{"".join(rows)}</ol></div>'
    )
