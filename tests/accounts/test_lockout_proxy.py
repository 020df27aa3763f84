"""The lockout behind the reverse proxy: counted per user name and real client address (the one
the trusted proxy saw, ``TRUSTED_PROXIES``), a cool-off that does not restart with every attempt,
the real address in the audit log, and the coordinator's unlock page."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from audit.models import AuditEvent
from lib.client_address import client_address

LOGIN = reverse("login")
PROXY = "127.0.0.1"


@pytest.fixture(autouse=True)
def behind_one_proxy(settings):
    settings.TRUSTED_PROXIES = 1


def login(client, username, password, forwarded_for):
    return client.post(LOGIN, {"username": username, "password": password},
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def lock(client, username="t-coordinator", forwarded_for="203.0.113.9"):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, username, "wrong", forwarded_for)


def test_an_attacker_behind_the_proxy_does_not_lock_out_the_real_user(client, coordinator):
    lock(client, forwarded_for="203.0.113.9")
    assert login(client, "t-coordinator", "wrong", "203.0.113.9").status_code == 429
    # The coordinator comes through the same proxy from her own address.
    response = login(client, "t-coordinator", "test-pass-123", "198.51.100.7")
    assert response.status_code == 302


def test_the_address_written_by_the_client_is_not_believed(rf, settings):
    # nginx appends the address it saw; whatever the client wrote stays to the left.
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.7")
    assert client_address(request) == "198.51.100.7"
    settings.TRUSTED_PROXIES = 0  # no proxy in front: the header is anybody's
    assert client_address(request) == PROXY
    settings.TRUSTED_PROXIES = 2
    assert client_address(request) == "10.0.0.1"
    garbage = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="<script>")
    assert client_address(garbage) is None


def test_the_audit_log_records_the_real_client_address(client, coordinator):
    login(client, "t-coordinator", "wrong", "203.0.113.9")
    login(client, "t-coordinator", "test-pass-123", "198.51.100.7")
    failed = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED, username="t-coordinator")
    succeeded = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_SUCCEEDED, user=coordinator)
    assert failed.remote_ip == "203.0.113.9"
    assert succeeded.remote_ip == "198.51.100.7"


def test_attempts_during_the_lockout_do_not_restart_the_cool_off(client, coordinator):
    lock(client)

    def age(minutes):
        attempt = AccessAttempt.objects.get(username="t-coordinator")
        attempt.attempt_time -= timedelta(minutes=minutes)
        attempt.save()

    age(14)
    # 14 minutes into the lockout: still refused, the right password too...
    assert login(client, "t-coordinator", "test-pass-123", "203.0.113.9").status_code == 429
    assert login(client, "t-coordinator", "wrong", "203.0.113.9").status_code == 429
    age(2)
    # ...but the 15 minutes counted from the lockout, not from the last attempt.
    assert login(client, "t-coordinator", "test-pass-123", "203.0.113.9").status_code == 302


def test_the_coordinator_unlocks_an_account(client, coordinator, data_entry):
    lock(client, username="t-data-entry", forwarded_for="203.0.113.50")
    assert login(client, "t-data-entry", "test-pass-123", "203.0.113.50").status_code == 429
    client.force_login(coordinator)
    page = client.get(reverse("audit:lockouts"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "t-data-entry" in text and "203.0.113.50" in text and "Odblokuj" in text
    attempt = AccessAttempt.objects.get(username="t-data-entry")
    response = client.post(reverse("audit:lockouts"), {"attempt": attempt.pk})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="t-data-entry").exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.ACCOUNT_UNLOCKED)
    assert event.user == coordinator and "t-data-entry" in event.comment
    client.logout()
    assert login(client, "t-data-entry", "test-pass-123", "203.0.113.50").status_code == 302


def test_only_the_coordinator_sees_the_unlock_page(client, data_entry):
    client.force_login(data_entry)
    assert client.get(reverse("audit:lockouts")).status_code == 403
    assert client.post(reverse("audit:lockouts"), {"attempt": 1}).status_code == 403


def test_deploy_check_wants_the_proxies_counted_behind_the_tls_proxy(settings):
    from accounts.checks import check_trusted_proxies

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = 0
    assert [error.id for error in check_trusted_proxies(None)] == ["accounts.E005"]
    settings.TRUSTED_PROXIES = 1
    assert check_trusted_proxies(None) == []
