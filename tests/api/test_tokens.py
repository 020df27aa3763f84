"""The API token page: create, show once, replace, revoke."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def test_page_needs_login(client):
    response = client.get("/api/tokens/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_create_shows_key_once_and_it_authenticates(client, data_entry):
    client.force_login(data_entry)
    page = client.get("/api/tokens/").content.decode()
    assert "Nie masz tokenu API" in page
    response = client.post("/api/tokens/", {"action": "create"})
    token = Token.objects.get(user=data_entry)
    assert token.key in response.content.decode()
    assert token.key not in client.get("/api/tokens/").content.decode()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/programmes/").status_code == 200


def test_replace_and_revoke(client, council_member):
    client.force_login(council_member)
    client.post("/api/tokens/", {"action": "create"})
    old = Token.objects.get(user=council_member).key
    client.post("/api/tokens/", {"action": "create"})
    new = Token.objects.get(user=council_member).key
    assert new != old
    response = client.post("/api/tokens/", {"action": "revoke"})
    assert response.status_code == 302
    assert not Token.objects.filter(user=council_member).exists()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {new}")
    response = api.get("/api/v1/programmes/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_nav_links_the_token_page_for_logged_in_users(client, department_head):
    assert "/api/tokens/" not in client.get("/").content.decode()
    client.force_login(department_head)
    assert "/api/tokens/" in client.get("/").content.decode()
