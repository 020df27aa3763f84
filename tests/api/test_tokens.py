"""The API token page: create, show once, replace, revoke; tokens stored hashed, revoked by a
password change, and their keys nowhere in the admin."""

import re

from django.urls import reverse
from rest_framework.test import APIClient

from api.models import ApiToken, digest_of


def _key_on(page: str) -> str:
    return re.search(r'<code id="new-token">([0-9a-f]+)</code>', page).group(1)


def _api(key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def test_page_needs_login(client):
    response = client.get("/api/tokens/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_create_shows_key_once_and_it_authenticates(client, data_entry):
    client.force_login(data_entry)
    page = client.get("/api/tokens/").content.decode()
    assert "Nie masz tokenu API" in page
    key = _key_on(client.post("/api/tokens/", {"action": "create"}).content.decode())
    assert key not in client.get("/api/tokens/").content.decode()
    assert _api(key).get("/api/v1/programmes/").status_code == 200


def test_the_key_is_stored_hashed(client, data_entry):
    client.force_login(data_entry)
    key = _key_on(client.post("/api/tokens/", {"action": "create"}).content.decode())
    token = ApiToken.objects.get(user=data_entry)
    assert token.digest == digest_of(key) and key not in token.digest
    assert not any(key in str(value) for value in ApiToken.objects.values_list())


def test_replace_and_revoke(client, council_member):
    client.force_login(council_member)
    old = _key_on(client.post("/api/tokens/", {"action": "create"}).content.decode())
    new = _key_on(client.post("/api/tokens/", {"action": "create"}).content.decode())
    assert new != old
    assert _api(old).get("/api/v1/programmes/").status_code == 401
    response = client.post("/api/tokens/", {"action": "revoke"})
    assert response.status_code == 302
    assert not ApiToken.objects.filter(user=council_member).exists()
    response = _api(new).get("/api/v1/programmes/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_password_change_revokes_the_token(client, data_entry):
    key = ApiToken.issue(data_entry)
    client.force_login(data_entry)
    response = client.post(reverse("password_change"), {
        "old_password": "test-pass-123", "new_password1": "Zupe1nie-nowe-haslo",
        "new_password2": "Zupe1nie-nowe-haslo"})
    assert response.status_code == 302
    assert _api(key).get("/api/v1/programmes/").status_code == 401
    assert not ApiToken.objects.filter(user=data_entry).exists()


def test_a_password_set_by_the_administrator_revokes_the_token(data_entry):
    key = ApiToken.issue(data_entry)
    data_entry.set_password("Inne-nowe-haslo-77")
    data_entry.save()
    assert _api(key).get("/api/v1/programmes/").status_code == 401


def test_a_hash_upgraded_at_login_keeps_the_token(data_entry):
    key = ApiToken.issue(data_entry)
    data_entry.last_name = "Kowalska"
    data_entry.save()  # an ordinary save (as the rehash on login: no new password)
    assert _api(key).get("/api/v1/programmes/").status_code == 200


def test_the_admin_lists_no_token_keys(client, admin_user, data_entry):
    key = ApiToken.issue(data_entry)
    client.force_login(admin_user)
    index = client.get(reverse("admin:index")).content.decode()
    assert "authtoken" not in index
    assert key not in index


def test_nav_links_the_token_page_for_logged_in_users(client, department_head):
    assert "/api/tokens/" not in client.get("/").content.decode()
    client.force_login(department_head)
    assert "/api/tokens/" in client.get("/").content.decode()
