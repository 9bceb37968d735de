"""Who may use the newsroom API.

Every newsroom endpoint needs a signed-in staff account. Reads need the
model's view permission; writes are decided by the services, which answer
``PermissionDenied`` with a reason the caller can act on.
"""

from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission


class NewsroomAccess(BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False  # DRF answers 401 with WWW-Authenticate.
        if not (user.is_active and user.is_staff):
            raise PermissionDenied("The newsroom API is for newsroom staff accounts.")
        if request.method in SAFE_METHODS:
            permission = view.view_permission
            if not user.has_perm(permission):
                raise PermissionDenied(
                    f"Your role cannot view {view.view_permission_label}."
                )
        return True
