"""The sources' JSON API: sources and the citations that tie statistics to them."""
