"""Time to build the routing graph of floors.yaml and to answer routes; prints figures, asserts nothing.

python benchmarks/bench_routing.py [path/to/floors.yaml]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # measure this checkout's code, whichever copy pip installed

from kiosk.load.loader import load_building  # noqa: E402
from kiosk.ways.directions import describe  # noqa: E402
from kiosk.ways.plans import PlanRequest, plan_svg  # noqa: E402
from kiosk.ways.routing import Network, build_network  # noqa: E402


def best_of(runs: int, action) -> tuple[float, float]:
    """Best and median wall time of `runs` calls, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "floors.yaml"
    building = load_building(path)
    kiosk = building.kiosks[0]
    library = building.space("library") or building.spaces[-1]
    network = build_network(building)
    edges = sum(len(e) for e in network.edges) // 2
    print(
        f"building: {len(building.floors)} floors, {len(building.spaces)} spaces; "
        f"graph: {len(network.nodes)} nodes, {edges} edges"
    )

    best, median = best_of(50, lambda: build_network(building))
    print(f"build graph:                    best {best:7.3f} ms   median {median:7.3f} ms")

    source = network.node_of("kiosk", kiosk.id, kiosk.floor)
    target = network.node_of("door", library.id, library.floor)

    def cold_route() -> None:
        Network.route(_fresh(network), source, target, False)

    best, median = best_of(200, cold_route)
    print(f"one route, uncached (Dijkstra): best {best:7.3f} ms   median {median:7.3f} ms")
    network.route(source, target, False)
    best, median = best_of(2000, lambda: network.route(source, target, False))
    print(f"one route, cached tree:         best {best:7.3f} ms   median {median:7.3f} ms")
    route = network.route(source, target, False)
    best, median = best_of(500, lambda: describe(route, building, "zh", kiosk.facing, library.name("zh")))
    print(f"directions in words:            best {best:7.3f} ms   median {median:7.3f} ms")
    floor = building.floor(library.floor)
    request = PlanRequest(
        floor, "zh", lambda s: f"/zh/spaces/{s.id}", "/static/icons.svg", walk=route.walks[-1], target=library.id
    )
    best, median = best_of(200, lambda: plan_svg(building, request))
    print(
        f"one plan SVG with route:        best {best:7.3f} ms   median {median:7.3f} ms   "
        f"({len(plan_svg(building, request)):,} bytes)"
    )

    def all_routes() -> None:
        fresh = _fresh(network)
        for k in building.kiosks:
            for space in building.spaces:
                for step_free in (False, True):
                    door = fresh.node_of("door", space.id, space.floor)
                    if door is not None:
                        fresh.route(fresh.node_of("kiosk", k.id, k.floor), door, step_free)

    best, median = best_of(20, all_routes)
    pairs = len(building.kiosks) * len(building.spaces) * 2
    print(f"all {pairs} kiosk→space routes:    best {best:7.3f} ms   median {median:7.3f} ms")


def _fresh(network: Network) -> Network:
    """The same graph with an empty route cache, so timing includes Dijkstra."""
    return Network(network.nodes, network.edges, network.attachments, network.feet, network.index)


if __name__ == "__main__":
    main()
