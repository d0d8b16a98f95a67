"""Framsyn: the app server. `streamlit run app.py` serves the Streamlit frame and our own routes.

The frame (page config, language, navigation) is `frame.py`; every page lives in views/ (not
pages/: see README, Layout). `st.App` lets the same process serve plain HTTP routes and add
middleware (foresight.web), so the start command stays one command: the phones' vote page
(/join/CODE) is one of those routes. Before serving, the process raises its open-files limit
(foresight.web.server_limits; README, Running a hall).
"""

import streamlit as st

from foresight import web
from foresight.web.server_limits import prepare_process

prepare_process()  # enough open files for a hall, and resource errors logged once a minute, not thousands of times
app = st.App("frame.py", routes=web.routes(), middleware=web.middleware(), exception_handlers=web.exception_handlers())
