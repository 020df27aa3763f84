"""Names and descriptions of the API's views in the browsable API, in Polish.

DRF names a view after its class ("Programme List", "Api Root") and describes it with its
docstring, which is written for developers in English. ``view_name`` names each resource in the
reader's language (its breadcrumbs included); ``view_description`` describes only the root.
"""

from django.utils.translation import gettext as _
from rest_framework.views import get_view_name as drf_view_name

# basename → (the list's name, one object's name)
RESOURCES = {
    "programme": (lambda: _("Programmes and strategies"), lambda: _("Programme or strategy")),
    "objective": (lambda: _("Goal-tree nodes"), lambda: _("Goal-tree node")),
    "indicator": (lambda: _("Indicators"), lambda: _("Indicator")),
    "value": (lambda: _("Indicator values"), lambda: _("Indicator value")),
    "organisation": (lambda: _("Organisations"), lambda: _("Organisation")),
    "reporting-year": (lambda: _("Reporting years"), lambda: _("Reporting year")),
    "report": (lambda: _("Published reports"), lambda: _("Published report")),
    "consultation": (lambda: _("Consultations"), lambda: _("Consultation")),
    "diagnosis-table": (lambda: _("Diagnosis tables"), lambda: _("Diagnosis table")),
    "measure": (lambda: _("Register of measures"), lambda: _("Measure")),
}
ACTIONS = {"batch": lambda: _("Saving several values")}


def view_name(view) -> str:
    """``REST_FRAMEWORK["VIEW_NAME_FUNCTION"]``."""
    basename = getattr(view, "basename", None)
    if basename in RESOURCES:
        action = getattr(view, "action", None) or getattr(view, "name", None)
        if action in ACTIONS:
            return ACTIONS[action]()
        detail = getattr(view, "detail", None)
        if detail is None:
            detail = getattr(view, "suffix", None) == "Instance"
        plural, singular = RESOURCES[basename]
        return singular() if detail else plural()
    if type(view).__name__ == "APIRootView":
        return _("API: list of resources")
    if getattr(view, "name", None):
        return view.name
    name = drf_view_name(view)
    if name == "Not Found":
        return _("No such resource")
    return name


def view_description(view, html=False) -> str:
    """``REST_FRAMEWORK["VIEW_DESCRIPTION_FUNCTION"]``: the root says what the API holds; the
    others need no description beside their name."""
    if type(view).__name__ == "APIRootView":
        return _("Programmes, goal trees, indicators and their yearly values, reporting years, "
                 "published reports and consultations. Reading needs no account; values are "
                 "written with the token of a data-entry user (the “API token” page).")
    return ""
