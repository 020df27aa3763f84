"""Login protection: lockout after failed logins, CSRF, session expiry, logout everywhere on a
password change, and the Content-Security-Policy header."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent

LOGIN = reverse("login")
PASSWORD = reverse("password_change")


def login(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_failed_logins_lock_the_user_name_from_that_address(client, coordinator):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "t-coordinator", "wrong").status_code == 200
    locked = login(client, "t-coordinator", "wrong")
    assert locked.status_code == 429
    # Even the right password is refused while the lockout lasts, with a Polish message.
    response = login(client, "t-coordinator", "test-pass-123")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Logowanie zablokowane" in page
    assert "zablokowane na 15 minut" in page
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.LOCKED_OUT, username="t-coordinator").exists()


def test_lockout_does_not_block_the_same_user_from_another_address(client, coordinator):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "t-coordinator", "wrong", ip="10.0.0.66")
    response = login(client, "t-coordinator", "test-pass-123", ip="10.0.0.2")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(coordinator.pk)


def test_successful_login_resets_the_failure_count(client, coordinator):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "t-coordinator", "wrong")
    assert login(client, "t-coordinator", "test-pass-123").status_code == 302
    client.logout()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "t-coordinator", "wrong").status_code == 200
    assert login(client, "t-coordinator", "test-pass-123").status_code == 302


def test_wrong_password_shows_the_form_again_with_a_polish_message(client, coordinator):
    response = login(client, "t-coordinator", "wrong")
    assert response.status_code == 200
    assert "Wprowadź poprawn" in response.content.decode()


def test_test_client_login_still_works_with_the_lockout_backend(client, coordinator):
    """``Client.login`` authenticates without a request; the lockout backend lets it through."""
    assert client.login(username="t-coordinator", password="test-pass-123")
    assert not client.login(username="t-coordinator", password="wrong")


def test_login_without_csrf_token_is_refused(coordinator):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(LOGIN, {"username": "t-coordinator", "password": "test-pass-123"})
    assert response.status_code == 403
    assert "_auth_user_id" not in strict.session


def test_login_with_csrf_token_works(coordinator):
    strict = Client(enforce_csrf_checks=True)
    strict.get(LOGIN)
    token = strict.cookies[settings.CSRF_COOKIE_NAME].value
    response = strict.post(LOGIN, {"username": "t-coordinator", "password": "test-pass-123",
                                   "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_session_expiry_moves_on_with_activity_at_most_every_five_minutes(
    client, coordinator, django_assert_max_num_queries
):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    login(client, "t-coordinator", "test-pass-123")
    key = client.session.session_key
    stored = Session.objects.get(session_key=key)
    data = stored.get_decoded()
    data["_refreshed_at"] -= settings.SESSION_REFRESH_INTERVAL  # last activity 5 minutes ago
    Session.objects.filter(session_key=key).update(
        session_data=Session.objects.encode(data),
        expire_date=timezone.now() + timedelta(minutes=25),
    )
    response = client.get(PASSWORD)
    assert response.status_code == 200
    # The cookie ends with the browser; the server-side expiry is 30 minutes from now again.
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == ""
    expires = Session.objects.get(session_key=key).expire_date
    assert timedelta(minutes=29) < expires - timezone.now() <= timedelta(minutes=30)
    # Right after, a page costs no session write.
    with django_assert_max_num_queries(10) as queries:
        client.get(PASSWORD)
    assert not any("UPDATE" in q["sql"] and "django_session" in q["sql"]
                   for q in queries.captured_queries)


def test_expired_session_is_logged_out(client, coordinator):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    login(client, "t-coordinator", "test-pass-123")
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(PASSWORD)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_password_change_logs_out_every_other_session(coordinator):
    here, elsewhere = Client(), Client()
    login(here, "t-coordinator", "test-pass-123")
    login(elsewhere, "t-coordinator", "test-pass-123", ip="10.0.0.9")
    assert elsewhere.get(PASSWORD).status_code == 200
    response = here.post(PASSWORD, {
        "old_password": "test-pass-123",
        "new_password1": "Zielona-Brzoza-2026",
        "new_password2": "Zielona-Brzoza-2026",
    })
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    assert here.get(PASSWORD).status_code == 200  # this session stays
    gone = elsewhere.get(PASSWORD)
    assert gone.status_code == 302 and gone["Location"].startswith(LOGIN)
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.PASSWORD_CHANGED, user=coordinator).count() == 1


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("krotkie", "To hasło jest za krótkie"),
        ("12345678901", "Hasło składa się wyłącznie z cyfr"),
        ("password123", "To hasło jest zbyt powszechne"),
    ],
)
def test_weak_new_password_is_refused_with_a_polish_message(client, coordinator, password,
                                                              message):
    client.force_login(coordinator)
    response = client.post(PASSWORD, {"old_password": "test-pass-123",
                                      "new_password1": password, "new_password2": password})
    assert response.status_code == 200
    assert message in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.check_password("test-pass-123")


def test_password_page_needs_login(client):
    response = client.get(PASSWORD)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_pages_carry_a_self_only_content_security_policy(client, db):  # the identity is read
    policy = client.get(LOGIN)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
