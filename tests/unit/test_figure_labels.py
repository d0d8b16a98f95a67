"""Every figure escapes user and imported text before plotly reads its label markup."""

from __future__ import annotations

import json

import pandas as pd

from foresight.figures import map as map_figures
from foresight.figures import map_charts
from foresight.figures.vote import tally_html

MARKUP = ['<a href="https://example.org">Skåne</a>', '<span style="color:red">Jämtland Härjedalen</span>', "A & B"]


def test_comparison_chart_escapes_region_names() -> None:
    rows = [
        map_figures.AreaValue(code, name, int(value), value, "", "")
        for code, name, value in zip(["12", "23", "01"], MARKUP, [3.0, 2.0, 1.0], strict=True)
    ]
    labels = json.loads(map_charts.comparison_chart(rows, False, "12", "sv").to_json())["data"][0]["y"]
    assert sorted(labels) == sorted(
        [
            "&lt;a href=&quot;https://example.org&quot;&gt;Skåne&lt;/a&gt;",
            "&lt;span style=&quot;color:red&quot;&gt;Jämtland Härjedalen&lt;/span&gt;",
            "A &amp; B",
        ]
    )


def test_the_tally_escapes_typed_options() -> None:
    result = pd.DataFrame({"label": MARKUP, "dots": [1, 2, 3]})
    shown = tally_html(result, "Most dots: <i>A</i>")
    assert "<a href" not in shown and "<span style" not in shown and "<i>" not in shown
    assert "&lt;a href=&quot;https://example.org&quot;&gt;Skåne&lt;/a&gt;" in shown and "A &amp; B" in shown
