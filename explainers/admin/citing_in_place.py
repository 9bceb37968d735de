"""Citing a statistic from the explainer's page, without leaving it.

The checklist's "has no citation" item carries a small form: pick a source
(or add one in the admin's pop-up), say where in it and quote the passage.
Saving is one ``citation_create``: one version, as on the statistic's page.
"""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect, RelatedFieldWidgetWrapper
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse

from explainers.admin.views import posted_version
from explainers.models import Explainer, Statistic
from explainers.services import content
from newsroom.errors import REFUSALS, describe_refusal
from sources.models import Citation, Source


class CiteForm(forms.Form):
    source = forms.ModelChoiceField(Source.objects.none())
    locator = forms.CharField(
        required=False,
        max_length=Citation._meta.get_field("locator").max_length,
        help_text="Page, section, paragraph or timestamp.",
    )
    quote = forms.CharField(
        label="Quoted passage",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The words in the source that support the number.",
    )

    def __init__(self, *args, admin_site=admin.site, can_add_source=False, **kwargs):
        super().__init__(*args, **kwargs)
        relation = Citation._meta.get_field("source")
        # The admin's search-as-you-type picker and its "add" pop-up.
        self.fields["source"] = forms.ModelChoiceField(
            Source.objects.all(),
            widget=RelatedFieldWidgetWrapper(
                AutocompleteSelect(relation, admin_site),
                relation.remote_field,
                admin_site,
                can_add_related=can_add_source,
                can_change_related=False,
                can_delete_related=False,
                can_view_related=False,
            ),
        )


class MakeAndCiteForm(CiteForm):
    """Making a number a statistic may cite its source in the same step."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        self.fields["source"].label = "Its source (optional: cite it now)"
        self.fields["quote"].help_text = ""
        self.fields["locator"].help_text = ""

    def citation(self) -> dict | None:
        """The citation to make, or None when no source was chosen."""
        if not self.cleaned_data.get("source"):
            return None
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}


# A make-and-cite form's prefix: its finding's fingerprint, shortened.
MAKE_PREFIX = re.compile(r"make-[0-9a-f]{1,16}")


def make_prefix(fingerprint: str) -> str:
    return f"make-{fingerprint[:16]}"


def cite_forms(request, explainer: Explainer, statistic_ids: list[int]) -> dict:
    """A cite form for each uncited statistic, by id (for the checklist)."""
    can_add = request.user.has_perm("sources.add_source")
    return {
        pk: CiteForm(prefix=f"cite-{pk}", can_add_source=can_add)
        for pk in statistic_ids
    }


def cite_view(request, explainer_id: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    explainer = get_object_or_404(Explainer.objects.only("pk"), pk=explainer_id)
    back = reverse("admin:explainers_explainer_change", args=[explainer.pk])
    statistic = get_object_or_404(
        Statistic.objects.only("pk", "key"),
        pk=request.POST.get("statistic") or 0,
        explainer=explainer,
    )
    form = CiteForm(request.POST, prefix=f"cite-{statistic.pk}")
    if not form.is_valid():
        problems = "; ".join(
            f"{form.fields[name].label or name}: {' '.join(map(str, errors))}"
            for name, errors in form.errors.items()
        )
        messages.error(request, f"'{statistic.key}' was not cited. {problems}")
        return HttpResponseRedirect(f"{back}#cite-{statistic.pk}")
    try:
        content.citation_create(
            statistic_id=statistic.pk,
            actor=request.user,
            data=form.cleaned_data,
            expected_version=posted_version(request),
        )
    except REFUSALS as exc:
        messages.error(request, describe_refusal(exc))
        return HttpResponseRedirect(f"{back}#cite-{statistic.pk}")
    messages.success(
        request,
        f"'{statistic.key}' now cites {form.cleaned_data['source']}. A reviewer "
        "approves it next.",
    )
    return HttpResponseRedirect(f"{back}#workflow-heading")
