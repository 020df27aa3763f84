"""E-mail digests: what each reader's summary says, who is due, the mail itself (through a real
mailer in memory and, in ``test_digest_goes_through_smtp``, a local SMTP server), the settings
page and the unsubscribe link."""

from datetime import date, timedelta

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from programs.models import ReportingYear
from reports import digests
from reports.models import DigestSubscription
from tests.factories import build_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(organisation):
    """Two goals, one task each, two indicators per task (one with a target of 100 the values
    90/95 miss); 2019 accepted and published long ago, 2020 accepted (locked, not published),
    2021 open and overdue with nothing entered."""
    programme = build_programme(goals=2, tasks_per_goal=1, indicators_per_task=2,
                                years=(2019, 2020), organisation=organisation, first_year=2019,
                                slug="digest-test")
    ReportingYear.objects.create(programme=programme, year=2019,
                                 state=ReportingYear.State.PUBLISHED,
                                 published_at=timezone.now() - timedelta(days=3))
    ReportingYear.objects.create(programme=programme, year=2020,
                                 state=ReportingYear.State.ACCEPTED)
    ReportingYear.objects.create(programme=programme, year=2021, deadline=date(2022, 1, 31))
    return programme


def mine(digest, programme):
    return (
        [y for y in digest.published if y.programme_id == programme.pk],
        [s for s in digest.off_track if s.programme.pk == programme.pk],
        [late for late in digest.late if late.programme.pk == programme.pk],
    )


def test_council_member_digest_is_the_public_view(programme, council_member):
    now = timezone.now()
    published, off_track, late = mine(
        digests.digest_for(council_member, now - timedelta(days=7), now), programme)
    assert [y.year for y in published] == [2019]
    # The latest published year is judged (2019), not the accepted but unpublished 2020.
    [summary] = off_track
    assert summary.year == 2019
    assert [(g.code, g.not_met, g.judged) for g in summary.goals] == [("A", 1, 1), ("B", 1, 1)]
    assert late == []  # lateness is for staff


def test_department_head_digest_has_the_final_year_and_the_late(programme, department_head,
                                                               organisation):
    now = timezone.now()
    published, off_track, late = mine(
        digests.digest_for(department_head, now - timedelta(days=7), now), programme)
    assert [y.year for y in published] == [2019]
    assert off_track[0].year == 2020
    assert [(row.name, row.year, row.missing) for row in late] == [(organisation.name, 2021, 4)]


def test_only_reports_published_in_the_period_are_listed(programme, council_member):
    now = timezone.now()
    published, _off, _late = mine(
        digests.digest_for(council_member, now - timedelta(days=1), now), programme)
    assert published == []


def test_due_digests_are_sent_once_per_period(programme, department_head, mailoutbox):
    department_head.email = "head@example.org"
    department_head.save()
    digests.subscription_set(user=department_head, frequency="weekly")
    now = timezone.now()
    assert digests.send_due_digests(now, base_url="https://monitoring.example.org") == 1
    [message] = mailoutbox
    assert message.to == ["head@example.org"]
    body = message.body
    assert "Opublikowane sprawozdania" in body and "Cele zagrożone" in body
    assert "Podmioty spóźnione" in body
    assert "https://monitoring.example.org/programmes/digest-test/2019/report.pdf" in body
    assert programme.title in body
    token = digests.unsubscribe_token(department_head)
    assert f"https://monitoring.example.org/reports/digest/unsubscribe/{token}/" in body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Not again within the week; again after it.
    assert digests.send_due_digests(now + timedelta(days=3)) == 0
    assert digests.send_due_digests(now + timedelta(days=7)) == 1
    assert len(mailoutbox) == 2


def test_no_digest_for_users_without_the_role_or_address(programme, department_head,
                                                         data_entry, mailoutbox):
    digests.subscription_set(user=department_head, frequency="monthly")  # no e-mail address
    data_entry.email = "entry@example.org"
    data_entry.save()
    DigestSubscription.objects.create(user=data_entry, frequency="weekly")
    assert digests.send_due_digests() == 0
    assert mailoutbox == []


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError


def test_a_failed_mail_leaves_the_digest_due(programme, department_head, settings):
    department_head.email = "head@example.org"
    department_head.save()
    subscription = digests.subscription_set(user=department_head, frequency="weekly")
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}
    assert digests.send_due_digests() == 0
    subscription.refresh_from_db()
    assert subscription.last_sent_at is None


def test_settings_page_subscribes_and_unsubscribes(client, programme, department_head):
    department_head.email = "head@example.org"
    department_head.save()
    client.force_login(department_head)
    page = client.get("/reports/digest/")
    assert page.status_code == 200
    assert "Podsumowania e-mail" in page.content.decode()
    assert "zagrożone" in page.content.decode()  # the preview of today's summary
    response = client.post("/reports/digest/", {"frequency": "monthly"}, follow=True)
    assert DigestSubscription.objects.get(user=department_head).frequency == "monthly"
    assert "co miesiąc" in response.content.decode()
    client.post("/reports/digest/", {"frequency": ""})
    assert not DigestSubscription.objects.filter(user=department_head).exists()


def test_settings_page_refuses_without_an_address(client, department_head):
    client.force_login(department_head)
    response = client.post("/reports/digest/", {"frequency": "weekly"})
    assert response.status_code == 200
    assert "nie ma adresu e-mail" in response.content.decode()
    assert not DigestSubscription.objects.exists()


def test_settings_page_is_not_for_data_entry(client, data_entry):
    client.force_login(data_entry)
    assert client.get("/reports/digest/").status_code == 403


def test_unsubscribe_link_works_without_logging_in(client, department_head):
    DigestSubscription.objects.create(user=department_head, frequency="weekly")
    url = f"/reports/digest/unsubscribe/{digests.unsubscribe_token(department_head)}/"
    page = client.get(url)
    assert page.status_code == 200 and "Wypisz" in page.content.decode()
    assert DigestSubscription.objects.exists()  # a GET (a mail program's preview) changes nothing
    done = client.post(url)
    assert done.status_code == 200
    assert not DigestSubscription.objects.exists()


def test_a_forged_unsubscribe_link_is_404(client, department_head):
    token = digests.unsubscribe_token(department_head)
    assert client.post(f"/reports/digest/unsubscribe/{token}x/").status_code == 404
    assert client.get("/reports/digest/unsubscribe/1:forged/").status_code == 404


def test_digest_goes_through_smtp(programme, department_head, smtp_server):
    """Through the project's SMTP mailer to a local server, as production sends it."""
    department_head.email = "head@example.org"
    department_head.save()
    digests.subscription_set(user=department_head, frequency="weekly")
    assert digests.send_due_digests() == 1
    [received] = smtp_server.messages
    assert received.recipients == ["head@example.org"]
    assert "Cele zagrożone" in received.body
    assert received.message["List-Unsubscribe"].startswith("<http")
