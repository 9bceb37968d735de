"""An admin for records that the admin shows but never writes."""


class ReadOnlyAdminMixin:
    """For records the admin shows but never writes: no add, change or delete.

    Used for audit records written by the workflow, and for rows edited only
    inline on their parent (boxes, citations), whose own pages show history.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
