"""SVG figures for the workshop report and the comparison view, drawn by hand.

The report is one HTML file that must open offline and print on A4, so its figures are inline SVG
strings (plotly's static export needs kaleido and a browser). Every user text passes through
`html.escape` before it enters the markup; each figure has a <title> and <desc> for screen readers
(the same facts are in a table beside it). Sizes are in a viewBox, so a figure scales to the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

INK = "#1b1b1b"
MUTED = "#4a4a4a"  # 8.9:1 on white
BAR = "#1f5f8b"
RISE = "#1a6b3a"
FALL = "#a3262a"
SAME = "#5b5b5b"
GRID = "#c8c8c8"
QUADRANT_FILL = {"nw": "#eef4fa", "ne": "#eef7f0", "sw": "#fbf3ea", "se": "#f6eef7"}


def _short(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _open(figure_id: str, width: int, height: int, title: str, description: str, *, sized: bool = False) -> str:
    size = f' width="{width}" height="{height}"' if sized else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"{size} role="img"'
        f' aria-labelledby="{figure_id}-title {figure_id}-desc" class="figure" font-family="system-ui, sans-serif">'
        f'<title id="{figure_id}-title">{escape(title)}</title><desc id="{figure_id}-desc">{escape(description)}</desc>'
    )


def vote_bars(figure_id: str, title: str, rows: Sequence[tuple[str, int]], description: str) -> str:
    """Horizontal bars, one per option (label, dots), most dots first."""
    row_height, label_width, width = 30, 300, 720
    height = max(1, len(rows)) * row_height + 20
    most = max((dots for _, dots in rows), default=0) or 1
    bar_room = width - label_width - 60
    parts = [_open(figure_id, width, height, title, description)]
    for index, (label, dots) in enumerate(rows):
        y = 10 + index * row_height
        length = bar_room * dots / most
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 20}" text-anchor="end" font-size="15" fill="{INK}">'
            f"{escape(_short(label, 38))}</text>"
            f'<rect x="{label_width}" y="{y + 5}" width="{length:.1f}" height="{row_height - 10}" fill="{BAR}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 20}" font-size="15" fill="{INK}">{dots}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def scenario_cross(
    figure_id: str,
    title: str,
    axes: tuple[tuple[str, str, str], tuple[str, str, str]],
    quadrant_names: dict[str, str],
    cards: Sequence[tuple[int, str, float, float]],
    description: str,
) -> str:
    """The 2×2 cross: axes (label, low, high) for x and y, the four quadrant names, placed cards as
    numbered dots (number, label, x, y in -1…1); the numbers are explained in the table beside it."""
    size, margin = 560, 70
    inner = size - 2 * margin
    centre = size / 2
    parts = [_open(figure_id, size, size, title, description)]
    for key, (x, y) in {"nw": (0, 0), "ne": (1, 0), "sw": (0, 1), "se": (1, 1)}.items():
        parts.append(
            f'<rect x="{margin + x * inner / 2}" y="{margin + y * inner / 2}" width="{inner / 2}" height="{inner / 2}"'
            f' fill="{QUADRANT_FILL[key]}" stroke="{GRID}"/>'
        )
        name = quadrant_names.get(key, "")
        if name:
            text_x = margin + x * inner / 2 + inner / 4
            text_y = margin + y * inner / 2 + (18 if y == 0 else inner / 2 - 10)
            parts.append(
                f'<text x="{text_x}" y="{text_y}" text-anchor="middle" font-size="14" font-weight="bold"'
                f' fill="{INK}">{escape(_short(name, 30))}</text>'
            )
    (x_label, x_low, x_high), (y_label, y_low, y_high) = axes
    parts.append(
        f'<line x1="{margin}" y1="{centre}" x2="{size - margin}" y2="{centre}" stroke="{INK}" stroke-width="2"/>'
        f'<line x1="{centre}" y1="{margin}" x2="{centre}" y2="{size - margin}" stroke="{INK}" stroke-width="2"/>'
        f'<text x="{margin}" y="{size - margin + 22}" font-size="13" fill="{MUTED}">{escape(_short(x_low, 30))}</text>'
        f'<text x="{size - margin}" y="{size - margin + 22}" text-anchor="end" font-size="13" fill="{MUTED}">'
        f"{escape(_short(x_high, 30))}</text>"
        f'<text x="{centre}" y="{size - 8}" text-anchor="middle" font-size="15" fill="{INK}">'
        f"{escape(_short(x_label, 60))}</text>"
        f'<text x="{centre}" y="{margin - 30}" text-anchor="middle" font-size="15" fill="{INK}">'
        f"{escape(_short(y_label, 60))}</text>"
        f'<text x="{centre}" y="{margin - 8}" text-anchor="middle" font-size="13" fill="{MUTED}">'
        f"{escape(_short(y_high, 30))}</text>"
        f'<text x="{centre}" y="{size - margin + 20}" text-anchor="middle" font-size="13" fill="{MUTED}">'
        f"{escape(_short(y_low, 30))}</text>"
    )
    for number, _label, x, y in cards:
        cx = centre + x * inner / 2
        cy = centre - y * inner / 2
        parts.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="12" fill="{BAR}" stroke="#ffffff" stroke-width="2"/>'
            f'<text x="{cx:.1f}" y="{cy + 5:.1f}" text-anchor="middle" font-size="13" font-weight="bold"'
            f' fill="#ffffff">{number}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def slope_chart(
    figure_id: str,
    title: str,
    left_title: str,
    right_title: str,
    rows: Sequence[tuple[str, int | None, int | None]],
    description: str,
    *,
    font_size: int = 16,
) -> str:
    """Ranks before (left) and after (right), one line per option: green rose, red fell, grey kept."""
    step = font_size * 2.2
    ranks = [rank for _, before, after in rows for rank in (before, after) if rank is not None]
    count = max(ranks, default=1)
    label_room = font_size * 16
    width = int(label_room * 2 + font_size * 14)
    height = int(step * count + font_size * 4)
    left_x, right_x = label_room, width - label_room

    def y_of(rank: int) -> float:
        return font_size * 3 + (rank - 1) * step

    parts = [
        _open(figure_id, width, height, title, description, sized=True),
        f'<text x="{left_x}" y="{font_size * 1.3}" text-anchor="middle" font-size="{font_size}" font-weight="bold"'
        f' fill="{INK}">{escape(_short(left_title, 30))}</text>',
        f'<text x="{right_x}" y="{font_size * 1.3}" text-anchor="middle" font-size="{font_size}" font-weight="bold"'
        f' fill="{INK}">{escape(_short(right_title, 30))}</text>',
    ]
    limit = max(12, int(label_room / (font_size * 0.55)) - 4)
    for label, before, after in rows:
        if before is not None and after is not None:
            colour = RISE if after < before else FALL if after > before else SAME
            parts.append(
                f'<line x1="{left_x + 10}" y1="{y_of(before):.1f}" x2="{right_x - 10}" y2="{y_of(after):.1f}"'
                f' stroke="{colour}" stroke-width="{max(3, font_size // 5)}"/>'
            )
        if before is not None:
            parts.append(
                f'<text x="{left_x - 16}" y="{y_of(before) + font_size / 3:.1f}" text-anchor="end"'
                f' font-size="{font_size}" fill="{INK}">{before}. {escape(_short(label, limit))}</text>'
                f'<circle cx="{left_x}" cy="{y_of(before):.1f}" r="{font_size / 3:.1f}" fill="{INK}"/>'
            )
        if after is not None:
            parts.append(
                f'<circle cx="{right_x}" cy="{y_of(after):.1f}" r="{font_size / 3:.1f}" fill="{INK}"/>'
                f'<text x="{right_x + 16}" y="{y_of(after) + font_size / 3:.1f}" font-size="{font_size}"'
                f' fill="{INK}">{after}. {escape(_short(label, limit))}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
