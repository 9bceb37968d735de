"""The demo explainer in a real browser: footnotes work, boxes and sources show.

Issue 5, point 5. Drives Debian's Chromium (/usr/bin/chromium) with
Playwright; no browser is ever downloaded. Screenshots at desktop and phone
widths are written to artifacts/screenshots/ for people to look at.
"""

import pytest
from django.core.management import call_command

from explainers import demo_content, views
from tests.browser.conftest import SCREENSHOTS

SLUG = demo_content.MINERALS["slug"]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_site(live_server):
    call_command("load_demo", password="browser-test-password-1")
    views.page_cache.clear()
    return live_server.url


def in_viewport(page, selector: str) -> bool:
    return page.eval_on_selector(
        selector,
        """element => {
            const box = element.getBoundingClientRect();
            return box.bottom > 0 && box.top < window.innerHeight;
        }""",
    )


@pytest.mark.parametrize(
    ("name", "width", "height"), [("desktop", 1280, 900), ("phone", 390, 844)]
)
def test_reader_follows_a_footnote_to_its_source_and_back(
    demo_site, browser, name, width, height
):
    context = browser.new_context(
        viewport={"width": width, "height": height},
        java_script_enabled=False,  # the site must work without it
    )
    page = context.new_page()
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content" in m.text else 0)
    response = page.goto(f"{demo_site}/explainers/{SLUG}/")
    assert response.status == 200

    assert page.locator("h1").inner_text() == demo_content.MINERALS["title"]
    asides = page.locator("aside")
    assert asides.count() == 2
    for index in range(asides.count()):
        assert asides.nth(index).is_visible()
    assert page.locator("#sources-heading").is_visible()
    assert page.locator("ol.source-list > li").count() == 2
    # The stylesheet loaded under the Content-Security-Policy.
    assert "serif" in page.eval_on_selector(
        "body", "e => getComputedStyle(e).fontFamily"
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"explainer-{name}.png", full_page=True)

    mark = page.locator("sup.fn a").first
    assert mark.get_attribute("aria-label") == "Source 1"
    mark.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#source-1")
    assert in_viewport(page, "#source-1")
    page.screenshot(path=SCREENSHOTS / f"explainer-{name}-sources.png")

    page.locator("#source-1 .back a").click()
    page.wait_for_url("**#ref-killed-by-2020-1")
    assert in_viewport(page, "#ref-killed-by-2020-1")
    assert blocked == []
    context.close()
