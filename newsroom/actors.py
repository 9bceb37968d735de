"""Who acts: the signed-in person every service records, and who may be asking.

A service writes its actor into history and into columns such as
``created_by`` and ``reviewed_by``, so it takes an ``Actor``: a user row, never
an anonymous visitor. Permission predicates answer for anyone who sent a
request, anonymous or not, so they take a ``Visitor``.
"""

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User

# ``settings.AUTH_USER_MODEL`` is Django's own user model.
Actor: TypeAlias = User
Visitor: TypeAlias = User | AnonymousUser
