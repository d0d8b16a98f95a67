"""Scenario cross: choose or create a cross, set its axes and scenarios, drag the cards into place.

The cross itself runs in a fragment, so a drop reruns only the cross and its table. The
presentation view (`?cross=<id>&present=1`) shows the cross alone and reloads it every two
seconds, so a move made elsewhere shows on the projector; no other view polls.
"""

import zlib

import streamlit as st

from foresight import scenarios
from foresight.errors import ForesightError
from foresight.export import csv_bytes, xlsx_bytes
from foresight.pages import SCENARIOS, page_url
from foresight.ui.errors import show_error
from foresight.ui.layout import projector_mode
from foresight.ui.resources import store
from foresight.ui.scenario_cross import placements_table, plain_markdown, scenario_cross
from foresight.ui.scenario_cross.editors import axes_editor, cards_editor, quadrants_editor
from foresight.ui.state import language, note_bad_param, param_choice, param_int, show_bad_params_notice, tr

workspace = store()
lang = language()
PICK, ERROR, DONE = "scenarios_pick", "scenarios_error", "scenarios_done"


def run(action, *args, done: str = "scenarios.saved", pick=None) -> None:
    """Call a domain action from a widget callback; keep its error or success for the page."""
    try:
        result = action(workspace, *args)
    except ForesightError as error:
        st.session_state[ERROR] = error
        return
    st.session_state[DONE] = done
    if pick == "clear":
        st.session_state.pop(PICK, None)
        st.query_params.pop("cross", None)
    chosen = result if pick == "result" else pick
    if isinstance(chosen, int):
        st.session_state[PICK] = chosen
        st.query_params["cross"] = str(chosen)


crosses = dict(scenarios.list_crosses(workspace))
cross_id = param_int("cross", 1, 2**31 - 1)
if cross_id is not None and cross_id not in crosses:
    note_bad_param("cross")
    cross_id = None
cross_id = (cross_id or st.session_state.get(PICK)) if crosses else None
cross_id = cross_id if cross_id in crosses else next(iter(crosses), None)
present = param_choice("present", ["1"]) == "1" and cross_id is not None


@st.fragment(run_every=2 if present else None)
def cross_view(cross_id: int) -> None:
    # Read once per run (every drop, and every 2 s on the projector); everything below draws it.
    cross = scenarios.get_cross(workspace, cross_id)
    cards = scenarios.cross_cards(workspace, cross_id, lang)
    frame = scenarios.cards_frame(cards)
    scenario_cross(workspace, cross, cards, lang, key=f"scenario_cross_{cross_id}", present=present)
    for column, quadrant in zip(st.columns(4), cross.quadrants, strict=True):
        with column.container(border=True):
            st.caption(tr(f"scenarios.quadrant.{quadrant.key}"))
            st.text(quadrant.name or "–")
            if quadrant.narrative:
                st.text(quadrant.narrative)
    table = placements_table(cross, frame, lang)
    st.header(tr("scenarios.table_title"), anchor=False)
    st.caption(tr("scenarios.table_caption"))
    st.table(table, hide_index=True)
    if not present:
        left, right = st.columns(2)
        left.download_button(
            tr("common.download_csv"),
            lambda: csv_bytes(frame),
            f"scenariekors-{cross_id}.csv",
            "text/csv",
            on_click="ignore",
            icon=":material/download:",
        )
        right.download_button(
            tr("common.download_xlsx"),
            lambda: xlsx_bytes({"placements": frame}),
            f"scenariekors-{cross_id}.xlsx",
            on_click="ignore",
            icon=":material/download:",
        )


def axis_summary(cross: scenarios.Cross) -> None:
    for axis_key, axis in (("scenarios.axis_x", cross.x), ("scenarios.axis_y", cross.y)):
        if axis.label or axis.low or axis.high:
            st.text(tr("scenarios.axis_summary", axis=tr(axis_key), label=axis.label, low=axis.low, high=axis.high))


if present:
    projector_mode()
    cross = scenarios.get_cross(workspace, cross_id)
    st.title(plain_markdown(cross.name), anchor=False)
    with st.container(key="fs_room_text", gap=None):
        axis_summary(cross)
    cross_view(cross_id)
    st.markdown(f"[{tr('scenarios.present_back')}]({page_url(SCENARIOS, cross=cross_id, lang=lang)})")
    st.stop()

st.title(tr("nav.scenarios"))
show_bad_params_notice()
st.write(tr("scenarios.intro"))
if ERROR in st.session_state:
    show_error(st.session_state.pop(ERROR))
if DONE in st.session_state:
    st.success(tr(st.session_state.pop(DONE)), icon=":material/check:")

with st.popover(tr("scenarios.new"), icon=":material/add:"):
    with st.form("scenarios_new_form", border=False):
        st.text_input(
            tr("scenarios.new_name"),
            value=tr("scenarios.new_default"),
            key="scenarios_new_name",
            max_chars=scenarios.MAX_NAME,
        )
        st.form_submit_button(
            tr("scenarios.create"),
            on_click=lambda: run(
                scenarios.create_cross, st.session_state["scenarios_new_name"], done="scenarios.created", pick="result"
            ),
        )

if cross_id is None:
    st.info(tr("scenarios.none_yet"), icon=":material/grid_view:")
    st.stop()

st.session_state[PICK] = cross_id
st.selectbox(
    tr("scenarios.choose"),
    list(crosses),
    format_func=crosses.get,
    key=PICK,
    on_change=lambda: st.query_params.__setitem__("cross", str(st.session_state[PICK])),
)
cross = scenarios.get_cross(workspace, cross_id)

# The copy's suggested name follows a rename: a new key per name, or the old default would stay.
dup_key = f"dup_name_{cross_id}_{zlib.crc32(cross.name.encode())}"
rename, duplicate, delete, link = st.columns([1, 1, 1, 2], vertical_alignment="center")
with rename.popover(tr("scenarios.rename"), icon=":material/edit:"), st.form(f"rename_{cross_id}", border=False):
    st.text_input(
        tr("scenarios.rename_label"), value=cross.name, key=f"rename_name_{cross_id}", max_chars=scenarios.MAX_NAME
    )
    st.form_submit_button(
        tr("common.save"),
        on_click=lambda: run(scenarios.rename_cross, cross_id, st.session_state[f"rename_name_{cross_id}"]),
    )
with (
    duplicate.popover(tr("scenarios.duplicate"), icon=":material/content_copy:"),
    st.form(f"dup_{cross_id}", border=False),
):
    st.text_input(
        tr("scenarios.duplicate_label"),
        value=tr("scenarios.copy_of", name=cross.name)[: scenarios.MAX_NAME],
        key=dup_key,
        max_chars=scenarios.MAX_NAME,
    )
    st.form_submit_button(
        tr("scenarios.duplicate"),
        on_click=lambda: run(scenarios.duplicate_cross, cross_id, st.session_state[dup_key], pick="result"),
    )
with delete.popover(tr("scenarios.delete"), icon=":material/delete:"):
    sure = st.checkbox(tr("scenarios.delete_confirm"), key=f"delete_sure_{cross_id}")
    st.button(
        tr("scenarios.delete"),
        key=f"delete_{cross_id}",
        disabled=not sure,
        type="primary",
        on_click=lambda: run(scenarios.delete_cross, cross_id, done="scenarios.deleted", pick="clear"),
    )
link.markdown(f"[{tr('scenarios.present_link')}]({page_url(SCENARIOS, cross=cross_id, present=1, lang=lang)})")

st.header(plain_markdown(cross.name), divider="gray")
axis_summary(cross)
axes_editor(workspace, cross, lang, run)
quadrants_editor(cross, run, lang)
cards_editor(workspace, cross_id, lang, run)
cross_view(cross_id)
