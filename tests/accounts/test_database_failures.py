"""Logging in while the database cannot write: the form comes back with the Polish message and
the user name, and nothing of the login is kept (see tests/database_failures.py)."""

from django.urls import reverse

from audit.models import AuditEvent
from tests.database_failures import BUSY, database_fails


def test_login_shows_the_form_again_and_nothing_of_the_login_is_kept(client, data_entry):
    url = reverse("login")
    credentials = {"username": data_entry.username, "password": "test-pass-123"}
    with database_fails("django_session"):
        response = client.post(url, credentials)
    assert response.status_code == 200
    assert BUSY in response.text
    assert f'value="{data_entry.username}"' in response.text
    data_entry.refresh_from_db()
    assert data_entry.last_login is None
    assert not AuditEvent.objects.filter(user=data_entry).exists()
    assert client.get(reverse("password_change")).status_code == 302  # not logged in
    assert client.post(url, credentials).status_code == 302
    assert client.get(reverse("password_change")).status_code == 200


def test_a_failed_attempt_that_cannot_be_counted_is_a_message_too(client, data_entry):
    with database_fails("axes_accessattempt"):
        response = client.post(reverse("login"), {"username": data_entry.username,
                                                  "password": "wrong"})
    assert response.status_code == 200
    assert BUSY in response.text


def test_password_change_keeps_the_old_password_and_the_session(client, data_entry):
    client.force_login(data_entry)
    new = "Nowe-Haslo-2026!"
    with database_fails("audit_auditevent"):
        response = client.post(reverse("password_change"), {
            "old_password": "test-pass-123", "new_password1": new, "new_password2": new})
    assert response.status_code == 200
    assert BUSY in response.text
    data_entry.refresh_from_db()
    assert data_entry.check_password("test-pass-123")
    assert client.get(reverse("password_change")).status_code == 200  # still logged in
