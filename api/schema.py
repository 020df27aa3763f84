"""OpenAPI schema adjustments for drf-spectacular."""

from django.utils.translation import gettext as _

ERROR_REF = {"$ref": "#/components/schemas/Error"}


def document_error_responses(result, generator, request, public):
    """Every API operation may answer with the one error shape (api/exceptions.py): invalid
    parameters (400), bad credentials (401), refusal (403), not found or an invalid page (404),
    anonymous throttling (429). drf-spectacular lists only what a view declares; add the rest."""
    descriptions = {
        "400": _("Invalid parameters or input; messages by field in “errors”."),
        "401": _("Invalid or missing credentials."),
        "403": _("Not allowed."),
        "404": _("Not found, not visible to you, or a page past the end."),
        "429": _("Too many requests without logging in; try again later."),
    }
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/v1/"):
            continue
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in descriptions.items():
                responses.setdefault(code, {
                    "content": {"application/json": {"schema": ERROR_REF}},
                    "description": description,
                })
    return result
