"""The trend explorer's URL state and filter form: the URL is the one source of truth for the view."""

from __future__ import annotations

import streamlit as st

from foresight import trends
from foresight.data.tables import CATEGORIES, TREND_LEVELS
from foresight.i18n import enum_label
from foresight.store import Store
from foresight.text import clean_text
from foresight.trends import HORIZON_RANGE, SCORE_RANGE, TrendFilter
from foresight.ui.state import note_bad_param, param_choice, param_choices, param_int, param_text, set_params, tr

PER_PAGE = 12
MAX_SELECTED = 100
FILTER_PARAMS = ("level", "cat", "hmin", "hmax", "imin", "imax", "umin", "umax", "driver", "q")
VIEW_PARAMS = ("sel", "trend", "p", "present", "deck")
MAX_DECK = 40  # trends in a meeting's deck
EDIT_KEY = "trends_edit"

# -- URL state --------------------------------------------------------------------------------


def _range(low_name: str, high_name: str, bounds: tuple[int, int]) -> tuple[int, int]:
    low = param_int(low_name, *bounds, default=bounds[0])
    high = param_int(high_name, *bounds, default=bounds[1])
    if low > high:
        note_bad_param(f"{low_name}/{high_name}")
        return bounds
    return low, high


def read_filter(driver_ids: list[str]) -> TrendFilter:
    """The filter in the URL, every value checked (unknown values are dropped with a notice)."""
    return TrendFilter(
        levels=tuple(param_choices("level", TREND_LEVELS)),
        categories=tuple(param_choices("cat", CATEGORIES)),
        horizon=_range("hmin", "hmax", HORIZON_RANGE),
        impact=_range("imin", "imax", SCORE_RANGE),
        uncertainty=_range("umin", "umax", SCORE_RANGE),
        driver=param_choice("driver", driver_ids),
        text=param_text("q", trends.MAX_TEXT_QUERY),
    )


def filter_params(wanted: TrendFilter) -> dict[str, object]:
    """The URL parameters of a filter; defaults are left out so links stay short."""

    def bound(value: int, default: int) -> int | None:
        return None if value == default else value

    return {
        "level": list(wanted.levels),
        "cat": list(wanted.categories),
        "hmin": bound(wanted.horizon[0], HORIZON_RANGE[0]),
        "hmax": bound(wanted.horizon[1], HORIZON_RANGE[1]),
        "imin": bound(wanted.impact[0], 1),
        "imax": bound(wanted.impact[1], 5),
        "umin": bound(wanted.uncertainty[0], 1),
        "umax": bound(wanted.uncertainty[1], 5),
        "driver": wanted.driver,
        "q": wanted.text,
    }


def read_ids(store: Store, name: str, limit: int = MAX_SELECTED) -> list[str]:
    """Trend ids from a URL parameter; ids that do not exist are dropped with a notice."""
    given = [item for item in (st.query_params.get(name) or "").split(",") if item]
    raw = given[:limit]
    found = trends.existing_ids(store, raw)
    if len(found) != len(given):
        note_bad_param(name)
    return found


def set_view(**values: object) -> None:
    set_params(values)


def start_edit(trend_id: str | None) -> None:
    """Open the edit form on the next run: for `trend_id`, or empty for a new trend."""
    st.session_state[EDIT_KEY] = trend_id or ""


# -- filters ----------------------------------------------------------------------------------


def filter_form(wanted: TrendFilter, drivers: list[trends.Driver], lang: str) -> TrendFilter:
    """The filter form in the sidebar; on submit the new filter goes to the URL and is returned."""
    names = {driver.id: (driver.name_en if lang == "en" else driver.name_sv) for driver in drivers}
    with st.sidebar.form("trend_filters", border=False):
        st.subheader(tr("trends.filters"))
        levels = st.multiselect(
            tr("trends.filter_level"),
            TREND_LEVELS,
            default=list(wanted.levels),
            format_func=lambda value: enum_label("level", value, lang),
            placeholder=tr("trends.any"),
        )
        categories = st.multiselect(
            tr("trends.filter_category"),
            CATEGORIES,
            default=list(wanted.categories),
            format_func=lambda value: enum_label("category", value, lang),
            placeholder=tr("trends.any"),
        )
        horizon = st.slider(tr("trends.filter_horizon"), *HORIZON_RANGE, value=wanted.horizon, step=5)
        impact = st.slider(tr("trends.filter_impact"), *SCORE_RANGE, value=wanted.impact)
        uncertainty = st.slider(tr("trends.filter_uncertainty"), *SCORE_RANGE, value=wanted.uncertainty)
        options = ["", *names]
        any_driver = tr("trends.any")  # resolved now: AppTest and Streamlit may call format_func later
        driver = st.selectbox(
            tr("trends.filter_driver"),
            options,
            index=options.index(wanted.driver or ""),
            format_func=lambda value: names.get(value, any_driver),
        )
        text = st.text_input(tr("trends.filter_text"), value=wanted.text, max_chars=trends.MAX_TEXT_QUERY)
        submitted = st.form_submit_button(tr("trends.apply"), type="primary")
    st.sidebar.button(
        tr("trends.clear_filters"),
        key="filters-clear",
        on_click=set_view,
        kwargs=dict.fromkeys(FILTER_PARAMS + VIEW_PARAMS),
    )
    if not submitted:
        return wanted
    chosen = TrendFilter(
        tuple(levels),
        tuple(categories),
        tuple(horizon),
        tuple(impact),
        tuple(uncertainty),
        driver or None,
        clean_text(text)[: trends.MAX_TEXT_QUERY],
    )
    set_params({**filter_params(chosen), "sel": None, "p": None, "deck": None})  # a new filter ends a deck
    return chosen
