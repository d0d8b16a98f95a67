"""What the app server serves besides the Streamlit frame: plain HTTP routes and middleware.

`app.py` hands these to `st.App`, so one process (`streamlit run app.py`) serves the dashboards
and these routes. Nothing here imports Streamlit: routes are Starlette endpoints that call the
domain, and every blocking call runs in a worker thread, never on the server's event loop.
"""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from foresight.web import collect


def routes() -> list[BaseRoute]:
    """The app's own HTTP routes, mounted beside Streamlit's."""
    return [*collect.routes()]


def middleware() -> list[Middleware]:
    """Middleware around every response, Streamlit's included."""
    return []
