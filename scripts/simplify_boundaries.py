"""Make the shipped municipality file smaller and derive data/municipalities.csv from it.

Run once from the repository root with the source file (see data/README.md) as argument:
`python scripts/simplify_boundaries.py municipalities.geojson`. Coordinates are rounded to 3
decimals (about 100 m, finer than a screen pixel at the map's zoom) and the points that then
repeat are dropped; only the SCB codes and names are kept as properties. The regions file (48 kB)
is shipped unchanged: byte for byte the pinned file `python -m foresight boundaries` verifies.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
DECIMALS = 3


def _ring(ring: list) -> list:
    rounded = [[round(float(x), DECIMALS), round(float(y), DECIMALS)] for x, y, *_ in ring]
    kept = [point for index, point in enumerate(rounded) if index == 0 or point != rounded[index - 1]]
    if kept[0] != kept[-1]:
        kept.append(kept[0])
    return kept if len(kept) >= 4 else rounded


def _geometry(geometry: dict) -> dict:
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [_ring(ring) for ring in geometry["coordinates"]]}
    polygons = [[_ring(ring) for ring in polygon] for polygon in geometry["coordinates"]]
    return {"type": "MultiPolygon", "coordinates": polygons}


def _write(path: Path, features: list[dict]) -> None:
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def main(municipalities_file: str) -> None:
    municipalities = json.loads(Path(municipalities_file).read_text(encoding="utf-8"))
    rows, features = [], []
    for feature in sorted(municipalities["features"], key=lambda f: f["properties"]["id"]):
        props = feature["properties"]
        code, name, county = str(props["id"]).zfill(4), props["kom_namn"], str(props["lan_code"]).zfill(2)
        rows.append((code, name, county))
        features.append(
            {
                "type": "Feature",
                "properties": {"id": code, "kom_namn": name, "lan_code": county},
                "geometry": _geometry(feature["geometry"]),
            }
        )
    _write(DATA / "boundaries" / "swedish_municipalities.geojson", features)
    with (DATA / "municipalities.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "name", "region_code", "source"])
        writer.writerows([(code, name, county, "valmyndigheten_geografi") for code, name, county in rows])


if __name__ == "__main__":
    main(sys.argv[1])
