"""Labels on the radar and the matrix: placed without overlaps, titles where they fit, numbers else."""

from __future__ import annotations

import random

import plotly.graph_objects as go
import pytest

from foresight import trends
from foresight.figures.labels import Box, marker_box, place_labels, text_size, title_lines
from foresight.figures.trends import LABEL_LIMIT, matrix_figure, radar_figure
from foresight.store import Store
from foresight.trends import TrendFilter
from tests.unit.test_trends import TEXTS


def overlap(one: Box, other: Box) -> bool:
    return one.left < other.right and other.left < one.right and one.top < other.bottom and other.top < one.bottom


def stretched(box: Box, sx: float, sy: float) -> Box:
    """The box on a plot `sx`, `sy` times larger: the anchor moves, the text keeps its size."""
    dx, dy = box.anchor_x * (sx - 1), box.anchor_y * (sy - 1)
    return Box(box.left + dx, box.top + dy, box.right + dx, box.bottom + dy, box.anchor_x * sx, box.anchor_y * sy)


def crowded(count: int, seed: int, plot: tuple[float, float]) -> list[tuple[float, float]]:
    rng = random.Random(seed)
    return [(rng.uniform(0, plot[0]), rng.uniform(0, plot[1])) for _ in range(count)]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("numbers_only", [False, True])
def test_no_label_overlaps_a_marker_a_fixed_text_or_another_label(seed: int, numbers_only: bool) -> None:
    plot = (320.0, 300.0)
    points = crowded(60, seed, plot)
    quadrant = Box(100, 0, 220, 40, 160, 20)
    wanted = [(index, f"Trend med ett namn {index}", str(index + 1)) for index in range(LABEL_LIMIT)]
    placed = place_labels(points, wanted, plot, 14, 11, [quadrant], numbers_only)
    assert len(placed) >= LABEL_LIMIT // 2  # most points get a mark even in a crowd
    markers = [marker_box(x, y, 11) for x, y in points]
    marked = {index for index, _, _ in wanted}
    for scale in (1.0, 1.5, 3.0):  # and none on a wider plot (a larger screen) either
        boxes = [stretched(label.box, scale, 1.0) for label in placed]
        quadrant_box = stretched(quadrant, scale, 1.0)
        for n, box in enumerate(boxes):
            label = placed[n]
            if scale == 1.0:
                assert box.inside(*plot), label
            assert not overlap(box, quadrant_box), (scale, label)
            for other in boxes[n + 1 :]:
                assert not overlap(box, other), (scale, label, other)
            for m, marker in enumerate(markers):  # a labelled point is never covered; a title covers none
                if m in marked or not label.numbered:
                    assert not overlap(box, stretched(marker, scale, 1.0)), (scale, label, m)
    if numbers_only:
        assert all(label.numbered for label in placed)


def test_a_title_where_it_fits_a_number_where_it_does_not() -> None:
    plot = (400.0, 300.0)
    alone, crowd = (60.0, 150.0), [(300.0 + dx, 150.0 + dy) for dx in (-12, 0, 12) for dy in (-12, 0, 12)]
    wanted = [(0, "Ensam trend", "1"), *((index, f"Trängd trend nummer {index}", str(index)) for index in (1, 5))]
    placed = {label.index: label for label in place_labels([alone, *crowd], wanted, plot, 14, 11)}
    assert placed[0].lines == ("Ensam trend",) and not placed[0].numbered
    assert placed[5].numbered  # the middle of a tight cluster: a number over an unlabelled neighbour
    assert not overlap(placed[5].box, marker_box(*crowd[0], 11))  # … never over a labelled one (point 1)
    assert placed[1].lines in {("Trängd trend nummer 1",), ("1",)}  # its corner has room for one of them
    too_long = "En mycket lång trendtitel som inte ryms på två korta rader i ett diagram"
    assert title_lines(too_long) is None
    label = place_labels([alone], [(0, too_long, "7")], plot, 14, 11)[0]
    assert label.numbered and label.lines == ("7",)


def test_the_box_says_where_the_text_sits_relative_to_the_point() -> None:
    plot = (400.0, 300.0)
    (label,) = place_labels([(200.0, 150.0)], [(0, "Ett namn", "1")], plot, 14, 10)
    width, height = text_size(label.lines, 14)
    assert label.side_x == "left" and label.dx > 0  # right of the point, the box's left edge facing it
    assert label.box.left == pytest.approx(200 + label.dx)
    assert label.box.right - label.box.left == pytest.approx(width)
    assert label.box.bottom - label.box.top == pytest.approx(height)


def test_a_deck_is_labelled_in_both_figures(seeded_store: Store) -> None:
    table = trends.filter_trends(seeded_store, TrendFilter(levels=("megatrend",)))
    labelled = [(trend_id, number) for number, trend_id in enumerate(table.ids, start=1)]
    for build in (radar_figure, matrix_figure):
        figure = build(table, "sv", TEXTS, labelled=labelled)
        go.Figure(figure.to_dict())  # valid plotly
        labels = [a for a in figure.layout.annotations if a.xshift is not None]
        assert 0 < len(labels) <= len(labelled)
        titles = set(table.titles("sv"))
        numbers = {str(number) for _, number in labelled}
        assert all(a.text.replace("<br>", " ") in titles or a.text in numbers for a in labels)
    slide = matrix_figure(table, "sv", TEXTS, labelled=labelled, text_px=32, plot_px=440, numbers_only=True)
    assert all(a.text.isdigit() for a in slide.layout.annotations if a.xshift is not None)


def test_no_labels_unless_asked(seeded_store: Store) -> None:
    table = trends.filter_trends(seeded_store, TrendFilter())
    for build in (radar_figure, matrix_figure):
        plain = build(table, "sv", TEXTS)
        assert all(a.xshift is None for a in plain.layout.annotations)


@pytest.mark.parametrize("seed", range(3))
def test_markers_of_different_sizes_are_each_kept_clear(seed: int) -> None:
    plot = (420.0, 420.0)
    points = crowded(50, seed, plot)
    sizes = [4.5 * (1 + index % 5) for index in range(len(points))]  # the radar: diameter by impact
    wanted = [(index, f"Trend {index}", str(index + 1)) for index in range(0, 40, 2)]
    placed = place_labels(points, wanted, plot, 14, sizes)
    assert len(placed) >= len(wanted) // 2
    marked = {index for index, _, _ in wanted}
    for label in placed:
        x, y = points[label.index]
        reach = sizes[label.index] / 2
        assert abs(label.dx) in (0, pytest.approx(reach + 2))  # beside its own marker, not the largest one
        for m, ((mx, my), size) in enumerate(zip(points, sizes, strict=True)):
            if m in marked or not label.numbered:
                assert not overlap(label.box, marker_box(mx, my, size)), (label, m)
