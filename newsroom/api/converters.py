"""Path converters of the API, registered once on import."""

from django.urls import register_converter


class ObjectIdConverter:
    """A row id: at most 18 digits, so it always fits a 64-bit column.

    Django's ``int`` converter accepts any length, and a larger number makes
    the database driver raise (OverflowError on SQLite, DataError on
    PostgreSQL) instead of answering 404.
    """

    regex = "[0-9]{1,18}"
    max_value = 10**18 - 1

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(ObjectIdConverter, "object_id")
