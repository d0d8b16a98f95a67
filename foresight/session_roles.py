"""The role each live dashboard session was last given, for routes that Streamlit serves itself.

Streamlit's own upload route (`/_stcore/upload_file/<session>/<file>`) stores whatever a session
sends, in memory, before any script of ours runs; only a script knows the visitor's role. So the
frame records each session's role here when it works it out (foresight.ui.access.settle_role) and
the upload guard (foresight.web.uploads) asks before a byte is read. One process, in memory,
bounded: the oldest sessions are forgotten first, and a forgotten session is no owner.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

MAX_SESSIONS = 20_000

_lock = threading.Lock()
_roles: OrderedDict[str, str] = OrderedDict()


def remember(session_id: str, role: str) -> None:
    """Record `role` as the session's role now (a sign-out or a demotion replaces it)."""
    with _lock:
        _roles[session_id] = role
        _roles.move_to_end(session_id)
        while len(_roles) > MAX_SESSIONS:
            _roles.popitem(last=False)


def role_of(session_id: str) -> str | None:
    """The role last recorded for this session, or None (unknown, or forgotten)."""
    with _lock:
        return _roles.get(session_id)
