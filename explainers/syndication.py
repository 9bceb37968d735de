"""A published revision as others carry it: feeds and the partner API.

Readers of a feed and partners' pages sit on another site, so every link in
the published HTML is made absolute (footnote marks point at the sources list
on our page, images at our storage) and the sources are listed with the text.
"""

import re

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from explainers.page import web_url

# The HTML is the sanitised, serialised output of nh3 and the renderer, so
# every attribute value is double-quoted.
_URL_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')
_SRCSET_ATTRIBUTE = re.compile(r'\bsrcset="([^"]*)"')


def absolute_url(value: str, *, origin: str, page_url: str) -> str:
    """``value`` from ``page_url``'s HTML as an absolute URL.

    ``origin`` is the scheme and host (``https://example.org``), without a
    trailing slash; absolute and protocol-relative URLs stay as they are.
    """
    if value.startswith("#"):
        return page_url + value
    if value.startswith("/") and not value.startswith("//"):
        return origin + value
    return value


def absolute_links(html: str, *, origin: str, page_url: str) -> str:
    """Published ``html`` with every ``href``, ``src`` and ``srcset`` absolute."""

    def one(match: re.Match) -> str:
        url = absolute_url(match.group(2), origin=origin, page_url=page_url)
        return f'{match.group(1)}="{url}"'

    def candidates(match: re.Match) -> str:
        parts = []
        for candidate in match.group(1).split(","):
            url, _, descriptor = candidate.strip().partition(" ")
            url = absolute_url(url, origin=origin, page_url=page_url)
            parts.append(f"{url} {descriptor}".strip())
        return 'srcset="{}"'.format(", ".join(parts))

    return _SRCSET_ATTRIBUTE.sub(candidates, _URL_ATTRIBUTE.sub(one, html))


def full_content(
    content: dict, html: dict, *, origin: str, page_url: str
) -> SafeString:
    """The whole published text of a revision as one HTML fragment: the body
    with its figures and footnote marks, the boxes, then the sources."""
    fragment = render_to_string(
        "feeds/content.html",
        {
            "body": mark_safe(html.get("body", "")),  # sanitised at publication
            "boxes": [
                {"title": box.get("title", ""), "html": mark_safe(box.get("html", ""))}
                for box in html.get("boxes", [])
            ],
            "sources": [
                {
                    **source,
                    "url": web_url(source.get("url")),
                    "archive_url": web_url(source.get("archive_url")),
                }
                for source in content.get("sources", [])
            ],
        },
    )
    # Every part was escaped or sanitised above; only links change.
    return mark_safe(absolute_links(fragment, origin=origin, page_url=page_url))
