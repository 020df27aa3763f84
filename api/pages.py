"""The API's web pages: open-data downloads and the user's own API token."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from api.models import ApiToken
from api.opendata import OpenDataCSV, OpenDataJSON
from lib.exporters import download
from programs import access
from programs.caching import cached_by_version


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
