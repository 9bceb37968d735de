"""The desk on the admin's home page (``templates/admin/index.html``).

A tag rather than a view of its own, so the home page stays the admin site's
index whatever site class serves it (and whatever its sign-in requires).
"""

from django import template

from explainers.desk import Section, desk_for

register = template.Library()


@register.simple_tag(takes_context=True)
def desk(context: template.Context) -> list[Section]:
    return desk_for(context["request"].user)
