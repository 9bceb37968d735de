"""The demo as readers see it at three widths, and an automated accessibility
check (issue 15, points 3 and 6).

Screenshots of the front page, the demo explainer and a search at 390, 768
and 1280 pixels are written to artifacts/screenshots/readers/ (gitignored)
for people to look at. axe-core, vendored from npm in tests/browser/vendor/,
is injected by Playwright into the tested page only (the context bypasses
the page's Content-Security-Policy for it; readers never get it); a serious
or critical violation fails the test.
"""

from pathlib import Path

import pytest
from django.core.management import call_command

from explainers import demo_content, views
from tests.browser.conftest import SCREENSHOTS

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"
SLUG = demo_content.MINERALS["slug"]
WIDTHS = {"phone": (390, 844), "tablet": (768, 1024), "desktop": (1280, 900)}
PAGES = {
    "home": "/",
    "explainer": f"/explainers/{SLUG}/",
    "search": "/search/?q=minerals",
}
SHOTS = SCREENSHOTS / "readers"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_site(live_server, settings):
    settings.SERVE_MEDIA = True  # the demo's map, from this test's MEDIA_ROOT
    call_command("load_demo", password="browser-test-password-1")
    views.page_cache.clear()
    return live_server.url


def open_page(browser, url: str, width: int, height: int, *, axe: bool = False):
    context = browser.new_context(
        viewport={"width": width, "height": height},
        # Readers' pages run no script; axe is injected into the tested page
        # past its Content-Security-Policy, and only then.
        java_script_enabled=axe,
        bypass_csp=axe,
    )
    page = context.new_page()
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200
    return context, page


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    assert page.evaluate("axe.version") == AXE_VERSION
    results = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a",
                                              "wcag21aa", "best-practice"]},
        })"""
    )
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at "
        + ", ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_the_demo_reads_well_at_three_widths(demo_site, browser, width_name):
    width, height = WIDTHS[width_name]
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in PAGES.items():
        context, page = open_page(browser, demo_site + path, width, height)
        # Nothing is wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
        if name == "explainer":
            check_explainer_layout(page, width, height)
        context.close()


def check_explainer_layout(page, width: int, height: int) -> None:
    # The header takes little of a phone's first screen.
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] < 0.12 * height
    # The demo's map: loaded, credited, sized before it arrived.
    lead = page.locator(".figure-lead img")
    assert lead.evaluate("img => img.complete && img.naturalWidth > 0")
    assert lead.get_attribute("width") and lead.get_attribute("height")
    assert (
        "Newsroom Explainers graphics desk"
        in page.locator(".figure-lead figcaption").inner_text()
    )
    assert page.locator(".key-figures li").count() == 2
    # Boxes sit within the text's column, and the sources follow the text
    # without a gap: no blank space at any width.
    body = page.locator(".explainer-body").bounding_box()
    for index in range(page.locator("aside.box").count()):
        box = page.locator("aside.box").nth(index).bounding_box()
        assert box is not None and body is not None
        assert box["y"] + box["height"] <= body["y"] + body["height"] + 1
    sources = page.locator("#sources").bounding_box()
    assert sources is not None and body is not None
    gap = sources["y"] - (body["y"] + body["height"])
    assert gap < 200, f"{gap}px between the text and the sources at {width}px"


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violations(demo_site, browser, name):
    for width, height in (WIDTHS["desktop"], WIDTHS["phone"]):
        context, page = open_page(
            browser, demo_site + PAGES[name], width, height, axe=True
        )
        assert serious_violations(page) == [], f"{name} at {width}px"
        context.close()
