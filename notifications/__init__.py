"""Who is told what, in the admin and by email, when editorial work happens.

Receivers of ``explainers.signals`` (connected in ``apps.py``) write one
notification per person and event; a job sends the email after commit.
"""
