"""The editors' and reviewers' desk.

Every save here calls the same service functions as the API and the
commands; the admin never writes a model directly.
"""

# Importing the modules registers their ModelAdmins with the admin site.
from explainers.admin import explainer, records, statistic  # noqa: F401
