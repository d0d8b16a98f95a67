"""The map page's Streamlit side: filter state in the URL, the boundary download, the deck (the
tables are in map_tables).

The URL is the single source of the view: every filter, the two switches and the selected region
are query parameters, validated on the way in (`state.param_*`), so a copied link reopens the
same view and a crafted one gets a notice. Widgets are set from the URL at the start of each run
and write back to it in their callbacks (which run before the script), so the two never disagree.

The deck's key carries a generation number that changes whenever the region is set from outside
the map (the list, reset): a click on the map then always starts from the shown selection.
"""

from __future__ import annotations

import html
import threading
from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from foresight.data.tables import ACTIVITY_TYPES, AUDIENCES, METHODS, ORG_TYPES, STATUSES
from foresight.errors import ForesightError
from foresight.figures import map as figures
from foresight.i18n import enum_label, error_text
from foresight.map import geo
from foresight.map.activities import ActivityFilter, YearSpan
from foresight.store import Store
from foresight.ui.actions import run_action, show_outcome
from foresight.ui.state import language, param_choice, param_choices, param_int, param_text, set_params, tr

P_TYPE, P_METHOD, P_AUDIENCE, P_ORG, P_FROM, P_TO, P_TEXT, P_REGION, P_PER, P_ORGS = (
    "type",
    "method",
    "audience",
    "org",
    "from",
    "to",
    "q",
    "region",
    "per",
    "orgs",
)
P_STATUS, P_UNDATED, P_LEVEL, P_MUNICIPALITY = "status", "undated", "level", "kommun"
FILTER_PARAMS = (P_TYPE, P_METHOD, P_AUDIENCE, P_ORG, P_FROM, P_TO, P_TEXT, P_STATUS, P_UNDATED)
ALL_PARAMS = (*FILTER_PARAMS, P_REGION, P_PER, P_ORGS, P_LEVEL, P_MUNICIPALITY)
K_TYPE, K_METHOD, K_AUDIENCE, K_ORG, K_PERIOD, K_TEXT = (
    "map_type",
    "map_method",
    "map_audience",
    "map_org",
    "map_period",
    "map_text",
)
K_REGION, K_PER, K_ORGS, K_GEN, K_BOUNDARY_ERROR = "map_region", "map_per", "map_orgs", "map_deck_gen", "map_b_error"
K_STATUS, K_UNDATED, K_LEVEL, K_MUNICIPALITY = "map_status", "map_undated", "map_level", "map_municipality"
CHOICE_WIDGETS = (
    (K_TYPE, P_TYPE, ACTIVITY_TYPES, "activity_type", "map.filter_type"),
    (K_METHOD, P_METHOD, METHODS, "method", "map.filter_method"),
    (K_AUDIENCE, P_AUDIENCE, AUDIENCES, "audience", "map.filter_audience"),
    (K_ORG, P_ORG, ORG_TYPES, "org_type", "map.filter_org_type"),
    (K_STATUS, P_STATUS, STATUSES, "status", "map.filter_status"),
)
_DOWNLOAD_LOCK = threading.Lock()


@dataclass(frozen=True)
class View:
    """What the URL asks for: the filter (with the selected region) and the two switches."""

    filter: ActivityFilter
    per_capita: bool
    show_orgs: bool
    level: str = "region"

    @property
    def selected(self) -> str | None:
        """The selected area of the shown level (a county or a municipality code)."""
        return self.filter.municipality if self.level == "municipality" else self.filter.region


def read_view(span: YearSpan, region_codes: list[str], municipality_codes: list[str] | None = None) -> View:
    """The view from the URL; invalid values are dropped and noted for the page's notice."""
    year_from = param_int(P_FROM, span.first, span.last)
    year_to = param_int(P_TO, span.first, span.last)
    if year_from is not None and year_to is not None and year_from > year_to:
        year_from, year_to = year_to, year_from
    chosen = ActivityFilter(
        activity_types=tuple(param_choices(P_TYPE, ACTIVITY_TYPES)),
        methods=tuple(param_choices(P_METHOD, METHODS)),
        audiences=tuple(param_choices(P_AUDIENCE, AUDIENCES)),
        org_types=tuple(param_choices(P_ORG, ORG_TYPES)),
        year_from=None if year_from == span.first else year_from,
        year_to=None if year_to == span.last else year_to,
        text=param_text(P_TEXT),
        region=param_choice(P_REGION, region_codes),
        statuses=tuple(param_choices(P_STATUS, STATUSES)),
        include_undated=param_choice(P_UNDATED, ("1",)) == "1",
        municipality=param_choice(P_MUNICIPALITY, municipality_codes or []),
    )
    level = param_choice(P_LEVEL, ("municipality",)) or "region"
    # One selection at a time: the shown level's (a county's activities include its municipalities').
    chosen = replace(chosen, municipality=None) if level == "region" else replace(chosen, region=None)
    view = View(chosen, param_choice(P_PER, ("1",)) == "1", param_choice(P_ORGS, ("0",)) != "0", level)
    write_view(view)  # a crafted link is rewritten to what is shown, so copying it reproduces the view
    return view


def write_view(view: View) -> None:
    chosen = view.filter
    set_params(
        {
            P_TYPE: chosen.activity_types,
            P_METHOD: chosen.methods,
            P_AUDIENCE: chosen.audiences,
            P_ORG: chosen.org_types,
            P_FROM: chosen.year_from,
            P_TO: chosen.year_to,
            P_TEXT: chosen.text,
            P_REGION: chosen.region,
            P_PER: "1" if view.per_capita else None,
            P_ORGS: None if view.show_orgs else "0",
            P_STATUS: chosen.statuses,
            P_UNDATED: "1" if chosen.include_undated else None,
            P_LEVEL: "municipality" if view.level == "municipality" else None,
            P_MUNICIPALITY: chosen.municipality,
        }
    )


# -- filter form ---------------------------------------------------------------------------


def _submit_filters(span: YearSpan) -> None:
    start, end = st.session_state[K_PERIOD]
    set_params(
        {
            P_TYPE: st.session_state[K_TYPE],
            P_METHOD: st.session_state[K_METHOD],
            P_AUDIENCE: st.session_state[K_AUDIENCE],
            P_ORG: st.session_state[K_ORG],
            P_STATUS: st.session_state[K_STATUS],
            P_UNDATED: "1" if st.session_state[K_UNDATED] else None,
            P_FROM: None if start == span.first else start,
            P_TO: None if end == span.last else end,
            P_TEXT: st.session_state[K_TEXT].strip()[:200],
        }
    )


def filter_form(view: View, span: YearSpan) -> None:
    """The filter group as one form: a change costs one rerun, on "Show"."""
    chosen = view.filter
    current = {
        K_TYPE: list(chosen.activity_types),
        K_METHOD: list(chosen.methods),
        K_AUDIENCE: list(chosen.audiences),
        K_ORG: list(chosen.org_types),
        K_STATUS: list(chosen.statuses),
    }
    for key, value in current.items():
        st.session_state[key] = value
    st.session_state[K_PERIOD] = (chosen.year_from or span.first, chosen.year_to or span.last)
    st.session_state[K_TEXT] = chosen.text
    st.session_state[K_UNDATED] = chosen.include_undated
    lang = language()
    st.subheader(tr("map.filters"), anchor=False)
    # In the sidebar: one field under the other, each with the sidebar's width for its label.
    with st.form("map_filters", border=False):
        for key, _param, choices, kind, label in CHOICE_WIDGETS:
            st.multiselect(
                tr(label),
                options=list(choices),
                key=key,
                placeholder=tr("map.any"),
                format_func=lambda value, kind=kind: enum_label(kind, value, lang),
            )
        st.slider(tr("map.filter_period"), min_value=span.first, max_value=span.last, key=K_PERIOD, step=1)
        st.checkbox(tr("map.include_undated"), key=K_UNDATED, help=tr("map.include_undated_help"))
        st.text_input(tr("map.filter_text"), key=K_TEXT, max_chars=200)
        st.form_submit_button(tr("map.apply"), type="primary", on_click=_submit_filters, args=(span,), width="stretch")


# -- region selection and switches ----------------------------------------------------------


def _bump_generation() -> None:
    st.session_state[K_GEN] = st.session_state.get(K_GEN, 0) + 1


def deck_key() -> str:
    return f"map_deck_{st.session_state.get(K_GEN, 0)}"


def _region_from_list() -> None:
    set_params({P_REGION: st.session_state[K_REGION] or None})
    _bump_generation()


def _municipality_from_list() -> None:
    set_params({P_MUNICIPALITY: st.session_state[K_MUNICIPALITY] or None})
    _bump_generation()


def _level_changed() -> None:
    level = st.session_state[K_LEVEL]
    set_params({P_LEVEL: "municipality" if level == "municipality" else None, P_MUNICIPALITY: None, P_REGION: None})
    _bump_generation()


def _region_from_map() -> None:
    selection = (st.session_state.get(deck_key()) or {}).get("selection") or {}
    objects = selection.get("objects") or {}
    layers = (*figures.AREA_LAYERS, figures.BUBBLE_LAYER)
    picked = [obj for layer in layers for obj in objects.get(layer, [])]
    # A GeoJSON feature keeps the code in its properties; a bubble row has it at the top.
    code = (picked[0].get("properties") or picked[0]).get("code") if picked else None
    if code is not None and not isinstance(code, str):
        code = None
    if code is not None and len(code) == 4:
        set_params({P_MUNICIPALITY: code})
    elif code is None and st.query_params.get(P_LEVEL) == "municipality":
        set_params({P_MUNICIPALITY: None})
    else:
        set_params({P_REGION: code})


def _reset() -> None:
    set_params(dict.fromkeys(ALL_PARAMS))
    _bump_generation()


def _switch(param: str, key: str, on_value: str | None, off_value: str | None) -> None:
    set_params({param: on_value if st.session_state[key] else off_value})


def view_controls(view: View, regions: pd.DataFrame, municipalities: pd.DataFrame) -> None:
    """The level, switches, the keyboard-friendly area lists and the one reset."""
    names = dict(zip(regions["code"], regions["name"], strict=True))
    municipality_names = dict(zip(municipalities["code"], municipalities["name"], strict=True))
    st.session_state[K_PER] = view.per_capita
    st.session_state[K_ORGS] = view.show_orgs
    st.session_state[K_REGION] = view.filter.region or ""
    st.session_state[K_MUNICIPALITY] = view.filter.municipality or ""
    st.session_state[K_LEVEL] = view.level
    # Labels are looked up now: format_func may run outside this script run (AppTest does).
    level_labels = {value: tr(f"map.level_{value}") for value in ("region", "municipality")}
    none_region, none_municipality = tr("map.region_none"), tr("map.municipality_none")
    # Beside the map, one under the other: every label has the column's width.
    st.segmented_control(
        tr("map.level"),
        options=["region", "municipality"],
        key=K_LEVEL,
        on_change=_level_changed,
        format_func=level_labels.get,
        required=True,
    )
    if view.level == "municipality":
        st.selectbox(
            tr("map.municipality_select"),
            options=["", *municipality_names],
            key=K_MUNICIPALITY,
            on_change=_municipality_from_list,
            format_func=lambda code: municipality_names.get(code, none_municipality),
        )
    else:
        st.selectbox(
            tr("map.region_select"),
            options=["", *names],
            key=K_REGION,
            on_change=_region_from_list,
            format_func=lambda code: names.get(code, none_region),
        )
    st.toggle(
        tr("map.per_capita"),
        key=K_PER,
        on_change=_switch,
        args=(P_PER, K_PER, "1", None),
        disabled=view.level == "municipality",
        help=tr("map.per_capita_regions_only") if view.level == "municipality" else None,
    )
    st.toggle(
        tr("map.show_orgs"),
        key=K_ORGS,
        on_change=_switch,
        args=(P_ORGS, K_ORGS, None, "0"),
        help=tr("map.show_orgs_help"),
    )
    st.button(tr("map.reset"), on_click=_reset, icon=":material/restart_alt:", width="stretch")


# -- boundaries ---------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=8)
def _parsed_boundaries(path: str, level: str, version: str, _store: Store) -> geo.Boundaries | None:
    return geo.map_boundaries(_store, level)


def boundaries(store: Store, level: str) -> tuple[geo.Boundaries | None, str | None]:
    """The level's boundaries (a downloaded region file, else the shipped one; parsed once per process)
    and a version naming them, or (None, None) when there are none to draw."""
    version = geo.map_version(store, level)
    found = _parsed_boundaries(store.describe(), level, version, store) if version else None
    return found, (version if found is not None else None)


def _download(store: Store) -> None:
    """Fetch and keep the boundary file (a write to the workspace: owners only, through the runner)."""

    def fetch(store: Store) -> None:
        try:
            geo.download_boundaries(store)
        except ForesightError as error:
            st.session_state[K_BOUNDARY_ERROR] = (error.key, error.params)
            raise
        st.session_state.pop(K_BOUNDARY_ERROR, None)

    with _DOWNLOAD_LOCK, st.spinner(tr("map.boundaries_downloading")):
        run_action(fetch, store, done="map.boundaries_ok", where="map-boundaries")


def boundary_notice(store: Store) -> None:
    """Say plainly why the map shows bubbles, with the button that fetches the boundaries once."""
    failed = st.session_state.get(K_BOUNDARY_ERROR)
    if failed:
        key, params = failed
        st.warning(tr("map.boundaries_failed", reason=error_text(key, params, language())), icon=":material/cloud_off:")
        label = tr("map.boundaries_retry")
    else:
        st.info(tr("map.boundaries_missing"), icon=":material/map:")
        label = tr("map.boundaries_download")
    st.button(label, on_click=_download, args=(store,), icon=":material/download:", key="map_boundaries_button")
    show_outcome("map-boundaries")


# -- map and charts -----------------------------------------------------------------------


# deck.gl clips its tooltip at the map's edge (two containers hide their overflow): a county near
# the edge lost half its text. The tooltip may now reach over the next column, above it, wrapped.
_TOOLTIP_CSS = """<style>
[data-testid="stDeckGlJsonChart"] div:has(> .deck-tooltip),
[data-testid="stDeckGlJsonChart"] div:has(div > .deck-tooltip) { overflow: visible !important; }
[data-testid="stDeckGlJsonChart"] .deck-tooltip { z-index: 20 !important; max-width: 18rem;
  white-space: normal !important; overflow-wrap: anywhere; line-height: 1.4; }
</style>"""


def show_deck(deck) -> None:
    st.html(_TOOLTIP_CSS)
    st.pydeck_chart(
        deck,
        on_select=_region_from_map,
        selection_mode="single-object",
        key=deck_key(),
        height=figures.MAP_HEIGHT,
        width="stretch",
        alt=tr("map.alt"),
    )


def legend(entries: list[figures.LegendEntry]) -> None:
    """The map's colours as swatches with their whole counts, "Nothing recorded" and the dots."""
    items = []
    for entry in entries:
        shape = "border-radius:50%;width:.7rem;height:.7rem" if entry.dot else "width:1.1rem;height:.8rem"
        swatch = (
            f'<span aria-hidden="true" style="display:inline-block;{shape};background:{entry.colour};'
            'border:1px solid #9ca3af;margin-right:.3rem;vertical-align:middle"></span>'
        )
        items.append(f'<li style="display:inline-block;margin:0 .9rem .2rem 0">{swatch}{html.escape(entry.label)}</li>')
    title = html.escape(tr("map.legend_title"))
    st.html(
        f'<div class="framsyn-map-legend" style="font-size:.875rem"><span style="margin-right:.6rem">{title}</span>'
        f'<ul style="display:inline;list-style:none;padding:0;margin:0">{"".join(items)}</ul></div>'
    )
