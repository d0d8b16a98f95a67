"""Framsyn: the app server. `streamlit run app.py` serves the Streamlit frame and our own routes.

The frame (page config, language, navigation) is `frame.py`; every page lives in views/ (not
pages/: see README, Layout). `st.App` lets the same process serve plain HTTP routes and add
middleware (foresight.web), so the start command stays one command: the phones' vote page
(/join/CODE) is one of those routes.
"""

import streamlit as st

from foresight import web

app = st.App("frame.py", routes=web.routes(), middleware=web.middleware(), exception_handlers=web.exception_handlers())
