"""Who acts: the signed-in person every service records, and who may be asking.

A service writes its actor into history and into columns such as
``created_by`` and ``reviewed_by``, so it takes an ``Actor``: a user row, never
an anonymous visitor. Permission predicates answer for anyone who sent a
request, anonymous or not, so they take a ``Visitor``. A view turns its
request into an actor with ``request_actor`` once its permission checks have
let the request in.
"""

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from rest_framework.request import Request

# ``settings.AUTH_USER_MODEL`` is Django's own user model.
Actor: TypeAlias = User
Visitor: TypeAlias = User | AnonymousUser


def request_actor(request: HttpRequest | Request) -> Actor:
    """Returns the signed-in user who sent ``request``.

    The newsroom API and the admin let only signed-in staff through, so this
    refuses only in a view that forgot to check: nothing is ever recorded as
    done by nobody.
    """
    user = request.user
    if isinstance(user, AnonymousUser):
        raise PermissionDenied("Sign in to do this.")
    return user
