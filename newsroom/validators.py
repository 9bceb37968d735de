"""Validators shared by every app."""

from django.core.validators import URLValidator

# Sources and links are only ever web addresses: javascript:, data:, ftp: and
# friends are refused at the model and, by a check constraint, in the database.
http_url_validator = URLValidator(
    schemes=["http", "https"],
    message="Enter a full web address starting with http:// or https://.",
)
