"""Home: what each page is for, and what the workspace holds."""

import streamlit as st

from foresight.overview import workspace_counts
from foresight.ui.resources import store
from foresight.ui.state import show_bad_params_notice, tr

st.title(tr("app.title"))
st.subheader(tr("app.tagline"))
show_bad_params_notice()
st.write(tr("home.intro"))

counts = workspace_counts(store())
st.header(tr("home.workspace"), divider="gray")
figures = [
    ("home.count_regions", counts.regions),
    ("home.count_organisations", counts.organisations),
    ("home.count_activities", counts.activities),
    ("home.count_drivers", counts.drivers),
    ("home.count_megatrends", counts.megatrends),
    ("home.count_trends", counts.trends),
]
columns = st.columns(3)
for index, (label, value) in enumerate(figures):
    columns[index % 3].metric(tr(label), value)

st.header(tr("home.pages"), divider="gray")
for page_file, nav_key, text_key in [
    ("views/trends.py", "nav.trends", "home.trends"),
    ("views/map.py", "nav.map", "home.map"),
    ("views/vote.py", "nav.vote", "home.vote"),
    ("views/scenarios.py", "nav.scenarios", "home.scenarios"),
    ("views/data.py", "nav.data", "home.data"),
]:
    with st.container(border=True):
        st.page_link(page_file, label=f"{tr('home.open')}: {tr(nav_key)}")
        st.write(tr(text_key))
