"""Streamlit's own English strings, shown in Swedish: a tiny Components v2 element with no UI.

Streamlit has no setting for the texts of its own chrome (the sidebar's "Collapse sidebar", the
file uploader's "Drag and drop file here" and "200MB per file", a multiselect's "Select all"), so
the script (words.js, beside this file) replaces exactly those strings in the page, also in parts
drawn later. Where a widget takes our text (placeholder=, labels, column_config) the pages use
that instead; this covers only what no parameter reaches. Mounted once per run from the sidebar.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from foresight.i18n import t

# Streamlit's English (1.67) -> the i18n key of our text. Exact strings, nothing else is touched.
WORDS = {
    "Collapse sidebar": "chrome.collapse_sidebar",
    "Sidebar": "chrome.sidebar",
    "App pages": "chrome.pages",
    "Link to heading": "chrome.heading_link",
    "Expand sidebar": "chrome.expand_sidebar",
    "Open sidebar": "chrome.expand_sidebar",
    "Close sidebar": "chrome.collapse_sidebar",
    "Drag and drop file here": "chrome.drop_file",
    "Drag and drop files here": "chrome.drop_files",
    "Browse files": "chrome.browse",
    "Upload": "chrome.browse",
    "Select all": "chrome.select_all",
    "Clear all": "chrome.clear_all",
    "Clear": "chrome.clear",
    "No results": "chrome.no_results",
    "Choose an option": "chrome.choose_one",
    "Choose options": "chrome.choose_many",
    "Main menu": "chrome.main_menu",
    "Remove file": "chrome.remove_file",
    "Delete file": "chrome.remove_file",
    "Fullscreen": "chrome.fullscreen",
    "View fullscreen": "chrome.fullscreen",
    "Close fullscreen": "chrome.fullscreen_close",
    "Exit fullscreen": "chrome.fullscreen_close",
    "Download as CSV": "chrome.download_csv",
    "Search": "chrome.search",
    # plotly's toolbar over a chart (its tooltips)
    "Download plot as a PNG": "chrome.plot_png",
    "Download plot as a png": "chrome.plot_png",
    "Box Select": "chrome.box_select",
    "Lasso Select": "chrome.lasso_select",
    "Zoom": "chrome.zoom",
    "Pan": "chrome.pan",
    "Zoom in": "chrome.zoom_in",
    "Zoom out": "chrome.zoom_out",
    "Autoscale": "chrome.autoscale",
    "Reset axes": "chrome.reset_axes",
    "Produced with Plotly.js": "chrome.plotly",
    "Download": "chrome.download",
    "Download data": "chrome.download",
    "Show password": "chrome.show_password",
    "Hide password": "chrome.hide_password",
    # empty lists, the hint under a typed field, the table's toolbar, date pickers, help icons
    "No options to select": "chrome.no_options",
    "No options to select.": "chrome.no_options",
    "Add options": "chrome.add_options",
    "Add an option": "chrome.add_option",
    "Choose or add options": "chrome.choose_or_add_many",
    "Choose or add an option": "chrome.choose_or_add_one",
    "Press Enter to submit form": "chrome.enter_submits",
    "Press Enter to apply": "chrome.enter_applies",
    "Show/hide columns": "chrome.show_hide_columns",
    "Choose date": "chrome.choose_date",
    "Choose date range": "chrome.choose_date_range",
    "Choose date and time": "chrome.choose_date_time",
    "Help": "chrome.help",
    "Remove option": "chrome.remove_option",
}
# "200MB per file • CSV, TXT, XLSX" and "Limit 200MB per file • …": the size and types stay.
PATTERNS = (
    ("^(?:Limit )?(\\d+(?:\\.\\d+)?)\\s*([KMG]B) per file", "chrome.per_file"),
    ("^Fullscreen: ", "chrome.fullscreen_prefix"),  # the map's fullscreen button names the map after it
    ("^Press (⌘|Ctrl)\\+Enter to submit form$", "chrome.keys_submit"),
    ("^Press (⌘|Ctrl)\\+Enter to apply$", "chrome.keys_apply"),
    # screen-reader labels that name the thing after them ("Help for Priority", "Remove Skåne")
    ("^Help for (.+)$", "chrome.help_for"),
    ("^Remove (.+)$", "chrome.remove_named"),
)

_HERE = Path(__file__).resolve().parent
_mount = st.components.v2.component(
    "framsyn_streamlit_words", html="<span hidden></span>", js=(_HERE / "words.js").read_text(encoding="utf-8")
)


def streamlit_words(lang: str) -> None:
    """Show Streamlit's own texts in `lang` (nothing to do in English)."""
    if lang == "en":
        return
    words = {english: t(key, lang) for english, key in WORDS.items()}
    patterns = [[source, t(key, lang)] for source, key in PATTERNS]
    with st.container(key="framsyn_streamlit_words", height=1, border=False):
        _mount(key="framsyn_streamlit_words_script", data={"words": words, "patterns": patterns})
