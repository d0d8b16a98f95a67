"""Data: import a CSV/.xlsx file into a table (all or nothing), export tables."""

import streamlit as st

from foresight.data.loading import import_file
from foresight.data.localised import header
from foresight.data.tables import LOAD_ORDER, TABLES
from foresight.errors import ForesightError
from foresight.i18n import t
from foresight.ui.access import can_edit
from foresight.ui.actions import run_action, show_outcome
from foresight.ui.downloads import download_tables
from foresight.ui.resources import store
from foresight.ui.state import language, tr

workspace = store()
st.title(tr("data.title"))
st.write(tr("data.intro"))


def import_upload() -> None:
    """The import form's submit: the chosen file into the chosen table, all or nothing (owners only)."""
    table, upload = st.session_state["import_table"], st.session_state.get("import_file")

    def read_in(store):
        if upload is None:
            raise ForesightError("data.no_file")
        # The client-sent file name only hints at the format; it never becomes a path.
        return import_file(store, table, upload.getvalue(), upload.name)

    def imported(result) -> str:
        counts = {"added": result.added, "changed": result.changed, "unchanged": result.unchanged}
        return tr("data.imported", table=tr(f"table.{table}"), **counts)

    with st.spinner(tr("data.checking")):
        run_action(read_in, workspace, done=imported, where="import")


if can_edit():  # importing overwrites rows by id: owners only
    with st.form("import_form", clear_on_submit=False, enter_to_submit=False):
        table = st.selectbox(
            tr("data.table"), LOAD_ORDER, format_func=lambda name: tr(f"table.{name}"), key="import_table"
        )
        st.file_uploader(tr("data.file"), type=["csv", "txt", "xlsx"], key="import_file")
        st.form_submit_button(tr("data.import"), type="primary", on_click=import_upload)
    show_outcome("import")
    st.caption(tr("data.columns", columns=", ".join(header(name, language()) for name in TABLES[table].column_names)))
else:
    st.info(tr("access.read_only"), icon=":material/lock:")

st.header(tr("data.export"), divider="gray")
st.write(tr("data.export_intro"))
download_tables(workspace, list(LOAD_ORDER), language(), tr("data.export_file"), csv=False, key="export_all")
shown_in = language()  # captured: AppTest formats the chosen option outside the page's run
exported = st.selectbox(
    tr("data.export_table"),
    LOAD_ORDER,
    format_func=lambda name: t(f"table.{name}", shown_in),
    key="export_table",
)
download_tables(workspace, [exported], language(), tr(f"table.{exported}"), key="export_one")
st.caption(tr("data.export_files"))
