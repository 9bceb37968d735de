"""The link checker against a local server: outcomes, limits, the address guard.

No database: ``Checker.check`` only speaks HTTP. Nothing leaves the machine.
"""

import ipaddress
import threading

import pytest

from sources.links.checker import Checker
from sources.links.guard import any_address, public_address
from sources.links.limits import HostLimiter
from sources.models import LinkCheck

Outcome = LinkCheck.Outcome
LOOPBACK = ipaddress.ip_address("127.0.0.1")


def only_the_test_server(address):
    """Public addresses, and the local test server's: nothing else internal."""
    return address == LOOPBACK or public_address(address)


@pytest.fixture
def checker(link_settings):
    with Checker(policy=any_address, timeout=0.5) as made:
        yield made


@pytest.mark.parametrize(
    ("path", "outcome", "status"),
    [
        ("/live", Outcome.LIVE, 200),
        ("/redirect", Outcome.REDIRECTED, 200),
        ("/dead", Outcome.DEAD, 404),
        ("/gone", Outcome.DEAD, 410),
    ],
)
def test_each_kind_of_page_gives_its_outcome(
    checker, link_server, path, outcome, status
):
    result = checker.check(link_server.url(path))
    assert (result.outcome, result.status_code) == (outcome, status)


def test_a_live_page_is_fingerprinted_and_answers_without_redirects(
    checker, link_server
):
    result = checker.check(link_server.url("/live"))
    assert result.redirects == []
    assert result.final_url == link_server.url("/live")
    assert len(result.fingerprint) == 64
    assert not result.failed


def test_redirects_are_followed_and_each_hop_recorded(checker, link_server):
    result = checker.check(link_server.url("/redirect-twice"))
    assert result.outcome == Outcome.REDIRECTED
    assert result.redirects == [
        {"url": link_server.url("/redirect-twice"), "status": 302},
        {"url": link_server.url("/redirect"), "status": 301},
    ]
    assert result.final_url == link_server.url("/live")


def test_a_redirect_loop_stops_at_the_bound_and_counts_as_a_failure(
    checker, link_server
):
    result = checker.check(link_server.url("/loop"))
    assert result.outcome == Outcome.ERROR
    assert "More than 5 redirects" in result.error
    assert result.failed
    assert len([r for r in link_server.requests if r["path"] == "/loop"]) == 6


def test_a_page_that_differs_from_its_cited_fingerprint_has_changed(
    checker, link_server
):
    cited = checker.check(link_server.url("/changing")).fingerprint
    assert checker.check(link_server.url("/changing"), cited).outcome == Outcome.LIVE
    link_server.texts["/changing"] = "The second version says something else."
    result = checker.check(link_server.url("/changing"), cited)
    assert result.outcome == Outcome.CHANGED
    assert result.fingerprint != cited


def test_markup_and_spacing_do_not_change_the_fingerprint(checker, link_server):
    link_server.texts["/changing"] = "<p>The  Report</p>\n<script>var t = 1;</script>"
    before = checker.check(link_server.url("/changing")).fingerprint
    link_server.texts["/changing"] = "<div>the report</div><script>var t = 2;</script>"
    assert checker.check(link_server.url("/changing")).fingerprint == before


def test_head_then_get_and_get_again_when_head_is_refused(checker, link_server):
    assert checker.check(link_server.url("/head-refused")).outcome == Outcome.LIVE
    asked = [(r["method"], r["path"]) for r in link_server.requests]
    assert asked == [("HEAD", "/head-refused"), ("GET", "/head-refused")]


def test_a_page_too_slow_to_answer_is_an_error_not_yet_dead(checker, link_server):
    link_server.slow_seconds = 2
    result = checker.check(link_server.url("/slow"))
    assert result.outcome == Outcome.ERROR
    assert "No answer within 0.5 seconds" in result.error
    assert result.failed


def test_a_site_refusing_robots_is_an_error_that_never_counts_towards_dead(
    checker, link_server
):
    result = checker.check(link_server.url("/forbidden"))
    assert (result.outcome, result.status_code) == (Outcome.ERROR, 403)
    assert not result.failed


def test_a_huge_page_is_read_only_up_to_the_bound(link_settings, link_server, settings):
    settings.LINK_CHECK_MAX_BYTES = 1000
    with Checker(policy=any_address) as checker:
        page = checker.fetcher.request("GET", link_server.url("/big"))
        assert (len(page.content), page.truncated) == (1000, True)
        assert checker.check(link_server.url("/big")).outcome == Outcome.LIVE


def test_every_request_names_the_checker_and_its_contact(checker, link_server):
    checker.check(link_server.url("/live"))
    assert {r["user_agent"] for r in link_server.requests} == {
        "NewsroomCMS-LinkCheck/1.0 (+desk@newsroom.example)"
    }


# --- the address guard -------------------------------------------------------


def test_loopback_is_refused_without_the_setting(link_settings, link_server, settings):
    settings.LINK_CHECK_ALLOW_PRIVATE = False
    with Checker() as checker:
        result = checker.check(link_server.url("/live"))
    assert result.outcome == Outcome.BLOCKED
    assert "internal address" in result.error
    assert not result.failed
    assert link_server.requests == []


def test_loopback_is_reached_with_the_setting(link_settings, link_server):
    with Checker() as checker:
        assert checker.check(link_server.url("/live")).outcome == Outcome.LIVE


def test_a_host_name_resolving_to_loopback_is_refused(
    link_settings, link_server, settings
):
    settings.LINK_CHECK_ALLOW_PRIVATE = False
    with Checker() as checker:
        result = checker.check(link_server.url("/live", host="localhost"))
    assert result.outcome == Outcome.BLOCKED
    assert link_server.requests == []


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/",
        "http://[::1]/",
        "http://0.0.0.0/",
    ],
)
def test_a_redirect_to_an_internal_address_is_refused(
    link_settings, link_server, target
):
    with Checker(policy=only_the_test_server) as checker:
        result = checker.check(link_server.url(f"/redirect-to?to={target}"))
    assert result.outcome == Outcome.BLOCKED
    assert "internal address" in result.error


@pytest.mark.parametrize("target", ["ftp://example.org/report", "file:///etc/passwd"])
def test_a_redirect_away_from_the_web_is_refused(link_settings, link_server, target):
    with Checker(policy=only_the_test_server) as checker:
        result = checker.check(link_server.url(f"/redirect-to?to={target}"))
    assert result.outcome == Outcome.BLOCKED
    assert "not an http or https address" in result.error


def test_the_connection_goes_to_the_address_that_was_checked(
    link_settings, link_server
):
    """The name is resolved once, by the guard: "reports.test" exists only in
    the guard's resolver, so reaching the page proves the vetted address was
    the one connected to (a second lookup could have answered otherwise)."""
    looked_up = []

    def resolver(host, port):
        looked_up.append(host)
        return ["127.0.0.1"]

    with Checker(policy=only_the_test_server, resolver=resolver) as checker:
        result = checker.check(link_server.url("/live", host="reports.test"))
    assert result.outcome == Outcome.LIVE
    assert set(looked_up) == {"reports.test"}
    assert {r["host"] for r in link_server.requests} == {
        f"reports.test:{link_server.port}"
    }


def test_a_name_with_any_internal_address_is_refused(link_settings, link_server):
    def resolver(host, port):
        return ["93.184.215.14", "10.0.0.7"]

    with Checker(policy=public_address, resolver=resolver) as checker:
        result = checker.check("http://mixed.test/report")
    assert result.outcome == Outcome.BLOCKED
    assert "10.0.0.7" in result.error


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True),
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.251", False),
        ("240.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("ff02::1", False),
    ],
)
def test_only_public_addresses_pass_the_guard(address, public):
    assert public_address(ipaddress.ip_address(address)) is public


# --- politeness --------------------------------------------------------------


def test_no_more_than_two_requests_at_once_reach_one_host(link_settings, link_server):
    link_server.hold_seconds = 0.05
    urls = [link_server.url(f"/live/{n}") for n in range(8)] + [
        link_server.url(f"/live/{n}", host="localhost") for n in range(8)
    ]
    limiter = HostLimiter(concurrency=2, interval=0)
    with Checker(policy=any_address, limiter=limiter) as checker:
        threads = [threading.Thread(target=checker.check, args=(u,)) for u in urls]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(link_server.requests) == 32
    assert set(link_server.max_in_flight) == {
        f"127.0.0.1:{link_server.port}",
        f"localhost:{link_server.port}",
    }
    assert max(link_server.max_in_flight.values()) <= 2


class FakeClock:
    def __init__(self):
        self.now = 100.0
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(round(seconds, 3))
        self.now += seconds


def test_requests_to_one_host_start_an_interval_apart():
    clock = FakeClock()
    limiter = HostLimiter(concurrency=2, interval=1.5, clock=clock, sleep=clock.sleep)
    starts = []
    for _ in range(3):
        with limiter.slot("un.org"):
            starts.append(clock.now)
    with limiter.slot("reliefweb.int"):
        starts.append(clock.now)
    assert starts == [100.0, 101.5, 103.0, 103.0]
    assert clock.slept == [1.5, 1.5]


def test_the_limiter_refuses_a_limit_of_no_requests():
    with pytest.raises(ValueError, match="At least one request"):
        HostLimiter(concurrency=0, interval=1)
