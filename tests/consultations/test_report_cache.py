"""The consultation report for anonymous visitors: its PDF found with one lookup (the
fingerprint kept like the yearly report's), and throttled per address."""

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(consultation):
    consultation.status = Consultation.Status.REPORT_PUBLISHED
    consultation.report_published_at = timezone.now()
    consultation.save()
    return consultation


def test_a_published_reports_pdf_is_found_without_building_the_report_again(
        client, published, monkeypatch):
    monkeypatch.setattr("consultations.services.request_render", lambda task, *args: None)
    url = reverse("consultations:report_pdf", args=[published.pk])
    assert client.get(url).status_code == 202

    def no_build(*args, **kwargs):
        raise AssertionError("the report was built again")

    monkeypatch.setattr("consultations.services.report_html", no_build)
    assert client.get(url).status_code == 202


def test_anonymous_report_requests_are_throttled_per_address(client, published, settings,
                                                             monkeypatch, coordinator):
    monkeypatch.setattr("consultations.services.request_render", lambda task, *args: None)
    settings.REPORT_ANONYMOUS_RATE = "2/minute"
    url = reverse("consultations:report_pdf", args=[published.pk])
    html = reverse("consultations:report_html", args=[published.pk])
    assert client.get(url, REMOTE_ADDR="10.0.0.1").status_code == 202
    assert client.get(url, REMOTE_ADDR="10.0.0.1").status_code == 202
    refused = client.get(url, REMOTE_ADDR="10.0.0.1")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Spróbuj ponownie" in refused.content.decode()
    assert client.get(url, REMOTE_ADDR="10.0.0.2").status_code == 202  # another address
    assert client.get(html, REMOTE_ADDR="10.0.0.1").status_code == 200  # counted apart
    client.force_login(coordinator)
    assert client.get(url, REMOTE_ADDR="10.0.0.1").status_code == 202  # logged in: no limit


def _fingerprint_after_a_download(client, consultation, monkeypatch) -> str:
    from consultations.models import RenderedConsultationReport

    monkeypatch.setattr("consultations.services.request_render", lambda task, *args: None)
    assert client.get(reverse("consultations:report_pdf", args=[consultation.pk])).status_code \
        == 202
    return RenderedConsultationReport.objects.filter(
        consultation=consultation).latest("pk").fingerprint


def test_a_proposal_corrected_after_publication_reaches_the_pdf_at_once(
        client, published, record, ngo, monkeypatch):
    from consultations import services
    from consultations.models import Proposal

    submission = record(ngo)
    published.refresh_from_db()
    before = _fingerprint_after_a_download(client, published, monkeypatch)
    proposal = Proposal.objects.get(submission=submission)
    proposal.proposed_text = "Zapis poprawiony po publikacji"
    services.proposal_save(proposal=proposal)
    published.refresh_from_db()
    assert _fingerprint_after_a_download(client, published, monkeypatch) != before


def test_a_proposal_changed_in_the_admin_raises_the_content_version(
        client, published, record, ngo, admin_user):
    from consultations.models import Proposal

    submission = record(ngo)
    proposal = Proposal.objects.get(submission=submission)
    published.refresh_from_db()
    version = published.content_version
    client.force_login(admin_user)
    url = reverse("admin:consultations_proposal_delete", args=[proposal.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    published.refresh_from_db()
    assert published.content_version > version
