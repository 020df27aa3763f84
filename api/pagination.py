"""Page-number pagination: 100 items a page by default, up to 1000 with ``page_size``."""

from django.utils.translation import gettext as _
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        descriptions = {
            "count": _("Number of items on all pages."),
            "next": _("Address of the next page; null on the last."),
            "previous": _("Address of the previous page; null on the first."),
            "results": _("The items of this page."),
        }
        for name, description in descriptions.items():
            response["properties"][name]["description"] = description
        return response
