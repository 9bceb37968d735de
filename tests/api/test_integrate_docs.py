"""docs/integrate.md's examples, run as written with the real curl binary
against a live server holding the demo newsroom (and one withdrawn
explainer), each answer checked. A new example needs a check here."""

import json
import os
import re
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from explainers.services import transitions
from tests.explainers.workflow_helpers import make_published
from tests.versions import seen

DOC = Path(__file__).resolve().parents[2] / "docs" / "integrate.md"
DOC_HOST = "http://127.0.0.1:8000"
MINERALS = "why-the-us-ukraine-minerals-deal-stalled"
WITHDRAWN = "ceasefire-talks"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        shutil.which("curl") is None,
        reason="curl is not installed (Debian: apt-get install -y curl); the "
        "docs' examples are run with the real curl binary.",
    ),
]


def examples() -> list[str]:
    """The page's ``sh`` blocks, in order."""
    return re.findall(r"```sh\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


class Answer:
    """What curl printed: the body, with the status and headers under ``-i``."""

    def __init__(self, output: str):
        self.status, self.headers = None, {}
        if output.startswith("HTTP/"):
            head, _, output = output.replace("\r\n", "\n").partition("\n\n")
            status_line, *lines = head.split("\n")
            self.status = int(status_line.split()[1])
            for line in lines:
                name, _, value = line.partition(":")
                self.headers[name.strip().lower()] = value.strip()
        self.text = output

    def json(self):
        return json.loads(self.text)


@pytest.fixture
def newsroom(live_server, editor, reviewer, chief):
    # The demo takes the test personas as its editor, reviewer and chief.
    call_command("load_demo", password="integrate-password-1", stdout=StringIO())
    withdrawn = make_published(editor, reviewer, slug=WITHDRAWN, title="Talks")
    transitions.explainer_unpublish(
        explainer_id=withdrawn.pk, actor=chief, expected_version=seen(withdrawn.pk)
    )
    printed = StringIO()
    call_command("drf_create_token", "editor", stdout=printed, stderr=StringIO())
    token = re.search(r"Generated token (\S+) for user", printed.getvalue())
    assert token, printed.getvalue()
    return live_server.url, token.group(1)


def run(command: str, site: str, token: str) -> Answer:
    done = subprocess.run(
        ["bash", "-c", command.replace(DOC_HOST, site)],
        env={**os.environ, "TOKEN": token},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, (command, done.stderr)
    return Answer(done.stdout)


def check_list(answer: Answer, site: str) -> None:
    results = answer.json()["results"]
    assert [item["slug"] for item in results] == [MINERALS]
    assert results[0]["url"] == f"{site}/explainers/{MINERALS}/"
    assert results[0]["api_url"].startswith(f"{site}/api/v1/")


def check_detail(answer: Answer, site: str) -> None:
    body = answer.json()
    assert body["slug"] == MINERALS
    assert "[[stat:" not in answer.text
    assert body["statistics"]
    for statistic in body["statistics"]:
        assert "as_of" in statistic
        assert all(c["source"]["title"] for c in statistic["citations"])
    assert f'href="{site}/explainers/{MINERALS}/#source-1"' in body["html"]


def check_search(answer: Answer, site: str) -> None:
    assert [item["slug"] for item in answer.json()["results"]] == [MINERALS]


def check_sync(answer: Answer, site: str) -> None:
    states = {item["slug"]: item["state"] for item in answer.json()["results"]}
    assert states == {MINERALS: "published", WITHDRAWN: "archived"}


def check_etag(answer: Answer, site: str) -> None:
    assert answer.status == 200
    etag = answer.headers["etag"]
    url = f"{site}/api/v1/explainers/{MINERALS}/"
    again = run(f"curl -si -H 'If-None-Match: {etag}' {url}", site, "")
    assert again.status == 304


def check_feed(answer: Answer, site: str) -> None:
    feed = answer.json()
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["url"] for item in feed["items"]] == [f"{site}/explainers/{MINERALS}/"]


def check_create(answer: Answer, site: str) -> None:
    assert answer.status == 201, answer.text
    draft = answer.json()
    assert draft["slug"] == "what-the-grain-corridor-carried"
    assert answer.headers["location"] == (
        f"{site}/api/v1/newsroom/explainers/{draft['id']}/"
    )


CHECKS = [
    check_list,
    check_detail,
    check_search,
    check_sync,
    check_etag,
    check_feed,
    check_create,
]


def test_every_example_is_checked():
    assert len(examples()) == len(CHECKS)


def test_the_examples_answer_as_the_page_says(newsroom):
    site, token = newsroom
    for command, check in zip(examples(), CHECKS, strict=True):
        check(run(command, site, token), site)
