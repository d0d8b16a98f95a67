"""Labels beside chart points that never overlap: a title where it fits, else a number for a list.

The placement works in pixels of the plot area (y downward) and is greedy: points in the order
given (the first ones matter most) try their title at eight spots around the marker, then their
number; a spot is taken only if its box stays inside the plot and clear of every marker, every
fixed text (axis and quadrant names) and every label placed before. In a crowd a number may, as a
last resort, cover a marker of a point that has no label (those are faded while trends are
selected), never a labelled point, a fixed text or another label. A point whose number fits
nowhere next to it gets no mark in the chart (the list beside it still names it), rather than a
mark that could be read as another point's.

Charts are drawn wider than the width assumed here when the page is wider (plotly stretches the
axes, while text keeps its pixel size). So two boxes count as apart only if they are apart on an
axis in the same order as their anchors: stretching then only moves them further apart, and a
placement that is clear at the assumed size stays clear on every larger screen.

Text width is estimated from the character count (Source Sans averages about half an em per
character; `CHAR_EM` is generous); the boxes carry a little padding on top of that.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

CHAR_EM = 0.56  # an average character's width in ems, on the generous side
LINE_EM = 1.3  # a line's height in ems (plotly's annotation lines)
PAD_PX = 3  # around a label's text (the annotation's borderpad and a hair more)
GAP_PX = 2  # between a marker's edge and its label
TITLE_LINE_CHARS = 24  # a title is wrapped to lines of this many characters …
TITLE_MAX_LINES = 2  # … and is numbered instead when it needs more lines


@dataclass(frozen=True)
class Box:
    """A rectangle in plot pixels (y grows downward), with the anchor it moves with when the plot stretches."""

    left: float
    top: float
    right: float
    bottom: float
    anchor_x: float
    anchor_y: float

    def apart(self, other: Box) -> bool:
        """Whether the two boxes do not overlap, and would not on a stretched (larger) plot."""
        return (
            (self.right <= other.left and self.anchor_x <= other.anchor_x)
            or (other.right <= self.left and other.anchor_x <= self.anchor_x)
            or (self.bottom <= other.top and self.anchor_y <= other.anchor_y)
            or (other.bottom <= self.top and other.anchor_y <= self.anchor_y)
        )

    def inside(self, width: float, height: float) -> bool:
        return self.left >= 0 and self.top >= 0 and self.right <= width and self.bottom <= height


@dataclass(frozen=True)
class Placed:
    """One point's label: its text lines (a title or a number), the box, and the spot it sits at.

    `dx`, `dy` are the box's offset from the point in pixels (y downward) and `side_x`, `side_y`
    which edge of the box faces the point (plotly's xanchor and yanchor).
    """

    index: int
    lines: tuple[str, ...]
    numbered: bool
    box: Box
    side_x: str  # "left", "center" or "right"
    side_y: str  # "top", "middle" or "bottom"
    dx: float
    dy: float


# Spots around a marker, nearest to the reading eye first: right, left, above, below, then diagonals.
_SPOTS = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1))


def title_lines(title: str) -> tuple[str, ...] | None:
    """A title wrapped for a chart, or None when it is too long to label with (it gets a number)."""
    lines = textwrap.wrap(title, TITLE_LINE_CHARS, break_long_words=False) or [""]
    if len(lines) > TITLE_MAX_LINES or max(len(line) for line in lines) > TITLE_LINE_CHARS + 4:
        return None
    return tuple(lines)


def text_size(lines: Sequence[str], text_px: float) -> tuple[float, float]:
    """Width and height of a label's box in pixels."""
    width = max(len(line) for line in lines) * CHAR_EM * text_px + 2 * PAD_PX
    return width, len(lines) * LINE_EM * text_px + 2 * PAD_PX


def _box_at(x: float, y: float, reach: float, size: tuple[float, float], spot: tuple[int, int]) -> Box:
    width, height = size
    sx, sy = spot
    centre_x = x + sx * (reach + width / 2)
    centre_y = y + sy * (reach + height / 2)
    return Box(centre_x - width / 2, centre_y - height / 2, centre_x + width / 2, centre_y + height / 2, x, y)


def marker_box(x: float, y: float, marker_px: float) -> Box:
    half = marker_px / 2
    return Box(x - half, y - half, x + half, y + half, x, y)


def place_labels(
    points: Sequence[tuple[float, float]],
    labelled: Sequence[tuple[int, str, str]],
    plot: tuple[float, float],
    text_px: float,
    marker_px: float | Sequence[float],
    fixed: Sequence[Box] = (),
    numbers_only: bool = False,
) -> list[Placed]:
    """Labels for `labelled` = (point index, title, number) in priority order, none overlapping.

    `points` are every marker's centre in plot pixels (all are obstacles, labelled or not),
    `plot` the plot area's width and height, `fixed` boxes of texts already in the chart,
    `marker_px` the markers' diameter (one for all, or one per point).
    """
    sizes = [float(marker_px)] * len(points) if isinstance(marker_px, (int, float)) else list(marker_px)
    return list(
        _place(
            tuple((float(x), float(y)) for x, y in points),
            tuple(labelled),
            (float(plot[0]), float(plot[1])),
            float(text_px),
            tuple(float(size) for size in sizes),
            tuple(fixed),
            numbers_only,
        )
    )


@lru_cache(maxsize=256)
def _place(
    points: tuple[tuple[float, float], ...],
    labelled: tuple[tuple[int, str, str], ...],
    plot: tuple[float, float],
    text_px: float,
    marker_px: tuple[float, ...],
    fixed: tuple[Box, ...],
    numbers_only: bool,
) -> tuple[Placed, ...]:
    """The placement, memoised: a rerun that draws the same chart again costs a dictionary lookup."""
    markers = [marker_box(x, y, size) for (x, y), size in zip(points, marker_px, strict=True)]
    strict: list[Box] = [*fixed, *markers]  # every marker is an obstacle …
    loose: list[Box] = [*fixed, *(markers[index] for index, _, _ in labelled)]  # … in a crowd the labelled ones
    placed: list[Placed] = []
    for index, title, number in labelled:
        x, y = points[index]
        reach = marker_px[index] / 2 + GAP_PX
        wrapped = None if numbers_only else title_lines(title)
        choices = [((wrapped), False, strict)] if wrapped else []
        choices += [((number,), True, strict), ((number,), True, loose)]
        for lines, numbered, taken in choices:
            size = text_size(lines, text_px)
            found = None
            for spot in _SPOTS:
                box = _box_at(x, y, reach, size, spot)
                if box.inside(*plot) and all(box.apart(other) for other in taken if other is not markers[index]):
                    found = (box, spot)
                    break
            if found:
                box, (sx, sy) = found
                side_x = {1: "left", 0: "center", -1: "right"}[sx]
                side_y = {1: "top", 0: "middle", -1: "bottom"}[sy]
                placed.append(Placed(index, tuple(lines), numbered, box, side_x, side_y, sx * reach, sy * reach))
                strict.append(box)
                loose.append(box)
                break
    return tuple(placed)
