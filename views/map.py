"""Regional map: which regions worked with which foresight methods, for whom and when.

Filters and the selected region live in the URL (a copied link reopens the view); the counts are
aggregated in DuckDB (foresight.activities) and drawn as a choropleth of the 21 counties, or as
bubbles until the county boundaries have been downloaded (foresight.geo).
"""

import streamlit as st

from foresight import activities
from foresight.errors import ForesightError
from foresight.figures import map as figures
from foresight.ui import map_view
from foresight.ui.errors import show_error
from foresight.ui.resources import store
from foresight.ui.state import language, show_bad_params_notice, tr

st.title(tr("nav.map"))
st.write(tr("map.intro"))
lang = language()
workspace = store()
try:
    span = activities.year_span(workspace)
    region_names = activities.region_list(workspace)
    view = map_view.read_view(span, region_names["code"].tolist())
    show_bad_params_notice()
    chosen = view.filter
    map_view.filter_form(view, span)
    map_view.view_controls(view, region_names)

    aggregates = activities.map_aggregates(workspace, chosen)
    region_rows = figures.layer_frame(aggregates.regions, view.per_capita, lang)
    totals = aggregates.summary
    found = map_view.boundaries(workspace)
    org_points = aggregates.points() if view.show_orgs else None
    selected_name = dict(zip(region_names["code"], region_names["name"], strict=True)).get(chosen.region)

    if found is None:
        map_view.boundary_notice(workspace)
    summary_text = tr(
        "map.summary",
        matching=totals.matching,
        in_regions=totals.in_regions,
        regions=totals.regions_with_activity,
        outside=totals.outside_regions,
    )
    if totals.top_region_name:
        summary_text += " " + tr("map.summary_top", name=totals.top_region_name, count=totals.top_region_count)
    st.caption(summary_text)

    map_column, chart_column = st.columns([3, 2])
    with map_column:
        map_view.show_deck(figures.build_deck(region_rows, org_points, found, chosen.region, lang))
        st.caption(figures.legend_text(region_rows, lang) + (" " + tr("map.legend_bubbles") if found is None else ""))
        st.caption(tr("map.click_hint"))
    with chart_column:
        st.header(tr("map.compare"), anchor=False)
        st.plotly_chart(
            figures.comparison_chart(region_rows, view.per_capita, chosen.region, lang),
            config={"displayModeBar": False},
            key="map_compare",
            alt=summary_text,
        )
        st.caption(tr("map.compare_caption"))

    st.header(tr("map.table_region", name=selected_name) if selected_name else tr("map.table"), divider="gray")
    matching_count = aggregates.table_count(chosen.region)
    if matching_count == 0:
        st.info(tr("map.table_empty"))
    else:
        shown = activities.matching_activities(workspace, chosen)
        if matching_count > len(shown):
            st.caption(tr("map.table_capped", shown=len(shown), count=matching_count))
        else:
            st.caption(tr("map.table_count", count=matching_count))
        st.dataframe(
            map_view.display_table(shown, lang), hide_index=True, width="stretch", key="map_table", placeholder="–"
        )
        map_view.export_buttons(workspace, chosen, lang)

    st.subheader(tr("map.timeline"))
    yearly = activities.yearly_counts(workspace, chosen)
    region_part = tr("map.timeline_region", name=selected_name) if selected_name else ""
    timeline_text = tr("map.timeline_caption", total=int(yearly["count"].sum()), region=region_part)
    st.plotly_chart(
        figures.timeline_chart(yearly, lang), config={"displayModeBar": False}, key="map_timeline", alt=timeline_text
    )
    st.caption(timeline_text)
except ForesightError as error:
    show_error(error)
