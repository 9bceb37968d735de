"""factory_boy factories for the editorial models.

Factories write rows directly (fast set-up); behaviour under test goes through
the services.
"""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User

from explainers.models import BackgroundBox, Conflict, Explainer, Statistic
from images.models import Image
from sources.models import Citation, Source


def letters(n: int) -> str:
    """A name for the n-th row without digits ("a", "b", ..., "ba"): readers'
    text with a digit in it would be a finding of the publication gate."""
    name = ""
    while True:
        n, rest = divmod(n, 26)
        name = chr(ord("a") + rest) + name
        if not n:
            return name


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get(name=name))


class ConflictFactory(factory.django.DjangoModelFactory[Conflict]):
    class Meta:
        model = Conflict
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Conflict {letters(n)}")
    slug = factory.Sequence(lambda n: f"conflict-{n}")


class ExplainerFactory(factory.django.DjangoModelFactory[Explainer]):
    class Meta:
        model = Explainer
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Explainer {letters(n)}")
    slug = factory.Sequence(lambda n: f"explainer-{n}")
    standfirst = "What happened and why it matters."
    body = "An explainer body."
    conflict = factory.SubFactory(ConflictFactory)
    created_by = None
    last_edited_by = factory.SelfAttribute("created_by")

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create:
            authors = extracted or ([self.created_by] if self.created_by else [])
            self.authors.set(authors)


class BackgroundBoxFactory(factory.django.DjangoModelFactory[BackgroundBox]):
    class Meta:
        model = BackgroundBox

    explainer = factory.SubFactory(ExplainerFactory)
    kind = BackgroundBox.Kind.HISTORY
    title = factory.Sequence(lambda n: f"Box {letters(n)}")
    body = "Some history."
    position = factory.Sequence(lambda n: n)


class StatisticFactory(factory.django.DjangoModelFactory[Statistic]):
    class Meta:
        model = Statistic

    explainer = factory.SubFactory(ExplainerFactory)
    key = factory.Sequence(lambda n: f"stat-{n}")
    claim = "People displaced in the region, as counted by the agency."
    display_text = "more than 1,000 people"
    value = 1000
    unit = "people"
    as_of = datetime.date(2025, 1, 1)
    # Fixed dates in tests must not make the gate warn as time passes: a
    # figure is stale only where a test sets its kind or interval.
    review_interval_days = 36500
    created_by = factory.SelfAttribute("explainer.created_by")
    last_edited_by = factory.SelfAttribute("created_by")


class SourceFactory(factory.django.DjangoModelFactory[Source]):
    class Meta:
        model = Source

    kind = Source.Kind.INTERNATIONAL_BODY
    title = factory.Sequence(lambda n: f"Situation report {n}")
    publisher = "UN Office for the Coordination of Humanitarian Affairs"
    url = factory.Sequence(lambda n: f"https://example.org/reports/{n}")
    accessed_date = datetime.date(2026, 11, 1)
    published_date = datetime.date(2025, 1, 2)


class CitationFactory(factory.django.DjangoModelFactory[Citation]):
    class Meta:
        model = Citation

    statistic = factory.SubFactory(StatisticFactory)
    source = factory.SubFactory(SourceFactory)
    locator = "p. 4"
    quote = "The agency recorded more than 1,000 displaced people."


class ImageFactory(factory.django.DjangoModelFactory[Image]):
    """An image row with rendition names but no files (images.services makes
    real ones; tests of uploads use it)."""

    class Meta:
        model = Image

    file = factory.Sequence(lambda n: f"images/test{n}/original.jpg")
    width = 1600
    height = 1000
    renditions = factory.LazyAttribute(
        lambda image: [
            {
                "name": image.file.replace("original", f"{width}w").rsplit(".", 1)[0]
                + f".{extension}",
                "width": width,
                "height": width * 5 // 8,
                "format": image_format,
            }
            for width in (480, 800, 1200)
            for image_format, extension in (("webp", "webp"), ("jpeg", "jpg"))
        ]
    )
    alt_text = "A map of the front line, with the towns on either side of it"
    caption = "Where the front line ran in the spring"
    credit = "Graphics desk"
    licence = Image.Licence.OWN_WORK
