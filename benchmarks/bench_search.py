"""Per-keystroke search time, Python (server, /search?q=) and JavaScript (kiosk.js in Chromium).

Budget: within 16 ms for the shipped building and 50 ms for a synthetic building of 2,000
spaces. Run from the repository root: python benchmarks/bench_search.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from kiosk.load.loader import load_building  # noqa: E402
from kiosk.model.building import Building, Space, Text  # noqa: E402
from kiosk.search.index import build_index, search  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

WORDS = ["tushuguan", "library", "toilet", "tsg", "libary", "jianshenfang", "图书馆", "restroom"]
KEYSTROKES = [word[:n] for word in WORDS for n in range(1, len(word) + 1)]
HAN = "图书馆社区学校健身房艺术展馆创新屋非遗工作室文化活动中心服务站教育培训亲子阅览多功能厅"
LATIN = ["art", "book", "room", "hall", "centre", "studio", "school", "gym", "club", "space", "craft", "music"]


def synthetic(base: Building, count: int) -> Building:
    """The shipped building with `count` made-up spaces spread over its floors."""
    rng = random.Random(5)
    template = base.spaces[0]
    spaces = []
    for i in range(count):
        zh = "".join(rng.choice(HAN) for _ in range(rng.randint(3, 8)))
        en = " ".join(rng.choice(LATIN).title() for _ in range(rng.randint(2, 4)))
        spaces.append(
            template.model_copy(
                update={
                    "id": f"space-{i}",
                    "name": Text(zh=zh, en=en),
                    "floor": base.floors[i % len(base.floors)].id,
                    "aliases": (rng.choice(LATIN), zh[:2]),
                }
            )
        )
    return base.model_copy(update={"spaces": tuple(spaces)})


def python_times(index: list[dict]) -> list[float]:
    times = []
    for query in KEYSTROKES:
        start = time.perf_counter()
        search(index, query)
        times.append((time.perf_counter() - start) * 1000)
    return times


JS_TIMES = """([index, queries]) => queries.map((q) => {
  const start = performance.now();
  window.kioskSearch.search(index, q);
  return performance.now() - start;
})"""


def report(label: str, times: list[float], budget: float) -> None:
    median, worst = statistics.median(times), max(times)
    verdict = "OK" if worst <= budget else "OVER BUDGET"
    print(f"{label:<44} median {median:6.2f} ms   max {worst:6.2f} ms   (budget {budget:.0f} ms) {verdict}")


def main() -> None:
    shipped = load_building(ROOT / "floors.yaml")
    start = time.perf_counter()
    big = synthetic(shipped, 2000)
    indexes = {"shipped": build_index(shipped)}
    start = time.perf_counter()
    indexes["2,000 spaces"] = build_index(big)
    print(f"index build for 2,000 spaces: {(time.perf_counter() - start) * 1000:.0f} ms (once per load)")
    assert isinstance(big.spaces[0], Space)
    budgets = {"shipped": 16, "2,000 spaces": 50}
    print(f"{len(KEYSTROKES)} keystrokes of {', '.join(WORDS)}")
    for name, index in indexes.items():
        report(f"Python, {name} ({len(index)} entries)", python_times(index), budgets[name])
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.add_script_tag(path=str(ROOT / "kiosk" / "static" / "kiosk.js"))
        for name, index in indexes.items():
            page.evaluate(JS_TIMES, [index, KEYSTROKES])  # warm up the JIT, as a kiosk would be
            report(f"JavaScript in Chromium, {name}", page.evaluate(JS_TIMES, [index, KEYSTROKES]), budgets[name])
        browser.close()


if __name__ == "__main__":
    main()
