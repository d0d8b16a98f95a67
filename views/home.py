"""Home: what each page is for, and what the workspace holds."""

import streamlit as st

from foresight.overview import workspace_counts
from foresight.pages import PAGES
from foresight.text import escape_markdown
from foresight.ui.access import page_allowed
from foresight.ui.resources import store
from foresight.ui.state import show_bad_params_notice, tr

st.title(tr("app.title"))
st.markdown(f"**{escape_markdown(tr('app.tagline'))}**")  # a lead, not a heading: h1 is followed by h2
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
for page in [page for page in PAGES[1:] if page_allowed(page)]:
    with st.container(border=True):
        st.page_link(page.script, label=f"{tr('home.open')}: {tr(f'nav.{page.key}')}")
        st.write(tr(f"home.{page.key}"))
