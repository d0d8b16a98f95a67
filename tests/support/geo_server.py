"""A loopback HTTP server for the boundary download tests, serving the project's own boundary file.

The 21 counties ship in `data/boundaries/` (see data/README.md), so the tests need nothing beside
the repository.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fixture_geojson_path() -> Path:
    """The county boundaries the project ships (the same file the pinned download fetches)."""
    return ROOT.parent / "data" / "boundaries" / "swedish_regions.geojson"


class FileServer:
    """A tiny HTTP server on 127.0.0.1 serving bytes by path; other paths get 404, '/500' a 500."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        served = files

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                if self.path == "/500":
                    self.send_error(500)
                    return
                body = served.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/geo+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FileServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
