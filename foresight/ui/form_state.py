"""Edit forms that keep what was typed, and carry the version of the row they opened.

A widget whose `value=` (or `index=`, `default=`) follows the stored row changes its default
after every save; Streamlit may then take it for a new widget and drop what was typed. So an
edit form's widgets get stable keys (`<prefix>-<field>`, the prefix naming the row, never a
value) and no default: `seed` puts the stored row into session state once, when the form first
opens that row, together with the row's version. After a save, `load` puts the saved values and
the new version back explicitly; a save refused as a conflict leaves the typed values alone, and
`reload_button` offers to read the row again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from foresight.ui import access
from foresight.ui.state import tr

_VERSION = "{}@version"


def field_key(prefix: str, name: str, sep: str = "-") -> str:
    return f"{prefix}{sep}{name}"


def load(prefix: str, values: Mapping[str, object], version: int | None, sep: str = "-") -> None:
    """Put these values into the form's widgets and remember the version they belong to."""
    for name, value in values.items():
        st.session_state[field_key(prefix, name, sep)] = value
    st.session_state[_VERSION.format(prefix)] = version


def seed(
    prefix: str, read: Callable[[], tuple[Mapping[str, object], int | None]], names: list[str], sep: str = "-"
) -> None:
    """Fill the form from `read()` (values, version) once; later runs keep what is in the widgets.

    The row is read again when a widget's value is gone (Streamlit drops the state of a widget
    that was not drawn in a run, e.g. while the form was closed): nothing typed is lost then.
    """
    marker = _VERSION.format(prefix)
    if marker in st.session_state and all(field_key(prefix, name, sep) in st.session_state for name in names):
        return
    values, version = read()
    load(prefix, values, version, sep)


def opened(prefix: str) -> int | None:
    """The version of the row this form opened (None for a new row)."""
    return st.session_state.get(_VERSION.format(prefix))


def values(prefix: str, names: list[str] | tuple[str, ...], sep: str = "-") -> dict[str, object]:
    return {name: st.session_state.get(field_key(prefix, name, sep)) for name in names}


def forget(prefix: str) -> None:
    """Let the next run read the row again (after the form closed, or to load a newer version)."""
    st.session_state.pop(_VERSION.format(prefix), None)


def reload_button(prefix: str) -> None:
    """A button that drops what was typed and reads the stored row again (after a conflict)."""
    st.button(tr("edit.reload"), key=f"{prefix}-reload", on_click=forget, args=(prefix,), icon=":material/refresh:")


def editor() -> str:
    """Who is saving, as a conflict message names them: the account's e-mail, or the role."""
    name = access.account_name()
    return name or tr(f"role.{access.current_role()}")
