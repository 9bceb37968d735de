"""Link health of cited sources: checks, their history, and archive copies.

``guard`` keeps the checker off internal addresses, ``limits`` keeps it
polite to each host, ``fetch`` speaks HTTP, ``checker`` turns answers into
outcomes, ``archive`` asks an archive service for a copy, and ``services``
is the one code path the admin, the command and the jobs call.
"""
