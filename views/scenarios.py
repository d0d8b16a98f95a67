"""Scenario cross: choose or create a cross, set its axes and scenarios, drag the cards into place.

The cross itself runs in a fragment, so a drop reruns only the cross and its table. The
presentation view (`?cross=<id>&present=1`) shows the cross alone and reloads it every two
seconds, so a move made elsewhere shows on the projector; no other view polls.
"""

import zlib
from functools import partial

import streamlit as st

from foresight.pages import SCENARIOS, page_url
from foresight.scenarios import scenarios
from foresight.text import escape_markdown
from foresight.ui.access import can_edit, can_read, refuse, screen_allowed, screen_token
from foresight.ui.actions import show_outcome
from foresight.ui.layout import projector_mode
from foresight.ui.resources import store
from foresight.ui.scenario_cross.editors import axes_editor, cards_editor, quadrants_editor
from foresight.ui.scenario_cross.page import PICK, axis_summary, cross_view, run_action
from foresight.ui.state import language, note_bad_param, param_choice, param_int, show_bad_params_notice, tr
from foresight.ui.workshop_views import workshop_filter

workspace = store()
lang = language()
run = partial(run_action, workspace)  # the editors call run(action, *args) from widget callbacks

crosses = dict(scenarios.list_crosses(workspace))
cross_id = param_int("cross", 1, 2**31 - 1)
if cross_id is not None and cross_id not in crosses:
    note_bad_param("cross")
    cross_id = None
only = workshop_filter(workspace, "crosses") if can_read() else None  # a screen lists no workshop
crosses = crosses if only is None else {key: name for key, name in crosses.items() if str(key) in only}
cross_id = (cross_id or st.session_state.get(PICK)) if crosses else None
cross_id = cross_id if cross_id in crosses else next(iter(crosses), None)
present = param_choice("present", ["1"]) == "1" and cross_id is not None
if not can_read() and not (present and screen_allowed("cross", cross_id)):
    refuse()  # a projector link opens its own cross only: its token is signed for that cross


if present:
    projector_mode()
    cross = scenarios.get_cross(workspace, cross_id)
    st.title(escape_markdown(cross.name), anchor=False)
    with st.container(key="fs_room_text", gap=None):  # the axes at the room's size (projector.py)
        axis_summary(cross)
    cross_view(workspace, cross_id, lang, present=True)
    if can_read():
        st.markdown(f"[{tr('scenarios.present_back')}]({page_url(SCENARIOS, cross=cross_id, lang=lang)})")
    st.stop()

st.title(tr("nav.scenarios"))
show_bad_params_notice()
st.write(tr("scenarios.intro"))
show_outcome("scenarios")

editable = can_edit()  # viewers see the crosses; only owners create, rename, delete, edit and drag
if editable:
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
                    scenarios.create_cross,
                    st.session_state["scenarios_new_name"],
                    workshop_id=param_int("workshop", 1, 2**31 - 1),  # made while one workshop is shown: its own
                    done="scenarios.created",
                    pick="result",
                ),
            )

if cross_id is None:
    st.info(tr("scenarios.none_yet", button=tr("scenarios.new")), icon=":material/grid_view:")
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

if editable:
    # The copy's suggested name follows a rename: a new key per name, or the old default would stay.
    dup_key = f"dup_name_{cross_id}_{zlib.crc32(cross.name.encode())}"
    rename, duplicate, delete = st.columns(3, vertical_alignment="center")
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
# The projector link carries a token signed for this cross: it opens this cross and no other.
present_url = page_url(SCENARIOS, cross=cross_id, present=1, t=screen_token("cross", cross_id), lang=lang)
st.markdown(f"[{tr('scenarios.present_link')}]({present_url})")

st.header(escape_markdown(cross.name), divider="gray")
axis_summary(cross)
if editable:
    axes_editor(workspace, cross, lang, run)
    quadrants_editor(cross, run, lang)
    cards_editor(workspace, cross_id, lang, run)
cross_view(workspace, cross_id, lang, present=False)
