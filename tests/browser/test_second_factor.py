"""A reviewer's first sign-in in a real browser: password, then the
authenticator set-up (the test reads the key off the page and computes the
code as a phone app would), the recovery codes, and the admin. Screenshots
in artifacts/screenshots/second-factor-*.png."""

import pytest
from django_otp.oath import TOTP

from newsroom.roles import setup_roles
from tests.browser.conftest import SCREENSHOTS
from tests.factories import UserFactory

PASSWORD = "second-factor-password-1"

pytestmark = pytest.mark.django_db(transaction=True)


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"second-factor-{name}.png"), full_page=True)


def code_from_key(base32_key: str) -> str:
    from base64 import b32decode

    totp = TOTP(b32decode(base32_key.replace(" ", "")), step=30, digits=6)
    return f"{totp.token():06d}"


def test_a_reviewer_sets_up_the_second_factor_at_first_sign_in(live_server, browser):
    setup_roles()
    UserFactory.create(username="reviewer", password=PASSWORD, groups=["Reviewers"])
    site = live_server.url
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()

    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", "reviewer")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")

    # Straight to the set-up, in the admin's look, with a QR code and the key.
    page.wait_for_url(f"{site}/admin/second-factor/set-up/**")
    assert page.locator("svg").first.is_visible()
    assert "Newsroom CMS" in page.inner_text("#site-name")
    key = page.inner_text("#totp-secret")
    shot(page, "1-set-up")

    page.fill("#id_code", "000000")
    page.click("input[type=submit]")
    assert "That code was not accepted" in page.inner_text(".errornote")

    # A wrong code makes the next try wait a moment (django-otp's throttle).
    page.wait_for_timeout(1100)
    page.fill("#id_code", code_from_key(key))
    page.click("input[type=submit]")
    codes = page.locator("#recovery-codes li")
    codes.first.wait_for()
    assert codes.count() == 10
    shot(page, "2-recovery-codes")

    page.click("text=Continue")
    page.wait_for_url(f"{site}/admin/")
    # The admin itself now, not the second-factor step again.
    assert page.locator("#id_code").count() == 0
    assert "log out" in page.inner_text("#user-tools").lower()
    shot(page, "3-admin")
