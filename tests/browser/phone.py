"""Phone-width check shared by the browser tests.

A check made right after a click can land while the browser swaps documents (the old one is gone,
the new one has no root element yet), so it waits for the load and retries once on a torn-down
context instead of failing at random.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Error as PlaywrightError

PHONE_WIDTH = 390


def fits_the_phone(page: Any) -> bool:
    """True when the page needs no horizontal scrolling on a 390 px wide phone."""
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            width = page.evaluate(
                "document.documentElement ? document.documentElement.scrollWidth : null"
            )
        except PlaywrightError:
            if attempt == 2:
                raise
            continue
        if width is not None:
            return bool(width <= PHONE_WIDTH)
        page.wait_for_timeout(100)
    raise AssertionError("页面未能加载完成，无法检查宽度")
