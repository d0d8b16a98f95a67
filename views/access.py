"""Access (owners only): passphrases, the organisation accounts that may sign in, viewers' notes."""

import streamlit as st

from foresight import access
from foresight.ui import access as roles
from foresight.ui.actions import fail, run_action, show_outcome
from foresight.ui.resources import store
from foresight.ui.state import tr

workspace = store()


def run(action, *args, done: str, **params: object) -> None:
    """A write of the access page, through the one action runner; `params` fill in the confirmation."""

    def confirmation(result: object) -> str:
        return tr(done, **{name: result if value is None else value for name, value in params.items()})

    run_action(action, workspace, *args, done=confirmation, where="access")


def save_passphrase(role: str) -> None:
    first, second = st.session_state.pop(f"pass_{role}", ""), st.session_state.pop(f"pass_{role}_again", "")
    if first != second:
        fail(access.AccessError("access.mismatch"), "access")
        return
    run(access.set_passphrase, role, first, done="access.passphrase_saved")


if not roles.can_edit():
    roles.refuse()
st.title(tr("nav.access"))
st.write(tr("access.page_intro"))
show_outcome("access")

state = access.access_state(workspace)
st.header(tr("access.passphrases"), divider="gray")
for role, is_set in ((access.OWNER, state.owner_passphrase), (access.VIEWER, state.viewer_passphrase)):
    role_name = tr(f"role.{role}")
    st.subheader(f"{role_name}: {tr('access.passphrase_set' if is_set else 'access.passphrase_not_set')}")
    with st.form(f"passphrase_{role}", clear_on_submit=True):
        st.text_input(tr("access.passphrase_for", role=role_name), type="password", key=f"pass_{role}")
        st.text_input(tr("access.passphrase_repeat"), type="password", key=f"pass_{role}_again")
        st.form_submit_button(tr("access.passphrase_save"), on_click=save_passphrase, args=(role,))
    if is_set:
        st.button(
            tr("access.passphrase_clear", role=role_name),
            key=f"clear_{role}",
            on_click=run,
            args=(access.clear_passphrase, role),
            kwargs={"done": "access.passphrase_removed"},
        )

st.header(tr("access.members"), divider="gray")
st.write(tr("access.members_intro"))
if not roles.oidc_providers():
    st.caption(tr("access.oidc_off"))
listed = access.members(workspace)
if listed.empty:
    st.caption(tr("access.members_none"))
else:
    listed["kind"] = [tr(f"access.kind.{kind}") for kind in listed["kind"]]
    listed["role"] = [tr(f"role.{role}") for role in listed["role"]]
    st.dataframe(
        listed,
        hide_index=True,
        column_config={
            "identity": tr("access.col_identity"),
            "kind": tr("access.col_kind"),
            "role": tr("access.col_role"),
            "added_at": st.column_config.DatetimeColumn(tr("access.col_added"), format="YYYY-MM-DD HH:mm"),
        },
    )
with st.form("member_add", clear_on_submit=True):
    identity_column, kind_column, role_column = st.columns([3, 1, 1])
    identity_column.text_input(tr("access.member_identity"), key="member_identity", max_chars=200)
    kind_column.selectbox(
        tr("access.member_kind"),
        ["email", "group"],
        format_func={kind: tr(f"access.kind.{kind}") for kind in ("email", "group")}.get,
        key="member_kind",
    )
    role_column.selectbox(
        tr("access.member_role"),
        [access.VIEWER, access.OWNER],  # the safer role first
        format_func={role: tr(f"role.{role}") for role in access.SIGN_IN_ROLES}.get,
        key="member_role",
    )
    st.form_submit_button(
        tr("access.member_add"),
        on_click=lambda: run(
            access.add_member,
            st.session_state["member_identity"],
            st.session_state["member_role"],
            st.session_state["member_kind"],
            done="access.member_added",
            identity=None,
        ),
    )
if not listed.empty:
    with st.form("member_remove"):
        st.selectbox(tr("access.member_remove"), listed["identity"].tolist(), key="member_gone")
        st.form_submit_button(
            tr("access.member_remove"),
            on_click=lambda: run(
                access.remove_member,
                st.session_state["member_gone"],
                done="access.member_removed",
                identity=st.session_state["member_gone"],
            ),
        )

st.header(tr("nav.trends"), divider="gray")
st.toggle(
    tr("access.viewer_notes"),
    value=state.viewer_notes,
    key="viewer_notes",
    on_change=lambda: run(access.set_viewer_notes, st.session_state["viewer_notes"], done="access.settings_saved"),
)
