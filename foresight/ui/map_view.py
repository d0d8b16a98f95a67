"""The map page's Streamlit side: filter state in the URL, the boundary download, the deck, charts.

The URL is the single source of the view: every filter, the two switches and the selected region
are query parameters, validated on the way in (`state.param_*`), so a copied link reopens the
same view and a crafted one gets a notice. Widgets are set from the URL at the start of each run
and write back to it in their callbacks (which run before the script), so the two never disagree.

The deck's key carries a generation number that changes whenever the region is set from outside
the map (the list, reset): a click on the map then always starts from the shown selection.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from foresight import geo
from foresight.activities import ActivityFilter, YearSpan
from foresight.errors import ForesightError
from foresight.figures import map as figures
from foresight.i18n import enum_label, error_text, t
from foresight.store import Store
from foresight.tables import ACTIVITY_TYPES, AUDIENCES, METHODS, ORG_TYPES
from foresight.ui.downloads import download_pair
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
FILTER_PARAMS = (P_TYPE, P_METHOD, P_AUDIENCE, P_ORG, P_FROM, P_TO, P_TEXT)
ALL_PARAMS = (*FILTER_PARAMS, P_REGION, P_PER, P_ORGS)
K_TYPE, K_METHOD, K_AUDIENCE, K_ORG, K_PERIOD, K_TEXT = (
    "map_type",
    "map_method",
    "map_audience",
    "map_org",
    "map_period",
    "map_text",
)
K_REGION, K_PER, K_ORGS, K_GEN, K_BOUNDARY_ERROR = "map_region", "map_per", "map_orgs", "map_deck_gen", "map_b_error"
CHOICE_WIDGETS = (
    (K_TYPE, P_TYPE, ACTIVITY_TYPES, "activity_type", "map.filter_type"),
    (K_METHOD, P_METHOD, METHODS, "method", "map.filter_method"),
    (K_AUDIENCE, P_AUDIENCE, AUDIENCES, "audience", "map.filter_audience"),
    (K_ORG, P_ORG, ORG_TYPES, "org_type", "map.filter_org_type"),
)
_DOWNLOAD_LOCK = threading.Lock()


@dataclass(frozen=True)
class View:
    """What the URL asks for: the filter (with the selected region) and the two switches."""

    filter: ActivityFilter
    per_capita: bool
    show_orgs: bool


def read_view(span: YearSpan, region_codes: list[str]) -> View:
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
    )
    view = View(chosen, param_choice(P_PER, ("1",)) == "1", param_choice(P_ORGS, ("0",)) != "0")
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
    }
    for key, value in current.items():
        st.session_state[key] = value
    st.session_state[K_PERIOD] = (chosen.year_from or span.first, chosen.year_to or span.last)
    st.session_state[K_TEXT] = chosen.text
    lang = language()
    with st.form("map_filters", border=True):
        columns = st.columns(4)
        for column, (key, _param, choices, kind, label) in zip(columns, CHOICE_WIDGETS, strict=True):
            column.multiselect(
                tr(label),
                options=list(choices),
                key=key,
                placeholder=tr("map.any"),
                format_func=lambda value, kind=kind: enum_label(kind, value, lang),
            )
        left, right, button = st.columns([2, 2, 1], vertical_alignment="bottom")
        left.slider(tr("map.filter_period"), min_value=span.first, max_value=span.last, key=K_PERIOD, step=1)
        right.text_input(tr("map.filter_text"), key=K_TEXT, max_chars=200)
        button.form_submit_button(
            tr("map.apply"), type="primary", on_click=_submit_filters, args=(span,), width="stretch"
        )


# -- region selection and switches ----------------------------------------------------------


def _bump_generation() -> None:
    st.session_state[K_GEN] = st.session_state.get(K_GEN, 0) + 1


def deck_key() -> str:
    return f"map_deck_{st.session_state.get(K_GEN, 0)}"


def _region_from_list() -> None:
    set_params({P_REGION: st.session_state[K_REGION] or None})
    _bump_generation()


def _region_from_map() -> None:
    selection = (st.session_state.get(deck_key()) or {}).get("selection") or {}
    objects = selection.get("objects") or {}
    picked = [obj for layer in (figures.REGION_LAYER, figures.BUBBLE_LAYER) for obj in objects.get(layer, [])]
    # A GeoJSON feature keeps the code in its properties; a bubble row has it at the top.
    code = (picked[0].get("properties") or picked[0]).get("code") if picked else None
    if code is not None and not isinstance(code, str):
        code = None
    set_params({P_REGION: code})


def _reset() -> None:
    set_params(dict.fromkeys(ALL_PARAMS))
    _bump_generation()


def _switch(param: str, key: str, on_value: str | None, off_value: str | None) -> None:
    set_params({param: on_value if st.session_state[key] else off_value})


def view_controls(view: View, regions: pd.DataFrame) -> None:
    """Switches, the keyboard-friendly region list and the one reset."""
    names = dict(zip(regions["code"], regions["name"], strict=True))
    none_label = tr("map.region_none")
    st.session_state[K_PER] = view.per_capita
    st.session_state[K_ORGS] = view.show_orgs
    st.session_state[K_REGION] = view.filter.region or ""
    switches, region, reset = st.columns([4, 3, 2], vertical_alignment="bottom")
    switches.toggle(tr("map.per_capita"), key=K_PER, on_change=_switch, args=(P_PER, K_PER, "1", None))
    switches.toggle(tr("map.show_orgs"), key=K_ORGS, on_change=_switch, args=(P_ORGS, K_ORGS, None, "0"))
    region.selectbox(
        tr("map.region_select"),
        options=["", *names],
        key=K_REGION,
        on_change=_region_from_list,
        format_func=lambda code: names.get(code, none_label),
    )
    reset.button(tr("map.reset"), on_click=_reset, icon=":material/restart_alt:", width="stretch")


# -- boundaries ---------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=8)
def _parsed_boundaries(path: str, version: str, _store: Store) -> geo.Boundaries | None:
    return geo.stored_boundaries(_store)


def boundaries(store: Store) -> geo.Boundaries | None:
    """The verified boundaries kept in the workspace (parsed once per process), or None."""
    version = geo.stored_version(store)
    return _parsed_boundaries(str(store.path), version, store) if version else None


def _download(store: Store) -> None:
    with _DOWNLOAD_LOCK, st.spinner(tr("map.boundaries_downloading")):
        try:
            geo.download_boundaries(store)
            st.session_state.pop(K_BOUNDARY_ERROR, None)
            st.toast(tr("map.boundaries_ok"), icon=":material/check_circle:")
        except ForesightError as error:
            st.session_state[K_BOUNDARY_ERROR] = (error.key, error.params)


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


# -- map and charts -----------------------------------------------------------------------


def show_deck(deck) -> None:
    st.pydeck_chart(
        deck, on_select=_region_from_map, selection_mode="single-object", key=deck_key(), height=560, alt=tr("map.alt")
    )


# -- table and export ---------------------------------------------------------------------


def display_table(activities: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The activities with translated labels and headings, as shown and exported."""
    description = (
        activities["description_en"].fillna(activities["description_sv"])
        if lang == "en"
        else (activities["description_sv"])
    )
    columns = {
        "map.col_organisation": activities["organisation"],
        "map.col_region": activities["region"].fillna(""),
        "map.col_date": activities["date"].astype("string").fillna(""),
        "map.col_year": activities["year"].astype("Int64"),
        "map.col_type": [enum_label("activity_type", value, lang) for value in activities["activity_type"]],
        "map.col_methods": [
            ", ".join(enum_label("method", m, lang) for m in methods) for methods in activities["methods"]
        ],
        "map.col_audience": [
            enum_label("audience", value, lang) if isinstance(value, str) else "" for value in activities["audience"]
        ],
        "map.col_participants": activities["participants"].astype("Int64"),
        "map.col_description": description,
        "map.col_source": activities["source"],
    }
    return pd.DataFrame({t(key, lang): values for key, values in columns.items()})


def export_buttons(store: Store, chosen: ActivityFilter, lang: str) -> None:
    """CSV and .xlsx of the whole filtered set, built only when clicked, formulas neutralised."""
    from foresight.activities import matching_activities

    def full_table() -> pd.DataFrame:
        return display_table(matching_activities(store, chosen, limit=None), lang)

    download_pair(full_table, t("map.export_file", lang), t("map.export_sheet", lang))
