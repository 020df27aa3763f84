"""Pages of the programs app that need nothing but a template (the start page and a programme's
page show indicators: ``indicators.views``)."""

import mimetypes

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from programs.identity import current_identity


@require_safe
def accessibility(request):
    return render(request, "programs/accessibility.html")


@require_safe
def identity_logo(request):
    """The institution's logo (``InstanceIdentity.logo``), served from the storage so that it
    needs no web-server configuration; cached by the browser under its file name."""
    name = current_identity().logo
    if not name or not default_storage.exists(name):
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if not content_type.startswith("image/") or content_type == "image/svg+xml":
        raise Http404
    response = FileResponse(default_storage.open(name), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response
