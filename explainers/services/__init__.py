"""Every write to editorial content goes through a function in this package.

The admin, the API and the management commands call these; none of them
re-implements a rule. Functions are keyword-only and named ``<entity>_<verb>``.
"""
