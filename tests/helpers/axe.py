"""axe-core on a Playwright page: WCAG 2.x A/AA with the enhanced (7:1) contrast rule, serious findings only."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "rules": {"color-contrast-enhanced": {"enabled": True}},  # 7:1 text contrast (WCAG AAA 1.4.6)
    "resultTypes": ["violations"],
}
axe = Axe()


def serious(page: Page) -> list[str]:
    """The serious and critical axe-core violations on `page`, each with its first three elements."""
    results = axe.run(page, options=AXE_OPTIONS).response
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
