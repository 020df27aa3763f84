"""Pages of the programs app that need nothing but a template (the start page and a programme's
page show indicators: ``indicators.views``)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def accessibility(request):
    return render(request, "programs/accessibility.html")
