"""Boundaries for the map: shipped in data/boundaries/, optionally replaced by a verified download.

The 21 regions and the 290 municipalities ship with the repository (simplified, see
data/README.md), so a fresh clone draws polygons with no network. `shipped_boundaries` reads and
checks them; a missing or broken file leaves the map with bubbles and a notice.
`download_boundaries` replaces the regions with a finer or newer file: it fetches an open GeoJSON
(the URL and its expected sha256 can be set with $FRAMSYN_BOUNDARIES_URL and
$FRAMSYN_BOUNDARIES_SHA256), with a short timeout and a size cap, checks the checksum and the
structure (a FeatureCollection of exactly the 21 regions, `l_id` = SCB county code, polygons
within Sweden) and stores the file in the `boundaries` table. It only runs when asked (the map
page's button, or `python -m foresight boundaries`), never on a rerun: a workshop hall without
network keeps the shipped file.
"""

from __future__ import annotations

import hashlib
import json
import os
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from foresight.errors import ForesightError
from foresight.store import PROJECT_ROOT, Store

DEFAULT_URL = (
    "https://raw.githubusercontent.com/okfse/sweden-geojson/"
    "ff67bcb030d7d09032ae5f443d27130f05fdf1e0/swedish_regions.geojson"
)
DEFAULT_SHA256 = "efe362e7fdb5ec3501664a8e0294a694b840f705a0fb05484281f98d1eb15d7c"
URL_ENV = "FRAMSYN_BOUNDARIES_URL"
SHA256_ENV = "FRAMSYN_BOUNDARIES_SHA256"
BOUNDARY_ID = "regions"
TIMEOUT_SECONDS = 4.0
MAX_BYTES = 20_000_000
SHIPPED_DIR = PROJECT_ROOT / "data" / "boundaries"
SHIPPED_DIR_ENV = "FRAMSYN_BOUNDARIES_DIR"  # another folder of shipped files (tests of the fallback)
SHIPPED_FILES = {"region": "swedish_regions.geojson", "municipality": "swedish_municipalities.geojson"}
MUNICIPALITY_COUNT = 290


class BoundaryError(ForesightError):
    """The boundary file could not be downloaded or did not pass verification."""


@dataclass(frozen=True)
class BoundarySource:
    url: str
    sha256: str


@dataclass(frozen=True)
class Boundaries:
    """Verified boundaries as stored: the parsed GeoJSON and where it came from."""

    geojson: dict
    url: str
    sha256: str
    fetched_at: object


def configured_source() -> BoundarySource:
    """The URL and checksum to use: the environment first, else the pinned defaults."""
    return BoundarySource(
        url=os.environ.get(URL_ENV) or DEFAULT_URL,
        sha256=(os.environ.get(SHA256_ENV) or DEFAULT_SHA256).strip().lower(),
    )


def fetch_bytes(url: str, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The body at `url`, or a BoundaryError saying plainly why not (offline, HTTP, too big)."""
    if not url.lower().startswith(("https://", "http://")):
        raise BoundaryError("map.boundaries_bad_url", url=url)
    request = urllib.request.Request(url, headers={"User-Agent": "Framsyn"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise BoundaryError("map.boundaries_http", status=error.code) from error
    except TimeoutError as error:
        raise BoundaryError("map.boundaries_offline", detail="timeout") from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise BoundaryError("map.boundaries_offline", detail=str(reason)) from error
    if len(body) > MAX_BYTES:
        raise BoundaryError("map.boundaries_invalid", detail=f"> {MAX_BYTES} bytes")
    return body


def county_code(value: object) -> str | None:
    """SCB's two-digit county code from an `l_id` property (1 -> '01'), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, str) and value.strip().isdigit():
        text = value.strip()
    else:
        return None
    return text.zfill(2) if len(text) <= 2 else None


def _positions(geometry: dict) -> list:
    kind = geometry.get("type")
    rings = geometry.get("coordinates")
    if kind == "Polygon" and isinstance(rings, list):
        return [point for ring in rings for point in ring]
    if kind == "MultiPolygon" and isinstance(rings, list):
        return [point for polygon in rings for ring in polygon for point in ring]
    raise ValueError(f"geometry {kind!r} is not a polygon")


def municipality_code(value: object) -> str | None:
    """SCB's four-digit municipality code from an `id` property (180 -> '0180'), or None."""
    text = str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    return text.zfill(4) if text.isdigit() and len(text) <= 4 else None


def feature_code(level: str, properties: dict) -> str | None:
    """The SCB code a feature stands for at `level`."""
    if level == "municipality":
        return municipality_code(properties.get("id"))
    return county_code(properties.get("l_id"))


def verify(body: bytes, expected_sha256: str, region_codes: Sequence[str]) -> dict:
    """The parsed GeoJSON if `body` has the expected checksum and is the 21 regions; else raise."""
    actual = hashlib.sha256(body).hexdigest()
    if actual != expected_sha256:
        raise BoundaryError("map.boundaries_checksum", actual=actual[:12], expected=expected_sha256[:12])
    return verify_structure(body, "region", region_codes)


def verify_structure(body: bytes, level: str, expected_codes: Sequence[str]) -> dict:
    """The parsed GeoJSON if it holds exactly the areas `expected_codes` of `level` in Sweden; else raise."""
    try:
        geojson = json.loads(body.decode("utf-8"))
        if not isinstance(geojson, dict) or geojson.get("type") != "FeatureCollection":
            raise ValueError("not a FeatureCollection")
        features = geojson.get("features")
        if not isinstance(features, list):
            raise ValueError("no features")
        codes = []
        for feature in features:
            code = feature_code(level, feature.get("properties") or {})
            if code is None:
                raise ValueError("a feature has no SCB code (l_id or id)")
            for point in _positions(feature.get("geometry") or {}):
                lon, lat = float(point[0]), float(point[1])
                if not (5.0 <= lon <= 30.0 and 54.0 <= lat <= 70.5):
                    raise ValueError("coordinates outside Sweden (not WGS84?)")
            codes.append(code)
        if sorted(codes) != sorted(expected_codes):
            raise ValueError(f"{len(codes)} features; codes do not match the {len(expected_codes)} areas")
    except (ValueError, TypeError, AttributeError, IndexError, UnicodeDecodeError) as error:
        raise BoundaryError("map.boundaries_invalid", detail=str(error)[:200]) from error
    return geojson


def region_codes(store: Store) -> list[str]:
    return [code for (code,) in store.rows("SELECT code FROM regions ORDER BY code")]


def area_codes(store: Store, level: str) -> list[str]:
    table = "municipalities" if level == "municipality" else "regions"
    return [code for (code,) in store.rows(f"SELECT code FROM {table} ORDER BY code")]


def _shipped_path(level: str, folder: Path | None) -> Path:
    return (folder or Path(os.environ.get(SHIPPED_DIR_ENV) or SHIPPED_DIR)) / SHIPPED_FILES[level]


def shipped_version(level: str, folder: Path | None = None) -> str | None:
    """A marker of the shipped file of `level` (its size and time), or None when it is missing."""
    path = _shipped_path(level, folder)
    try:
        stat = path.stat()
    except OSError:
        return None
    return f"shipped:{path}:{stat.st_size}:{stat.st_mtime_ns}"


def shipped_boundaries(store: Store, level: str, folder: Path | None = None) -> Boundaries | None:
    """The shipped boundaries of `level`, checked; None when the file is missing or invalid."""
    path = _shipped_path(level, folder)
    try:
        body = path.read_bytes()
        geojson = verify_structure(body, level, area_codes(store, level))
    except (OSError, BoundaryError):
        return None
    return Boundaries(geojson, path.name, hashlib.sha256(body).hexdigest(), None)


def map_version(store: Store, level: str, folder: Path | None = None) -> str | None:
    """What the map would draw for `level`: a downloaded region file first, else the shipped file."""
    if level == "region":
        stored = stored_version(store)
        if stored:
            return stored
    return shipped_version(level, folder)


def map_boundaries(store: Store, level: str, folder: Path | None = None) -> Boundaries | None:
    """The boundaries to draw for `level`: a downloaded region file first, else the shipped file."""
    if level == "region":
        found = stored_boundaries(store)
        if found is not None:
            return found
    return shipped_boundaries(store, level, folder)


def download_boundaries(
    store: Store, source: BoundarySource | None = None, timeout: float = TIMEOUT_SECONDS
) -> Boundaries:
    """Fetch, verify and store the boundaries; nothing is stored unless all checks pass."""
    chosen = source or configured_source()
    body = fetch_bytes(chosen.url, timeout=timeout)
    verify(body, chosen.sha256, region_codes(store))
    with store.transaction() as cursor:
        cursor.execute(
            "INSERT INTO boundaries (id, url, sha256, geojson, fetched_at) VALUES (?, ?, ?, ?, current_timestamp)"
            " ON CONFLICT (id) DO UPDATE SET url = excluded.url, sha256 = excluded.sha256,"
            " geojson = excluded.geojson, fetched_at = excluded.fetched_at",
            [BOUNDARY_ID, chosen.url, chosen.sha256, body.decode("utf-8")],
        )
    found = stored_boundaries(store)
    assert found is not None
    return found


def stored_version(store: Store) -> str | None:
    """A cheap marker of the stored boundaries (checksum and time), or None when there are none."""
    row = store.rows("SELECT sha256 || '@' || CAST(fetched_at AS VARCHAR) FROM boundaries WHERE id = ?", [BOUNDARY_ID])
    return row[0][0] if row else None


def stored_boundaries(store: Store) -> Boundaries | None:
    """The boundaries kept in the workspace, or None if they were never downloaded."""
    row = store.rows("SELECT geojson, url, sha256, fetched_at FROM boundaries WHERE id = ?", [BOUNDARY_ID])
    if not row:
        return None
    text, url, sha256, fetched_at = row[0]
    return Boundaries(json.loads(text), url, sha256, fetched_at)


def forget_boundaries(store: Store) -> None:
    with store.transaction() as cursor:
        cursor.execute("DELETE FROM boundaries WHERE id = ?", [BOUNDARY_ID])
