"""Framsyn: the app server. `streamlit run app.py` serves the Streamlit frame and our own routes.

The frame (page config, language, navigation) is `frame.py`; every page lives in views/ (not
pages/: see README, Layout). `st.App` lets the same process serve plain HTTP routes and add
middleware (foresight.web), so the start command stays one command: the phones' vote page
(/join/CODE) is one of those routes. Before serving, the process raises its open-files limit
(foresight.web.server_limits; README, Running a hall).
"""

import socket

import streamlit as st
from streamlit import config, net_util

from foresight import web
from foresight.web.server_limits import prepare_process


def _welcome() -> None:
    """The addresses to open, as Streamlit prints them, without its outside "External URL" lookup.

    The network address is the one the machine would use towards the Internet (a UDP socket's
    local end: no packet is sent, and none leaves an offline laptop either).
    """
    port = config.get_option("server.port")
    urls = [f"Local URL: http://localhost:{port}"]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routing decides the interface, nothing is sent
            urls.append(f"Network URL: http://{probe.getsockname()[0]}:{port}")
        except OSError:
            pass  # no network at all: localhost only
    print("\n  You can now view Framsyn in your browser.\n\n" + "".join(f"  {url}\n" for url in urls), flush=True)


_welcome()
# Streamlit's websocket origin check asks checkip.amazonaws.com for this machine's outside address
# when a page comes from a host name it does not know (and blocks its event loop while it waits,
# offline until the timeout). The app never goes online: that answer is "none", known in advance.
net_util._external_ip = ""
prepare_process()  # enough open files for a hall, and resource errors logged once a minute, not thousands of times
app = st.App("frame.py", routes=web.routes(), middleware=web.middleware(), exception_handlers=web.exception_handlers())
