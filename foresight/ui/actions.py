"""The one door for every write from a page: check the role, run one domain call, show the outcome.

Every widget that changes the workspace calls `run_action` from its callback (`on_click`,
`on_change`, a form's submit callback), never the domain directly:

- The role is worked out afresh on the server for each write (`access.settle_role`), whatever
  the page showed: a viewer who sends an owner's widget event (a crafted session, a stale tab) is
  refused and nothing is written. A hidden widget is not a lock.
- One domain call runs. A `ForesightError` becomes the one error display (`errors.show_error`);
  anything else is a bug and propagates to Streamlit's generic, traceback-free notice.
- A refusal is a toast (the viewer's page may not draw the owner's controls); an error or a
  confirmation is kept for the run that follows the callback and shown once, where the page calls
  `show_outcome(where)`: next to the button that caused it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from foresight.access import OWNER
from foresight.errors import ForesightError, PermissionDeniedError
from foresight.ui import access
from foresight.ui.errors import show_error
from foresight.ui.state import tr

T = TypeVar("T")
OWNERS, NOTE_WRITERS = "owner", "notes"  # who may run an action: owners; or owners and allowed viewers
_OUTCOME = "framsyn_outcome_"
_REFUSALS = "framsyn_refused_writes"  # counted, so a test can see that a refusal happened


def _allowed(needs: str) -> bool:
    if access.settle_role() == OWNER:
        return True
    return needs == NOTE_WRITERS and access.can_write_notes()


def run_action(
    action: Callable[..., T],
    *args: Any,
    done: str | Callable[[T], str] | None = "common.saved",
    where: str = "page",
    needs: str = OWNERS,
    after: Callable[[T], object] | None = None,
    refused_here: bool = False,
    **kwargs: Any,
) -> T | None:
    """Run `action(*args, **kwargs)` if the visitor may, and keep its outcome for `show_outcome(where)`.

    `done` is a text key (or a function of the result giving the finished text) confirming the
    change, None for none; `after(result)` runs after a success (e.g. to move the URL to what
    was made). Returns the action's result, or None when it was refused or failed.
    `refused_here`: a refusal goes to `show_outcome(where)` too, for a place that is always drawn
    and whose callback reruns a fragment (a toast from such a callback is not shown).
    """
    if not _allowed(needs):
        st.session_state[_REFUSALS] = st.session_state.get(_REFUSALS, 0) + 1
        if refused_here:
            st.session_state[_OUTCOME + where] = PermissionDeniedError("access.write_denied", role=tr("role.owner"))
            return None
        # A toast, not the page's outcome place: a viewer's page may not draw the place at all.
        st.toast(tr("access.write_denied", role=tr("role.owner")), icon=":material/lock:")
        return None
    try:
        result = action(*args, **kwargs)
    except ForesightError as error:
        st.session_state[_OUTCOME + where] = error
        return None
    if done is not None:
        st.session_state[_OUTCOME + where] = done(result) if callable(done) else tr(done)
    else:
        st.session_state.pop(_OUTCOME + where, None)
    if after is not None:
        after(result)
    return result


def callback(action: Callable[..., object], *args: Any, **options: Any) -> Callable[[], None]:
    """`run_action(action, *args, **options)` as a widget callback (arguments fixed now)."""

    def on_event() -> None:
        run_action(action, *args, **options)

    return on_event


def fail(error: ForesightError, where: str = "page") -> None:
    """Keep a refusal found before any domain call (e.g. two passphrases that differ) for `show_outcome`."""
    st.session_state[_OUTCOME + where] = error


def pending_error(where: str = "page") -> ForesightError | None:
    """The error the last write at this place left for `show_outcome`, if any (not consumed)."""
    outcome = st.session_state.get(_OUTCOME + where)
    return outcome if isinstance(outcome, ForesightError) else None


def take_error(where: str = "page") -> ForesightError | None:
    """Take the error the last write at this place left (a form that shows it by its fields)."""
    if isinstance(st.session_state.get(_OUTCOME + where), ForesightError):
        return st.session_state.pop(_OUTCOME + where)
    return None


def show_outcome(where: str = "page") -> None:
    """The last write's refusal, error or confirmation at this place, once."""
    outcome = st.session_state.pop(_OUTCOME + where, None)
    if isinstance(outcome, ForesightError):
        show_error(outcome)
    elif outcome:
        st.success(outcome, icon=":material/check:")


def refused_writes() -> int:
    """How many writes this session was refused (for tests and the server log)."""
    return int(st.session_state.get(_REFUSALS, 0))
