"""What the app server serves besides the Streamlit frame: plain HTTP routes and middleware.

`app.py` hands these to `st.App`, so one process (`streamlit run app.py`) serves the dashboards
and these routes. Nothing here imports Streamlit: routes are Starlette endpoints that call the
domain, and every blocking call runs in a worker thread, never on the server's event loop.
"""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from foresight.web import collect, participant, room, signin
from foresight.web.hangups import ClientDisconnect, hung_up
from foresight.web.headers import SecurityHeadersMiddleware
from foresight.web.slow_clients import SlowBodyGuard
from foresight.web.uploads import UploadGuard


def routes() -> list[BaseRoute]:
    """The app's own HTTP routes, mounted beside Streamlit's."""
    return [*participant.routes(), *collect.routes(), *room.routes(), *signin.routes()]


def middleware() -> list[Middleware]:
    """Middleware around every response, Streamlit's included."""
    # Outermost first: the headers go on every response, redirects of old join links and refused
    # uploads included; a request body that stops arriving is given up on before any route reads it.
    return [
        Middleware(SecurityHeadersMiddleware),
        Middleware(SlowBodyGuard),
        Middleware(signin.FormCookieMiddleware),
        Middleware(UploadGuard),
        Middleware(participant.OldJoinLinks),
    ]


def exception_handlers() -> dict:
    """The handler of last resort: a friendly page in the visitor's language, never a traceback;
    a client that hung up while sending is one log line."""
    return {ClientDisconnect: hung_up, Exception: participant.server_error}
