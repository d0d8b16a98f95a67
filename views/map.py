"""Regional map: which regions and municipalities worked with which foresight methods, for whom and when.

Filters, the level and the selected area live in the URL (a copied link reopens the view); the
counts are aggregated in DuckDB (foresight.map.activities) and drawn as a choropleth of the 21 counties
or the 290 municipalities from the boundaries shipped in data/boundaries (foresight.map.geo); bubbles
only if that file is missing or broken.
"""

import streamlit as st

from foresight.errors import ForesightError
from foresight.figures import map as figures
from foresight.figures import map_charts
from foresight.map import activities, area_counts, similar_areas
from foresight.ui import activity_editor, map_tables, map_view
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
    municipality_names = activities.municipality_list(workspace)
    view = map_view.read_view(span, region_names["code"].tolist(), municipality_names["code"].tolist())
    show_bad_params_notice()
    chosen, level = view.filter, view.level
    with st.sidebar:  # the filters hold for the whole page: the map gets the main column's width
        map_view.filter_form(view, span)
        left_out = activities.undated_left_out(workspace, chosen)
        if left_out:
            st.caption(tr("map.undated_left_out", count=left_out))
    map_column, side_column = st.columns([2, 1], gap="medium")
    with side_column:
        map_view.view_controls(view, region_names, municipality_names)

    aggregates = area_counts.map_aggregates(workspace, chosen, level)
    found, version = map_view.boundaries(workspace, level)
    counties = None
    if found is None and level == "municipality":  # no municipality file: fall back to the regions
        level = "region"
        found, version = map_view.boundaries(workspace, level)
        map_column.warning(tr("map.municipalities_missing"), icon=":material/map:")
    elif level == "municipality":
        counties, _ = map_view.boundaries(workspace, "region")  # their borders, over the municipalities
    per_capita = view.per_capita and level == "region"
    area_rows = figures.area_values(aggregates.areas(level), per_capita, lang)
    totals = aggregates.summary
    org_points = aggregates.points(level) if view.show_orgs else None
    names = {row.code: row.name for row in area_rows}
    selected = view.selected if level == view.level else chosen.region
    selected_name = names.get(selected) if selected else None

    if found is None:
        with map_column:
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
    if level == "municipality":
        in_municipalities = sum(row.count for row in area_rows)
        summary_text += " " + tr("map.summary_municipalities", count=in_municipalities)
    side_column.caption(summary_text)

    with map_column:
        deck = figures.build_deck(area_rows, org_points, found, selected, lang, level, version, counties)
        map_view.show_deck(deck)
        map_view.legend(figures.legend_entries(area_rows, lang, bool(org_points)))
        if found is None:
            st.caption(tr("map.legend_bubbles"))
        st.caption(tr("map.click_hint"))
    with side_column:
        if selected_name:
            similar = similar_areas.similar_areas(workspace, chosen, level, selected)
            map_tables.similar_panel(similar, selected_name, level, lang)
        if level == "region":
            st.header(tr("map.compare"), anchor=False)  # h2 after the h1 (axe: heading-order)
            st.plotly_chart(
                map_charts.comparison_chart(area_rows, per_capita, selected, lang),
                config={"displayModeBar": False},
                key="map_compare",
                alt=summary_text,
            )
            st.caption(tr("map.compare_caption"))

    st.header(tr("map.table_region", name=selected_name) if selected_name else tr("map.table"), divider="gray")
    matching_count = aggregates.table_count(chosen.region, chosen.municipality)
    if matching_count == 0:
        st.info(tr("map.table_empty"))
    else:
        shown = activities.matching_activities(workspace, chosen)
        if matching_count > len(shown):
            st.caption(tr("map.table_capped", shown=len(shown), count=matching_count))
        else:
            st.caption(tr("map.table_count", count=matching_count))
        map_tables.show_table(shown, lang)
        map_tables.export_buttons(workspace, chosen, lang)
        activity_editor.detail(workspace, shown, lang)

    st.subheader(tr("map.timeline"))
    yearly = activities.yearly_counts(workspace, chosen)
    region_part = tr("map.timeline_region", name=selected_name) if selected_name else ""
    undated = matching_count - int(yearly["count"].sum())  # the timeline has no place for undated rows
    total = int(yearly["count"].sum())
    timeline_text = tr("map.timeline_caption", total=total, region=region_part, undated=undated)
    st.plotly_chart(
        map_charts.timeline_chart(yearly, lang), config={"displayModeBar": False}, key="map_timeline", alt=timeline_text
    )
    st.caption(timeline_text)
except ForesightError as error:
    show_error(error)
