"""Publishing: the gate refuses, or a frozen revision with safe HTML is written.

DESIGN.md: "Publishing is refused while any problem with severity error
remains"; a published revision is "an immutable snapshot made at publish time
(content tree with citations, and the rendered HTML)"; a republished revision
that changes a published statistic carries a correction.
"""

from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from explainers import demo_content, gate
from explainers.errors import PublicationBlocked
from explainers.models import Correction, Explainer, PublishedRevision, Statistic
from explainers.services import content, review, transitions
from sources import services as source_services
from tests.explainers.workflow_helpers import (
    approve_statistics,
    make_approved,
    make_draft,
    make_published,
    reapprove_and_republish,
    recorded,
    reload,
)
from tests.factories import (
    BackgroundBoxFactory,
    CitationFactory,
    SourceFactory,
    StatisticFactory,
)
from tests.versions import seen, seen_statistic

pytestmark = pytest.mark.django_db

State = Explainer.State


def publish(explainer, actor, **kwargs):
    return transitions.explainer_publish(
        explainer_id=explainer.pk,
        actor=actor,
        **kwargs,
        expected_version=seen(explainer.pk),
    )


def approve_as_is(explainer, *, editor, reviewer):
    """Submits and approves the explainer without fixing its statistics."""
    transitions.explainer_submit(
        explainer_id=explainer.pk, actor=editor, expected_version=seen(explainer.pk)
    )
    transitions.explainer_approve(
        explainer_id=explainer.pk, actor=reviewer, expected_version=seen(explainer.pk)
    )
    return reload(explainer)


# --- Refusals ----------------------------------------------------------------


def _uncited(explainer, reviewer):
    StatisticFactory.create(explainer=explainer, key="uncited")


def _pending(explainer, reviewer):
    CitationFactory.create(
        statistic=StatisticFactory.create(explainer=explainer, key="pending")
    )


def _rejected(explainer, reviewer):
    statistic = StatisticFactory.create(explainer=explainer, key="rejected")
    CitationFactory.create(statistic=statistic)
    review.statistic_reject(
        statistic_id=statistic.pk,
        actor=reviewer,
        note="Wrong year.",
        expected_version=seen_statistic(statistic.pk),
    )


def _unknown_token(explainer, reviewer):
    BackgroundBoxFactory.create(explainer=explainer, body="Then [[stat:nowhere]] fled.")


def _incomplete_source(explainer, reviewer):
    statistic = StatisticFactory.create(explainer=explainer, key="thin")
    CitationFactory.create(
        statistic=statistic, source=SourceFactory.create(publisher="")
    )
    review.statistic_approve(
        statistic_id=statistic.pk,
        actor=reviewer,
        expected_version=seen_statistic(statistic.pk),
    )


def _uncited_number(explainer, reviewer):
    BackgroundBoxFactory.create(
        explainer=explainer, body="Since then, more than 13,000 people were killed."
    )


BLOCKERS = {
    "statistic_uncited": _uncited,
    "statistic_unapproved": _pending,
    "statistic_rejected": _rejected,
    "unknown_statistic": _unknown_token,
    "uncited_number": _uncited_number,
    "source_incomplete": _incomplete_source,
}


@pytest.mark.parametrize("code", BLOCKERS)
def test_publish_is_refused_while_a_problem_remains(code, editor, reviewer):
    explainer = make_draft(editor)
    approve_statistics(explainer, reviewer)
    BLOCKERS[code](explainer, reviewer)
    explainer = approve_as_is(explainer, editor=editor, reviewer=reviewer)
    before = recorded(explainer)

    with pytest.raises(PublicationBlocked) as refused:
        publish(explainer, reviewer)

    assert code in {p.code for p in refused.value.problems}
    assert recorded(explainer) == before
    assert before.state == State.APPROVED
    assert not Correction.objects.exists()


def test_publish_is_refused_when_a_cited_source_changed_after_approval(
    editor, reviewer
):
    explainer = make_approved(editor, reviewer)
    source = explainer.statistics.get().citations.get().source
    source_services.source_update(
        source_id=source.pk, actor=editor, data={"title": "A different report"}
    )
    before = recorded(explainer)

    with pytest.raises(PublicationBlocked) as refused:
        publish(explainer, reviewer)

    assert [p.code for p in refused.value.problems] == ["statistic_unapproved"]
    assert recorded(explainer) == before


# --- A successful publication ------------------------------------------------


@pytest.fixture
def published_revision(editor, reviewer):
    """Two statistics, one placed in the body and one in a box, with 3 sources."""
    explainer = make_draft(
        editor,
        statistics=0,
        title="Why the talks stalled",
        body="The war displaced [[stat:displaced]] by spring.",
    )
    BackgroundBoxFactory.create(
        explainer=explainer, title="Timeline", body="Strikes killed [[stat:killed]]."
    )
    displaced = StatisticFactory.create(
        explainer=explainer, key="displaced", display_text="more than 1,000 people"
    )
    killed = StatisticFactory.create(
        explainer=explainer, key="killed", display_text="18 people", value=18
    )
    un, ngo, agency = (SourceFactory.create(title=t) for t in ("UN", "NGO", "Agency"))
    CitationFactory.create(statistic=displaced, source=un, locator="p. 4")
    CitationFactory.create(statistic=displaced, source=ngo, locator="p. 9")
    CitationFactory.create(statistic=killed, source=agency, locator="para. 2")
    explainer = make_approved_from_draft(explainer, editor=editor, reviewer=reviewer)
    return publish(explainer, reviewer, comment="First edition.")


def make_approved_from_draft(explainer, *, editor, reviewer):
    approve_statistics(explainer, reviewer)
    return approve_as_is(explainer, editor=editor, reviewer=reviewer)


def test_publish_makes_revision_one_live(published_revision, reviewer):
    explainer = reload(published_revision.explainer)

    assert published_revision.number == 1
    assert published_revision.published_by == reviewer
    assert explainer.state == State.PUBLISHED
    assert explainer.live_revision == published_revision
    assert explainer.first_published_at is not None
    assert PublishedRevision.objects.filter(explainer=explainer).count() == 1


def test_revision_content_tree_has_statistics_with_citations_and_numbered_sources(
    published_revision,
):
    tree = published_revision.content
    explainer = published_revision.explainer

    assert tree["explainer"]["title"] == "Why the talks stalled"
    assert tree["explainer"]["slug"] == explainer.slug
    assert [box["title"] for box in tree["boxes"]] == ["Background", "Timeline"]
    statistics = {s["key"]: s for s in tree["statistics"]}
    assert statistics["displaced"]["display_text"] == "more than 1,000 people"
    assert statistics["displaced"]["reviewed_by"] == "reviewer"
    assert [c["locator"] for c in statistics["displaced"]["citations"]] == [
        "p. 4",
        "p. 9",
    ]
    # Sources are numbered in reading order: body first, then boxes.
    assert [(s["title"], s["number"]) for s in tree["sources"]] == [
        ("UN", 1),
        ("NGO", 2),
        ("Agency", 3),
    ]
    assert tree["reviewed_by"] == "reviewer"


def test_revision_html_renders_tokens_as_display_text_with_footnotes(
    published_revision,
):
    html = published_revision.html

    assert (
        '<span class="stat" data-stat="displaced">more than 1,000 people</span>'
        '<sup class="fn"><a href="#source-1"' in html["body"]
    )
    assert '<a href="#source-2"' in html["body"]
    assert "[[stat:" not in html["body"]
    [timeline] = [box for box in html["boxes"] if box["title"] == "Timeline"]
    assert (
        '<span class="stat" data-stat="killed">18 people</span>'
        '<sup class="fn"><a href="#source-3"' in timeline["html"]
    )


def test_script_and_html_in_text_are_escaped_or_removed(editor, reviewer):
    explainer = make_draft(
        editor,
        body=(
            "<script>alert('body')</script>\n\n"
            "[[stat:figure-1]] [click](javascript:alert('link')) "
            '<img src=x onerror="alert(document.cookie)">'
        ),
    )
    statistic = explainer.statistics.get()
    Statistic.objects.filter(pk=statistic.pk).update(
        display_text="<b onclick='x()'>1,000</b>"
    )
    BackgroundBoxFactory.create(
        explainer=explainer, body="<iframe src='https://x'></iframe>"
    )
    explainer = make_approved_from_draft(explainer, editor=editor, reviewer=reviewer)

    html = publish(explainer, reviewer).html

    rendered = html["body"] + "".join(box["html"] for box in html["boxes"])
    tags = Tags.of(rendered)
    assert not {"script", "img", "iframe", "b"} & tags.names
    assert not [a for a in tags.attributes if a[0].startswith("on")]
    assert not [a for a in tags.attributes if "javascript" in (a[1] or "")]
    # What the writer typed is shown as text, not dropped.
    assert "&lt;script&gt;" in html["body"]
    assert "&lt;b onclick=" in html["body"]


def test_token_inside_a_link_title_does_not_break_the_markup(editor, reviewer):
    explainer = make_approved(
        editor,
        reviewer,
        body='Read [the report](https://example.org/r "[[stat:figure-1]]") on '
        "[[stat:figure-1]].",
    )

    html = publish(explainer, reviewer).html["body"]

    tags = Tags.of(html)
    allowed = {"href", "title", "rel", "class", "data-stat", "id", "aria-label"}
    assert {name for name, _ in tags.attributes} <= allowed
    external = [a for a in tags.links if a.get("href") == "https://example.org/r"]
    assert external
    assert "nofollow" in external[0].get("rel", "")


class Tags(HTMLParser):
    """The elements and attributes of an HTML fragment, as a browser reads them."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()
        self.attributes: list[tuple[str, str | None]] = []
        self.links: list[dict] = []

    @classmethod
    def of(cls, html: str) -> "Tags":
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser

    def handle_starttag(self, tag, attrs):
        self.names.add(tag)
        self.attributes.extend(attrs)
        if tag == "a":
            self.links.append(dict(attrs))


# --- Republishing and corrections --------------------------------------------


def test_republish_after_changing_a_published_figure_needs_a_correction(
    editor, reviewer
):
    explainer = make_published(editor, reviewer)
    first = explainer.live_revision
    statistic = explainer.statistics.get()
    content.statistic_update(
        statistic_id=statistic.pk,
        actor=editor,
        data={"display_text": "more than 1,100 people"},
    )

    with pytest.raises(PublicationBlocked) as refused:
        reapprove_and_republish(explainer, editor=editor, reviewer=reviewer)

    (problem,) = [p for p in refused.value.problems if p.code == "correction_missing"]
    assert statistic.key in problem.message
    assert problem.location == {"field": "correction_note"}
    after = recorded(explainer)
    assert after.state == State.APPROVED
    assert after.live_revision_id == first.pk
    assert after.published_revisions == 1
    assert not Correction.objects.exists()

    # The note is written in the draft, so it goes back through review.
    revision = reapprove_and_republish(
        explainer,
        editor=editor,
        reviewer=reviewer,
        correction="An earlier version understated the number displaced.",
    )

    assert revision.number == 2
    assert reload(explainer).live_revision == revision
    correction = Correction.objects.get()
    assert correction.revision == revision
    assert correction.explainer == revision.explainer
    assert correction.text == "An earlier version understated the number displaced."
    assert correction.created_by == reviewer
    # The published note leaves the draft; the next version starts without one.
    assert reload(explainer).correction_note == ""
    # Revision 1 is kept exactly as it was published.
    assert PublishedRevision.objects.get(pk=first.pk).content == first.content


def test_publishing_takes_no_correction_text_of_its_own(editor, reviewer):
    explainer = make_approved(editor, reviewer)
    with pytest.raises(TypeError):
        transitions.explainer_publish(
            explainer_id=explainer.pk,
            actor=reviewer,
            correction="Unreviewed text for readers.",  # type: ignore[call-arg]
            expected_version=seen(explainer.pk),
        )
    assert not Correction.objects.exists()


def test_a_first_publication_refuses_a_correction_note(editor, reviewer):
    explainer = make_draft(editor, correction_note="We got the toll wrong.")
    problems = [p.code for p in gate.problems(explainer)]
    assert "correction_without_publication" in problems


def test_a_correction_note_is_read_by_the_gate_like_any_reader_text(editor, reviewer):
    explainer = make_published(editor, reviewer)
    content.explainer_update(
        explainer_id=explainer.pk,
        actor=editor,
        data={"correction_note": "We wrote 40 hospitals; 14 were hit."},
    )

    uncited = [
        p.location for p in gate.problems(explainer) if p.code == "uncited_number"
    ]

    assert {(u["field"], u["phrase"]) for u in uncited} == {
        ("correction_note", "40 hospitals"),
        ("correction_note", "14"),
    }


def test_republish_without_a_changed_figure_needs_no_correction(editor, reviewer):
    explainer = make_published(editor, reviewer)
    content.explainer_update(
        explainer_id=explainer.pk,
        actor=editor,
        data={"standfirst": "A clearer dek."},
    )

    revision = reapprove_and_republish(explainer, editor=editor, reviewer=reviewer)

    assert revision.number == 2
    assert revision.content["explainer"]["standfirst"] == "A clearer dek."
    assert reload(explainer).live_revision == revision
    assert not Correction.objects.exists()


def test_republish_after_removing_a_published_figure_needs_a_correction(
    editor, reviewer
):
    explainer = make_published(editor, reviewer, statistics=2)
    content.statistic_delete(
        statistic_id=explainer.statistics.get(key="figure-2").pk, actor=editor
    )
    content.explainer_update(
        explainer_id=explainer.pk,
        actor=editor,
        data={"body": "The war has displaced [[stat:figure-1]]."},
    )

    with pytest.raises(PublicationBlocked) as refused:
        reapprove_and_republish(explainer, editor=editor, reviewer=reviewer)

    (problem,) = [p for p in refused.value.problems if p.code == "correction_missing"]
    assert "figure-2" in problem.message


# --- Management commands -----------------------------------------------------


def run(*args, **options):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def test_check_explainer_fails_on_the_demos_uncited_explainer(db):
    run("load_demo", password="demo-password-for-tests")
    out = StringIO()

    with pytest.raises(CommandError) as failed:
        call_command("check_explainer", demo_content.AERIAL["slug"], stdout=out)

    assert failed.value.returncode == 1
    assert "statistic_uncited" in out.getvalue()
    assert "airstrikes-since-2014" in out.getvalue()


def test_check_explainer_passes_a_publishable_explainer(editor, reviewer):
    explainer = make_approved(editor, reviewer)

    out = run("check_explainer", explainer.slug)

    assert "passes the publication gate" in out
    assert "ERROR" not in out


def test_publish_explainer_command_refuses_and_prints_the_problems(editor, reviewer):
    explainer = make_draft(editor)
    before = recorded(explainer)
    out = StringIO()

    with pytest.raises(CommandError) as failed:
        call_command(
            "publish_explainer", explainer.slug, user=reviewer.username, stdout=out
        )

    assert failed.value.returncode == 1
    assert "explainer_unapproved" in out.getvalue()
    assert "statistic_unapproved" in out.getvalue()
    assert recorded(explainer) == before


def test_publish_explainer_command_refuses_a_user_without_the_role(editor, reviewer):
    explainer = make_approved(editor, reviewer)
    before = recorded(explainer)

    with pytest.raises(CommandError, match="Your role cannot publish explainers"):
        run("publish_explainer", explainer.slug, user=editor.username)

    assert recorded(explainer) == before


def test_publish_explainer_command_publishes(editor, reviewer):
    explainer = make_approved(editor, reviewer)

    out = run("publish_explainer", explainer.slug, user=reviewer.username)

    explainer = reload(explainer)
    assert f"Published '{explainer.slug}' as revision 1." in out
    assert explainer.state == State.PUBLISHED
    assert explainer.live_revision.published_by == reviewer
