"""The browsable API's renderer, with the labels of its raw-data form in Polish (DRF writes
them as plain English strings, not marked for translation)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import renderers


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    def get_raw_data_form(self, data, view, method, request):
        form = super().get_raw_data_form(data, view, method, request)
        if form is not None and "_content_type" in getattr(form, "fields", {}):
            form.fields["_content_type"].label = _("Data format")
            form.fields["_content"].label = _("Content of the request")
        return form
