"""Data: import a CSV/.xlsx file into a table (all or nothing), export tables."""

import streamlit as st

from foresight.data import export
from foresight.data.loading import import_file
from foresight.data.tables import LOAD_ORDER, TABLES
from foresight.errors import ForesightError
from foresight.ui.access import can_edit
from foresight.ui.actions import run_action, show_outcome
from foresight.ui.downloads import download_csv, download_xlsx
from foresight.ui.resources import store
from foresight.ui.state import tr

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
    st.caption(tr("data.columns", columns=", ".join(TABLES[table].column_names)))
else:
    st.info(tr("access.read_only"), icon=":material/lock:")

st.header(tr("data.export"), divider="gray")
st.write(tr("data.export_intro"))
download_xlsx(lambda: export.workspace_sheets(workspace), "framsyn", label=tr("data.export_all"))
columns = st.columns(3)
for index, name in enumerate(LOAD_ORDER):
    download_csv(
        lambda name=name: export.table_frame(workspace, name),
        name,
        label=f"{tr('common.download_csv')}: {tr(f'table.{name}')}",
        key=f"export_{name}",
        where=columns[index % 3],
    )
