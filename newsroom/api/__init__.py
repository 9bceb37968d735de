"""Newsroom-wide pieces of the JSON API: errors, parsing, paging, throttles, ETags."""
