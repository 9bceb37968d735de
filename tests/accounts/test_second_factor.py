"""Two factors for those who decide: reviewers and chief editors set up an
authenticator at their first sign-in and confirm every sign-in with it;
editors may opt in; a decision without a verified second factor is refused,
saying how to fix it; commands and the demo setting are the only ways round,
and production refuses the demo setting."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import override_settings
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.checks import demo_second_factor_off
from accounts.models import AccessEvent
from explainers.models import Explainer, Statistic
from explainers.permissions import statistic_review_refusal, transition_refusal
from explainers.services import review, transitions
from newsroom.second_factor import REFUSAL, vouch
from tests.accounts.conftest import code_for, sign_in
from tests.explainers.workflow_helpers import make_approved, make_in_review
from tests.factories import UserFactory
from tests.second_factor import authenticator, verified_login
from tests.versions import seen, seen_statistic

PASSWORD = "correct-horse-battery"


def fresh(user: User) -> User:
    """The user as a request or a job would read it: never vouched for."""
    return User.objects.get(pk=user.pk)


# Set-up and verification ----------------------------------------------------


def test_a_reviewers_first_sign_in_sets_up_an_authenticator(client, reviewer):
    response = sign_in(client, "reviewer", PASSWORD)
    assert response.status_code == 302
    page = client.get("/admin/explainers/explainer/")
    assert page.status_code == 302
    assert page["Location"].startswith("/admin/second-factor/set-up/")

    set_up = client.get(page["Location"])
    assert set_up.status_code == 200
    assert "<svg" in set_up.text
    device = TOTPDevice.objects.get(user=reviewer, confirmed=False)

    wrong = client.post(set_up.wsgi_request.get_full_path(), {"code": "000000"})
    assert "That code was not accepted" in wrong.text
    device.refresh_from_db()
    device.throttle_reset()

    done = client.post(set_up.wsgi_request.get_full_path(), {"code": code_for(device)})
    assert done.status_code == 200
    codes = done.context["recovery_codes"]
    assert len(codes) == 10
    assert client.get("/admin/explainers/explainer/").status_code == 200
    assert AccessEvent.objects.filter(
        kind=AccessEvent.Kind.SECOND_FACTOR_SET_UP, user=reviewer
    ).exists()


def test_a_reviewer_with_an_authenticator_confirms_each_sign_in(client, reviewer):
    device = authenticator(reviewer)
    sign_in(client, "reviewer", PASSWORD)
    page = client.get("/admin/")
    assert page["Location"].startswith("/admin/second-factor/verify/")

    refused = client.post(page["Location"], {"code": "123456"})
    assert "That code was not accepted" in refused.text
    assert client.get("/admin/")["Location"].startswith("/admin/second-factor/")
    device.refresh_from_db()
    device.throttle_reset()

    accepted = client.post(page["Location"], {"code": code_for(device)})
    assert accepted.status_code == 302
    assert accepted["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    kinds = set(
        AccessEvent.objects.filter(user=reviewer).values_list("kind", flat=True)
    )
    assert {"second_factor_failed", "second_factor_verified"} <= kinds


def test_a_recovery_code_works_once(client, reviewer):
    authenticator(reviewer)
    from accounts.services import recovery_codes_replace

    code = recovery_codes_replace(reviewer)[0]
    sign_in(client, "reviewer", PASSWORD)
    assert (
        client.post("/admin/second-factor/verify/", {"code": code}).status_code == 302
    )
    assert not StaticToken.objects.filter(token=code).exists()

    client.logout()
    sign_in(client, "reviewer", PASSWORD)
    again = client.post("/admin/second-factor/verify/", {"code": code})
    assert again.status_code == 200
    assert "That code was not accepted" in again.text


def test_a_password_alone_cannot_replace_an_existing_authenticator(client, reviewer):
    authenticator(reviewer)
    sign_in(client, "reviewer", PASSWORD)
    response = client.get("/admin/second-factor/set-up/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/second-factor/verify/")
    assert not TOTPDevice.objects.filter(user=reviewer, confirmed=False).exists()


def test_editors_need_no_second_factor_but_may_opt_in(client, editor):
    sign_in(client, "editor", PASSWORD)
    assert client.get("/admin/").status_code == 200
    client.get("/admin/second-factor/set-up/")
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    client.post("/admin/second-factor/set-up/", {"code": code_for(device)})
    client.logout()

    # Once set up, the editor is held to it.
    sign_in(client, "editor", PASSWORD)
    assert client.get("/admin/")["Location"].startswith("/admin/second-factor/verify/")


def test_the_next_address_stays_on_this_site(client, reviewer):
    device = authenticator(reviewer)
    sign_in(client, "reviewer", PASSWORD)
    response = client.post(
        "/admin/second-factor/verify/?next=https://evil.example/",
        {"code": code_for(device)},
    )
    assert response["Location"] == "/admin/"


# Decisions -------------------------------------------------------------------


def test_a_decision_without_a_second_factor_is_refused_saying_how(
    editor, reviewer, other_reviewer
):
    explainer = make_in_review(editor)
    statistic = explainer.statistics.get()
    plain = fresh(reviewer)
    assert transition_refusal(plain, explainer, "approve") == REFUSAL
    assert statistic_review_refusal(plain, statistic) == REFUSAL
    with pytest.raises(PermissionDenied, match="second factor"):
        review.statistic_approve(
            statistic_id=statistic.pk,
            actor=plain,
            expected_version=seen_statistic(statistic.pk),
        )
    assert Statistic.objects.get(pk=statistic.pk).review_state == "pending"
    # Vouched for (a command, a job, a verified request), the same one decides.
    assert statistic_review_refusal(vouch(plain, by="test"), statistic) is None


def test_an_editor_submits_without_a_second_factor(editor):
    from tests.explainers.workflow_helpers import make_draft

    explainer = make_draft(editor)
    transitions.explainer_submit(
        explainer_id=explainer.pk,
        actor=fresh(editor),
        expected_version=seen(explainer.pk),
    )
    assert Explainer.objects.get(pk=explainer.pk).state == "in_review"


def test_a_verified_session_decides_in_the_admin(client, editor, reviewer):
    explainer = make_approved(editor, reviewer)
    verified_login(client, fresh(reviewer))
    client.post(
        f"/admin/explainers/explainer/{explainer.pk}/transition/publish/",
        {"expected_version": seen(explainer.pk)},
    )
    assert Explainer.objects.get(pk=explainer.pk).state == "published"


def test_publish_explainer_from_the_shell_still_publishes(editor, reviewer):
    explainer = make_approved(editor, reviewer)
    call_command(
        "publish_explainer", explainer.slug, user="reviewer", stdout=StringIO()
    )
    assert Explainer.objects.get(pk=explainer.pk).state == "published"


# The demo setting ---------------------------------------------------------------


def test_the_demo_setting_lets_demo_reviewers_decide_while_debugging(
    client, editor, reviewer
):
    explainer = make_in_review(editor)
    with override_settings(DEMO_SKIP_SECOND_FACTOR=True, DEBUG=True):
        assert transition_refusal(fresh(reviewer), explainer, "approve") is None
        sign_in(client, "reviewer", PASSWORD)
        assert client.get("/admin/").status_code == 200


def test_production_ignores_the_demo_setting_and_the_deploy_check_says_so(
    client, editor, reviewer
):
    explainer = make_in_review(editor)
    with override_settings(DEMO_SKIP_SECOND_FACTOR=True, DEBUG=False):
        assert transition_refusal(fresh(reviewer), explainer, "approve") == REFUSAL
        sign_in(client, "reviewer", PASSWORD)
        assert client.get("/admin/").status_code == 302
        [error] = demo_second_factor_off()
        assert error.id == "accounts.E001"
    with override_settings(DEMO_SKIP_SECOND_FACTOR=False, DEBUG=False):
        assert demo_second_factor_off() == []


def test_a_chief_editor_resets_a_lost_second_factor(client, reviewer, chief):
    authenticator(reviewer)
    verified_login(client, chief)
    response = client.post(
        "/admin/accounts/accessevent/unlock/",
        {"username": "reviewer", "reset_second_factor": "on"},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=reviewer).exists()
    assert AccessEvent.objects.filter(
        kind=AccessEvent.Kind.SECOND_FACTOR_RESET, user=reviewer, actor=chief
    ).exists()


def test_new_users_are_not_vouched_for(roles):
    user = UserFactory.create(username="newcomer", groups=["Reviewers"])
    from newsroom.second_factor import second_factor_verified

    assert second_factor_verified(user) is False
    assert second_factor_verified(fresh(user)) is False
