"""A local OpenID Connect provider for the sign-in browser test (the `oidc-provider-mock` package).

It serves on 127.0.0.1 and a free port, in a thread of the test process, so the browser test's
offline guard still holds: nothing leaves the machine.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import oidc_provider_mock
import werkzeug.serving


@contextmanager
def local_provider(users: list[dict[str, object]]) -> Iterator[str]:
    """Serve the provider with these users (claims with a `sub`); yields its issuer URL."""
    app = oidc_provider_mock.app(
        user_claims=[oidc_provider_mock.User(sub=str(user["sub"]), claims=dict(user)) for user in users]
    )
    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()
