"""Error pages the views do not draw themselves.

Django renders ``templates/400.html``, ``403.html``, ``404.html``, ``500.html`` and
``403_csrf.html`` (its own handlers find them by name). A 405 is different: ``require_POST``
and ``require_http_methods`` answer with an empty body, which the browser shows as a blank page;
``MethodNotAllowedPageMiddleware`` gives those responses the Polish page in the site layout.
"""

from django.template.loader import render_to_string


class MethodNotAllowedPageMiddleware:
    """An empty 405 answer to a browser becomes ``templates/405.html`` (the status and the
    ``Allow`` header stay). Responses with a body of their own (the API's JSON) are kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.streaming and not response.content:
            response.content = render_to_string("405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response
