"""The OpenAPI schema, its documentation page, throttling, and Schemathesis against the schema."""

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

# No 5xx, and every response documented: status code, content type and body. (Schemathesis'
# checks that invalid input is refused are left out: DRF's pagination deliberately ignores a
# malformed page_size rather than refusing the request.)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


def test_schema_is_openapi_3_and_describes_every_field(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/values/batch/" in schema["paths"]
    missing = [
        f"{name}.{field}"
        for name, component in schema["components"]["schemas"].items()
        if not name.endswith("Enum")
        for field, spec in component.get("properties", {}).items()
        if not (spec.get("description") or "$ref" in spec or "allOf" in spec)
    ]
    assert not missing


def test_docs_page_is_served_without_a_cdn(client, db):  # its page reads the identity
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "<style>" not in page
    assert client.get("/api/docs/?script=").status_code == 200
    assert client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css"
                      ).status_code == 200


def test_anonymous_requests_are_throttled_but_token_users_are_not(
    settings, data_entry, client_for
):
    settings.API_ANONYMOUS_RATE = "3/minute"
    cache.clear()
    anonymous = APIClient()
    codes = [anonymous.get("/api/v1/organisations/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert anonymous.get("/api/v1/organisations/").json()["code"] == "throttled"
    user = client_for(data_entry)
    assert all(user.get("/api/v1/organisations/").status_code == 200 for _ in range(5))


@pytest.fixture
def api_schema(programme, consultation, db):
    # As Django's test client does: keep the test's connection (and its transaction) open
    # between requests, which the WSGI handler would otherwise close after each one.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.include(method="GET").parametrize()
@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_get_operations_conform_to_the_schema(case):
    """Anonymous GETs of every operation: never a 5xx, always the documented shape."""
    case.call_and_validate(checks=CHECKS)


@schema.include(method="POST").parametrize()
@settings(max_examples=5, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_writes_with_a_token_conform_to_the_schema(case, data_entry):
    """Random writes by a data-entry token: refused or saved, never a 5xx, always documented."""
    from api.models import ApiToken

    key = ApiToken.issue(data_entry)
    case.call_and_validate(headers={"Authorization": f"Token {key}"}, checks=CHECKS)
