"""The API's web pages: open-data downloads, the open-data catalogue (DCAT-AP) and the user's own
API token."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from api import catalog
from api.catalog import Publisher
from api.models import ApiToken
from api.opendata import OpenDataCSV, OpenDataJSON, OpenDataXLSX
from api.opendata_consultations import ConsultationsCSV, ConsultationsJSON, ConsultationsXLSX
from api.opendata_diagnosis import DiagnosisCSV, DiagnosisJSON, DiagnosisXLSX
from api.opendata_measures import MeasuresCSV, MeasuresJSON, MeasuresXLSX
from lib.exporters import download
from programs import access
from programs.caching import cached_by_version
from programs.identity import current_identity


def _download(exporter_class, slug: str):
    # Open data is the public's view whoever asks: a logged-in coordinator gets the same file,
    # made once per data version of the programme.
    programme = access.get_programme_for_user(AnonymousUser(), slug)
    return download(cached_by_version(
        programme, exporter_class.identifier, lambda: exporter_class(programme).render()
    ))


@require_safe
def open_data_csv(request, slug):
    return _download(OpenDataCSV, slug)


@require_safe
def open_data_json(request, slug):
    return _download(OpenDataJSON, slug)


@require_safe
def open_data_xlsx(request, slug):
    return _download(OpenDataXLSX, slug)


@require_safe
def open_data_diagnosis(request, slug, extension):
    """A programme's diagnosis as open data (``api.opendata_diagnosis``); 404 without one."""
    exporter = {"csv": DiagnosisCSV, "xlsx": DiagnosisXLSX, "json": DiagnosisJSON}[extension]
    programme = access.get_programme_for_user(AnonymousUser(), slug)
    if not programme.diagnosis_tables.exists():
        raise Http404
    return download(cached_by_version(
        programme, exporter.identifier, lambda: exporter(programme).render()))


@login_required
@require_http_methods(["GET", "POST"])
def token_manage(request):
    """Create, replace or revoke the user's own API token. The key is shown once, right after
    it is created; afterwards only its creation date."""
    token = ApiToken.objects.filter(user=request.user).first()
    new_key = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "revoke" and token is not None:
            token.delete()
            messages.success(request, _("Your API token was revoked; programs using it are "
                                        "refused from now on."))
            return redirect("api_tokens")
        if action == "create":
            new_key = ApiToken.issue(request.user)
            token = ApiToken.objects.get(user=request.user)
        else:
            return redirect("api_tokens")
    return render(request, "api/tokens.html", {"token": token, "new_key": new_key})


def _publisher(request) -> Publisher:
    """The catalogue's publisher: the institution running the instance (its identity), reached
    through the accessibility contact's e-mail, else the sender of the application's e-mails."""
    identity = current_identity()
    return Publisher(
        name=identity.name_or_default,
        email=identity.accessibility_contact_email or settings.DEFAULT_FROM_EMAIL,
        homepage=request.build_absolute_uri("/"),
    )


@require_safe
def open_data_catalog_page(request):
    """The open-data page: every dataset with its files, and the catalogue for harvesters."""
    return render(request, "api/open_data.html", {"datasets": catalog.datasets()})


@require_safe
def open_data_catalog(request, extension):
    """The DCAT-AP catalogue (RDF/XML, Turtle or JSON-LD) that data portals harvest."""
    graph = catalog.build_catalog(request.build_absolute_uri, _publisher(request))
    content_type, content = catalog.serialise(graph, extension)
    return HttpResponse(content, content_type=content_type)


@require_safe
def open_data_consultations(request, extension):
    exporter = {
        "csv": ConsultationsCSV, "xlsx": ConsultationsXLSX, "json": ConsultationsJSON,
    }[extension]
    return download(exporter().render())


@require_safe
def open_data_measures(request, extension):
    """The register of measures with its published values, the public's view whoever asks."""
    exporter = {"csv": MeasuresCSV, "xlsx": MeasuresXLSX, "json": MeasuresJSON}[extension]
    return download(exporter().render())
