"""The map page's tables: the filtered activities with their export, and the areas most like the
selected one. Imported text is shown as text by `st.dataframe`; links only when they are https://."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from foresight.data.validation import is_https_url
from foresight.i18n import enum_label, t
from foresight.map.activities import ActivityFilter
from foresight.store import Store
from foresight.ui.downloads import download_tables
from foresight.ui.state import tr

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
        "map.col_municipality": activities["municipality"].fillna(""),
        "map.col_status": [enum_label("status", value, lang) for value in activities["status"]],
        "map.col_link": [safe_url(value) for value in activities["source_url"]],
    }
    return pd.DataFrame({t(key, lang): values for key, values in columns.items()})


def safe_url(value: object) -> str | None:
    """The source's address when it is an https:// link, else None (never a javascript: or data: link)."""
    if isinstance(value, str) and is_https_url(value.strip()):
        return value.strip()
    return None


def show_table(shown: pd.DataFrame, lang: str) -> None:
    """The activities table, the source address as a link."""
    st.dataframe(
        display_table(shown, lang),
        hide_index=True,
        width="stretch",
        key="map_table",
        placeholder="–",  # an empty cell, not Streamlit's English "None"
        column_config={t("map.col_link", lang): st.column_config.LinkColumn(display_text=tr("map.open_source"))},
    )


# -- regions like mine ----------------------------------------------------------------------


def similar_panel(similar: pd.DataFrame, name: str, level: str, lang: str) -> None:
    """The five most similar areas to the selected one, as a table with the measure explained."""
    heading = "map.similar_municipality" if level == "municipality" else "map.similar_region"
    st.subheader(tr(heading, name=name))
    if similar.empty:
        st.caption(tr("map.similar_none"))
        return
    frame = pd.DataFrame(
        {
            tr("map.similar_col_area"): similar["name"],
            tr("map.similar_col_similarity"): (similar["similarity"] * 100).round().astype(int),
            tr("map.col_count"): similar["count"],
            tr("map.similar_col_shared"): [
                ", ".join(enum_label("method", m, lang) for m in methods) for methods in similar["shared_methods"]
            ],
        }
    )
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        key="map_similar",
        column_config={
            tr("map.similar_col_similarity"): st.column_config.ProgressColumn(
                min_value=0, max_value=100, format="%d %%"
            )
        },
    )
    st.caption(tr("map.similar_caption"))


def export_buttons(store: Store, chosen: ActivityFilter, lang: str) -> None:
    """The filtered activities as the activities table's own files (`python -m foresight export`'s
    layout, headers and codes in `lang`): they import back unchanged. Built only when clicked."""
    from foresight.map.activities import matching_activities

    def chosen_ids() -> list[str]:
        return matching_activities(store, chosen, limit=None)["id"].tolist()

    download_tables(store, ["activities"], lang, t("map.export_file", lang), keys=chosen_ids, key="map_export")
