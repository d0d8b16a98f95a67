"""Streamlit pieces of the trend explorer: URL state, filter form, charts, cards, detail, slides.

The URL is the one source of truth for what the group is looking at (filters, selection, the
opened trend, the card page, the presentation slide), so a link copied from the browser reopens
the same view. Widgets take their defaults from the URL and write it back when they change.
User text (titles, descriptions, comments) is shown with Markdown escaped, never as HTML; the
only HTML this module emits is a static style block.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

from foresight import trends
from foresight.export import csv_bytes, xlsx_bytes
from foresight.figures.trends import ChartTexts, chart_points, matrix_figure, quadrant_counts, radar_figure
from foresight.i18n import enum_label
from foresight.store import Store
from foresight.tables import CATEGORIES, TREND_LEVELS
from foresight.trends import HORIZON_RANGE, SCORE_RANGE, TrendFilter, TrendTable
from foresight.ui.layout import projector_mode
from foresight.ui.state import note_bad_param, param_choice, param_choices, param_int, param_text, set_params, tr

PER_PAGE = 12
MAX_SELECTED = 100
FILTER_PARAMS = ("level", "cat", "hmin", "hmax", "imin", "imax", "umin", "umax", "driver", "q")
VIEW_PARAMS = ("sel", "trend", "p", "present")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^])")
_EDIT_KEY = "trends_edit"
_SAVED_KEY = "trends_saved"

# Static style for presentation mode: enlarges the slide. No user text.
SLIDE_STYLE = """<style>
.st-key-framsyn-slide h1 { font-size: 3rem !important; line-height: 1.15 !important; padding-top: 0 !important; }
.st-key-framsyn-slide p { font-size: 1.6rem !important; line-height: 1.4 !important; }
.st-key-framsyn-slide [data-testid="stCaptionContainer"] p { font-size: 1.25rem !important; }
.st-key-framsyn-slide-nav button p { font-size: 1.3rem !important; }
</style>"""


def plain(text: object) -> str:
    """User text made inert for Markdown: every special character is backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text or "")).replace("\n", "  \n")


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
    raw = [item for item in (st.query_params.get(name) or "").split(",") if item][:limit]
    found = trends.existing_ids(store, raw)
    if len(found) != len(raw):
        note_bad_param(name)
    return found


def set_view(**values: object) -> None:
    set_params(values)


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
        trends.clean_text(text)[: trends.MAX_TEXT_QUERY],
    )
    set_params({**filter_params(chosen), "sel": None, "p": None})
    return chosen


# -- charts -----------------------------------------------------------------------------------


def chart_texts(lang: str) -> ChartTexts:
    return ChartTexts(
        categories={value: enum_label("category", value, lang) for value in CATEGORIES},
        levels={value: enum_label("level", value, lang) for value in TREND_LEVELS},
        impact=tr("trends.impact"),
        uncertainty=tr("trends.uncertainty"),
        horizon=tr("trends.horizon"),
        quadrants=(tr("trends.q_plan"), tr("trends.q_critical"), tr("trends.q_low"), tr("trends.q_watch")),
    )


def _on_select(key: str) -> None:
    """A click or box selection in a chart: remember the chosen ids in the URL, open a single one."""
    points = st.session_state[key]["selection"]["points"]
    ids = []
    for point in points:
        value = point.get("customdata")
        value = value[0] if isinstance(value, list) and value else value
        if isinstance(value, str):
            ids.append(value)
    ids = list(dict.fromkeys(ids))[:MAX_SELECTED]
    set_view(sel=ids, p=None, trend=ids[0] if len(ids) == 1 else None)


def charts(table: TrendTable, lang: str, selected: list[str]) -> None:
    """Radar and matrix side by side, each with a caption (and alt text) that says what it shows."""
    texts = chart_texts(lang)
    points = chart_points(table, lang, texts)
    per_category = ", ".join(f"{texts.categories[c]} {int((table['category'] == c).sum())}" for c in CATEGORIES)
    radar_text = tr("trends.radar_caption", counts=per_category)
    plan, critical, low, watch = quadrant_counts(table)
    matrix_text = tr("trends.matrix_caption", critical=critical, plan=plan, watch=watch, low=low)
    options = {"selection_mode": ("points", "box"), "config": {"displaylogo": False}, "width": "stretch"}
    radar_col, matrix_col = st.columns(2)
    with radar_col:
        st.subheader(tr("trends.radar"), anchor=False)
        st.plotly_chart(
            radar_figure(table, lang, texts, selected, points=points),
            key="trend_radar",
            on_select=_select("trend_radar"),
            alt=radar_text,
            **options,
        )
        st.caption(radar_text)
    with matrix_col:
        st.subheader(tr("trends.matrix"), anchor=False)
        st.plotly_chart(
            matrix_figure(table, lang, texts, selected, points=points),
            key="trend_matrix",
            on_select=_select("trend_matrix"),
            alt=matrix_text,
            **options,
        )
        st.caption(matrix_text)


def _select(key: str) -> Callable[[], None]:
    return lambda: _on_select(key)


# -- cards ------------------------------------------------------------------------------------


def _meta(level: str, category: str, horizon: int, impact: int, uncertainty: int, lang: str) -> str:
    return tr(
        "trends.card_meta",
        level=enum_label("level", level, lang),
        category=enum_label("category", category, lang),
        horizon=horizon,
        impact=impact,
        uncertainty=uncertainty,
    )


def cards(table: TrendTable, lang: str, page: int, relevant: set[str]) -> None:
    """A page of trend cards; the title is the button that opens the trend."""
    pages = max(1, -(-len(table) // PER_PAGE))
    page = min(max(page, 1), pages)
    start = (page - 1) * PER_PAGE
    ids = table["id"][start : start + PER_PAGE]
    titles = table.titles(lang)
    columns = st.columns(3)
    for offset, trend_id in enumerate(ids):
        index = start + offset
        with columns[offset % 3].container(border=True, key=f"trend-card-{trend_id}"):
            st.button(
                plain(titles[index]),
                key=f"card-{trend_id}",
                on_click=set_view,
                kwargs={"trend": trend_id},
                type="tertiary",
            )
            meta = _meta(
                table["level"][index],
                table["category"][index],
                table["horizon"][index],
                table["impact"][index],
                table["uncertainty"][index],
                lang,
            )
            badge = f" · ★ {tr('trends.relevant_badge')}" if trend_id in relevant else ""
            st.caption(meta + badge)
    if pages > 1:
        back, where, forward = st.columns([1, 2, 1])
        back.button(
            tr("trends.previous_page"),
            key="cards-previous",
            disabled=page <= 1,
            on_click=set_view,
            kwargs={"p": page - 1 if page > 2 else None},
        )
        where.caption(tr("trends.page", page=page, pages=pages))
        forward.button(
            tr("trends.next_page"), key="cards-next", disabled=page >= pages, on_click=set_view, kwargs={"p": page + 1}
        )


# -- one trend --------------------------------------------------------------------------------


def _facts(detail: trends.TrendDetail, lang: str) -> list[str]:
    driver_names = [
        tr("trends.driver_votes", name=plain(d.name_en if lang == "en" else d.name_sv), dots=d.votes)
        if d.votes
        else plain(d.name_en if lang == "en" else d.name_sv)
        for d in detail.drivers
    ]
    parent = detail.parent_title(lang)
    return [
        f"**{tr('trends.level')}:** {enum_label('level', detail.level, lang)}",
        f"**{tr('trends.category')}:** {enum_label('category', detail.category, lang)}",
        f"**{tr('trends.parent')}:** {plain(parent) if parent else tr('trends.no_parent')}",
        f"**{tr('trends.horizon')}:** {detail.horizon}",
        f"**{tr('trends.impact')}:** {detail.impact} / 5",
        f"**{tr('trends.uncertainty')}:** {detail.uncertainty} / 5",
        f"**{tr('trends.drivers')}:** {', '.join(driver_names) or tr('trends.no_drivers')}",
        f"**{tr('common.source')}:** {plain(detail.source_title or detail.source)}",
    ]


def detail_view(store: Store, trend_id: str, lang: str) -> None:
    """The opened trend: description, facts, related activities, the group's note."""
    detail = trends.trend_detail(store, trend_id)
    with st.container(border=True, key="trend-detail"):
        st.caption(tr("trends.detail"))
        st.header(plain(detail.title(lang)), anchor=False)
        st.markdown(plain(detail.description(lang)))
        st.markdown("\n".join(f"- {fact}" for fact in _facts(detail, lang)))
        actions = st.columns(3)
        actions[0].button(
            tr("trends.present"),
            key="detail-present",
            help=tr("trends.present_help"),
            on_click=set_view,
            kwargs={"present": trend_id},
            icon=":material/slideshow:",
        )
        actions[1].button(
            tr("trends.edit"), key="detail-edit", on_click=_start_edit, args=(trend_id,), icon=":material/edit:"
        )
        actions[2].button(
            tr("trends.close"), key="detail-close", on_click=set_view, kwargs={"trend": None}, icon=":material/close:"
        )
        _activities(store, trend_id, lang)
        _note_form(store, trend_id)


def _activities(store: Store, trend_id: str, lang: str) -> None:
    st.subheader(tr("trends.activities"), help=tr("trends.activities_help"), anchor=False)
    found = trends.related_activities(store, trend_id)
    if found.empty:
        st.caption(tr("trends.no_activities"))
        return
    description = found["description_en"].fillna(found["description_sv"]) if lang == "en" else found["description_sv"]
    match = [
        ", ".join(word for word, hit in ((tr("trends.match_theme"), theme), (tr("trends.match_method"), method)) if hit)
        for theme, method in zip(found["theme_match"], found["method_match"], strict=True)
    ]
    st.dataframe(
        {
            tr("trends.col_organisation"): found["organisation"],
            tr("trends.col_year"): ["" if pd.isna(y) else str(int(y)) for y in found["year"]],
            tr("trends.col_type"): [enum_label("activity_type", v, lang) for v in found["activity_type"]],
            tr("trends.col_match"): match,
            tr("trends.col_description"): description,
        },
        hide_index=True,
        width="stretch",
    )


def _note_form(store: Store, trend_id: str) -> None:
    current = trends.current_mark(store, trend_id)
    with st.form(f"note-{trend_id}"):
        st.subheader(tr("trends.note_form"), anchor=False)
        relevant = st.checkbox(tr("trends.note_relevant"), value=current[0] if current else True)
        priority = st.radio(
            tr("trends.note_priority"),
            trends.PRIORITIES,
            horizontal=True,
            index=trends.PRIORITIES.index(current[1]) if current else 1,
            format_func={value: tr(f"trends.priority.{value}") for value in trends.PRIORITIES}.get,
        )
        comment = st.text_area(
            tr("trends.note_comment"), value=current[2] if current else "", max_chars=trends.MAX_COMMENT
        )
        if st.form_submit_button(tr("trends.note_save"), type="primary"):
            trends.add_note(store, trend_id, int(priority), comment, relevant=relevant)
            st.success(tr("trends.note_saved"), icon=":material/check:")


# -- notes list and export --------------------------------------------------------------------


def notes_section(store: Store, lang: str) -> None:
    st.header(tr("trends.notes"), divider="gray", anchor=False)
    found = trends.notes(store) if trends.note_count(store) else None
    if found is None:
        st.caption(tr("trends.no_notes"))
        return
    titles = found["title_en"] if lang == "en" else found["title_sv"]
    st.dataframe(
        {
            tr("trends.col_when"): found["created_at"],
            tr("trends.col_trend"): titles,
            tr("trends.col_relevant"): found["relevant"],
            tr("trends.col_priority"): found["priority"],
            tr("trends.col_comment"): found["comment"],
        },
        hide_index=True,
        width="stretch",
    )
    left, right = st.columns(2)
    left.download_button(
        tr("common.download_csv"),
        data=lambda: csv_bytes(trends.notes_for_export(store, lang)),
        file_name="framsyn-trend-notes.csv",
        mime="text/csv",
        on_click="ignore",
    )
    right.download_button(
        tr("common.download_xlsx"),
        file_name="framsyn-trend-notes.xlsx",
        on_click="ignore",
        data=lambda: xlsx_bytes({"notes": trends.notes_for_export(store, lang)}),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# -- presentation -----------------------------------------------------------------------------


def presentation(store: Store, table: TrendTable, trend_id: str, lang: str) -> None:
    """One trend per screen in large type, with its position in the filtered list."""
    projector_mode()
    st.html(SLIDE_STYLE)
    position = table.position(trend_id)
    ids = table["id"]
    detail = trends.trend_detail(store, trend_id)
    parent = detail.parent_title(lang)
    drivers = ", ".join(plain(d.name_en if lang == "en" else d.name_sv) for d in detail.drivers)
    lines = [
        " · ".join(
            [
                enum_label("level", detail.level, lang),
                enum_label("category", detail.category, lang),
                f"{tr('trends.horizon')} {detail.horizon}",
            ]
        ),
        f"**{tr('trends.impact')}** {detail.impact}/5 · **{tr('trends.uncertainty')}** {detail.uncertainty}/5",
        f"**{tr('trends.parent')}:** {plain(parent)}" if parent else "",
        f"**{tr('trends.drivers')}:** {drivers}" if drivers else "",
    ]
    with st.container(key="framsyn-slide", gap="small"):
        st.caption(
            tr(
                "trends.present_position",
                level=enum_label("level", detail.level, lang),
                position=position + 1,
                count=len(table),
            )
        )
        st.title(plain(detail.title(lang)), anchor=False)
        st.markdown(plain(detail.description(lang)))
        st.markdown("  \n".join(line for line in lines if line))
    with st.container(key="framsyn-slide-nav", horizontal=True):
        # Arrow keys and Esc, as in any slide show; the buttons stay for touch and Tab.
        st.button(
            tr("trends.present_previous"),
            key="slide-previous",
            disabled=position == 0,
            icon=":material/arrow_back:",
            shortcut="Left",
            on_click=set_view,
            kwargs={"present": ids[position - 1] if position else None},
        )
        st.button(
            tr("trends.present_next"),
            key="slide-next",
            disabled=position >= len(table) - 1,
            icon=":material/arrow_forward:",
            shortcut="Right",
            on_click=set_view,
            kwargs={"present": ids[min(position + 1, len(table) - 1)]},
            type="primary",
        )
        st.button(
            tr("trends.present_exit"),
            key="slide-exit",
            icon=":material/close:",
            shortcut="Esc",
            on_click=set_view,
            kwargs={"present": None, "trend": trend_id},
        )


# -- editing ----------------------------------------------------------------------------------


def _start_edit(trend_id: str | None) -> None:
    st.session_state[_EDIT_KEY] = trend_id or ""


def new_trend_button() -> None:
    st.button(tr("trends.new"), key="trend-new", on_click=_start_edit, args=(None,), icon=":material/add:")


def edit_form(store: Store, lang: str) -> None:
    """Add or edit a trend; validated like an import. Shown only after Edit or New is pressed."""
    saved_id = st.session_state.pop(_SAVED_KEY, None)
    if saved_id:
        st.success(tr("trends.saved", id=saved_id), icon=":material/check:")
    if _EDIT_KEY not in st.session_state:
        return
    editing = st.session_state[_EDIT_KEY]
    record = trends.trend_record(store, editing) if editing else {}
    driver_names = {d.id: (d.name_en if lang == "en" else d.name_sv) for d in trends.drivers(store)}
    source_titles = dict(trends.sources(store))
    with st.form("trend-edit"):
        st.subheader(tr("trends.edit_title" if editing else "trends.new_title"), anchor=False)
        st.caption(tr("trends.edit_help"))
        values = {
            "id": st.text_input(tr("trends.field_id"), value=editing, disabled=bool(editing), max_chars=80),
            "level": st.selectbox(
                tr("trends.level"),
                TREND_LEVELS,
                index=TREND_LEVELS.index(record.get("level", "trend")),
                format_func=lambda value: enum_label("level", value, lang),
            ),
            "parent_id": st.text_input(tr("trends.field_parent"), value=record.get("parent_id") or "", max_chars=80),
            "category": st.selectbox(
                tr("trends.category"),
                CATEGORIES,
                index=CATEGORIES.index(record.get("category", "social")),
                format_func=lambda value: enum_label("category", value, lang),
            ),
            "horizon": st.number_input(tr("trends.horizon"), *HORIZON_RANGE, value=record.get("horizon", 2035), step=5),
            "impact": st.slider(tr("trends.impact"), *SCORE_RANGE, value=record.get("impact", 3)),
            "uncertainty": st.slider(tr("trends.uncertainty"), *SCORE_RANGE, value=record.get("uncertainty", 3)),
            "title_sv": st.text_input(tr("trends.field_title_sv"), value=record.get("title_sv", ""), max_chars=200),
            "title_en": st.text_input(tr("trends.field_title_en"), value=record.get("title_en", ""), max_chars=200),
            "description_sv": st.text_area(
                tr("trends.field_description_sv"), value=record.get("description_sv") or "", max_chars=2000
            ),
            "description_en": st.text_area(
                tr("trends.field_description_en"), value=record.get("description_en") or "", max_chars=2000
            ),
            "drivers": st.multiselect(
                tr("trends.drivers"),
                list(driver_names),
                default=list(record.get("drivers") or []),
                format_func=driver_names.get,
            ),
            "source": st.selectbox(
                tr("trends.field_source"),
                list(source_titles),
                format_func=source_titles.get,
                index=list(source_titles).index(record["source"]) if record else 0,
            ),
        }
        save, cancel = st.columns(2)
        saved = save.form_submit_button(tr("common.save"), type="primary")
        cancelled = cancel.form_submit_button(tr("common.cancel"))
    if cancelled:
        st.session_state.pop(_EDIT_KEY, None)
        st.rerun()
    if saved:
        if editing:
            values["id"] = editing
        stored = trends.save_trend(store, values, new=not editing)
        st.session_state.pop(_EDIT_KEY, None)
        st.session_state[_SAVED_KEY] = stored["id"]
        set_params({"trend": stored["id"]})
        st.rerun()  # so the detail and the charts above show the saved trend
