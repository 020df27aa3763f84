import io
import re
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from indicators.models import IndicatorValue
from programs.models import ReportingYear
from reports import services
from reports.models import RenderedReport

pytestmark = pytest.mark.django_db


def url(kind, programme, reporting_year):
    return reverse(f"reports_programme:{kind}", args=[programme.slug, reporting_year.year])


# Access ---------------------------------------------------------------------------------------

def test_anonymous_downloads_a_published_report(client, published):
    response = client.get(url("pdf", *published))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="raport-raport-opublikowany-2020.pdf"' in response["Content-Disposition"]


@pytest.mark.parametrize("kind", ["pdf", "xlsx", "html"])
def test_anonymous_and_council_member_cannot_get_a_draft(client, draft, council_member, kind):
    assert client.get(url(kind, *draft)).status_code == 404
    client.force_login(council_member)
    assert client.get(url(kind, *draft)).status_code == 404


def test_data_entry_user_is_refused_the_draft_report(client, draft, data_entry):
    client.force_login(data_entry)
    assert client.get(url("pdf", *draft)).status_code == 403


@pytest.mark.parametrize("user", ["coordinator", "department_head", "admin_user"])
def test_staff_download_drafts_marked_as_draft(client, draft, user, request):
    client.force_login(request.getfixturevalue(user))
    response = client.get(url("pdf", *draft))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-projekt.pdf"')
    assert response["Cache-Control"] == "private"
    text = PdfReader(io.BytesIO(response.content)).pages[1].extract_text()
    assert "PROJEKT" in text


def test_unknown_programme_or_year_is_404(client, published, coordinator):
    programme, _year = published
    client.force_login(coordinator)
    assert client.get(reverse("reports_programme:pdf", args=["nie-ma", 2020])).status_code == 404
    assert client.get(reverse("reports_programme:pdf", args=[programme.slug, 2019])
                      ).status_code == 404


def test_printable_html_view(client, published):
    response = client.get(url("html", *published))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="pl">' in html and "<thead>" in html
    assert "Zadania realizacyjne (działania)" in html and "PROJEKT" not in html


def test_printable_html_view_styles_carry_the_csp_nonce(client, published):
    """The page's own @page rules pass the Content-Security-Policy through its nonce."""
    response = client.get(url("html", *published))
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert f'<style nonce="{nonce}">' in response.content.decode()
    assert " style=" not in response.content.decode()


def test_public_list_shows_published_reports_only(client, published, draft,
                                                  django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(reverse("reports:list"))
    html = response.content.decode()
    assert url("pdf", *published) in html
    assert url("pdf", *draft) not in html


def test_staff_list_includes_drafts(client, published, draft, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("reports:list")).content.decode()
    assert url("pdf", *draft) in html and url("xlsx", *published) in html


# Cache ----------------------------------------------------------------------------------------

def admin_save(rf, user, obj):
    """Save ``obj`` as the admin's change form does (the admin says the data changed)."""
    request = rf.post("/admin/")
    request.user = user
    model_admin = admin.site._registry[type(obj)]
    model_admin.save_model(request, obj, None, change=True)
    model_admin.save_related(request, SimpleNamespace(instance=obj, save_m2m=lambda: None), [],
                             True)


def test_second_download_serves_the_stored_file_without_rendering(client, published, monkeypatch):
    first = client.get(url("xlsx", *published))
    assert RenderedReport.objects.filter(status="ready", file_format="xlsx").count() == 1

    def no_render(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr("reports.exporters.ReportXLSXExporter.render", no_render)
    second = client.get(url("xlsx", *published))
    assert second.status_code == 200 and second.content == first.content


def test_download_of_unchanged_data_is_one_lookup_and_builds_no_report(
    client, published, monkeypatch, django_assert_num_queries
):
    """The stored file is found by the programme's data version: no tree read, no build."""
    first = client.get(url("pdf", *published))
    assert first.status_code == 200

    def no_build(*args, **kwargs):
        raise AssertionError("the report was built again")

    monkeypatch.setattr("reports.services.build_report", no_build)
    # The programme, its reporting year, the file (keyed by the data version).
    with django_assert_num_queries(3):
        second = client.get(url("pdf", *published))
    assert second.status_code == 200 and second.content == first.content


def test_new_data_version_with_the_same_content_reuses_the_file(client, rf, admin_user,
                                                                  published, monkeypatch):
    """A change that does not show in the report (here: the year saved unchanged in the
    admin) costs one build to compare, then the file is keyed by the new version; no render."""
    programme, reporting_year = published
    first = client.get(url("xlsx", *published))
    admin_save(rf, admin_user, ReportingYear.objects.get(pk=reporting_year.pk))

    def no_render(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr("reports.exporters.ReportXLSXExporter.render", no_render)
    assert client.get(url("xlsx", *published)).content == first.content
    monkeypatch.setattr("reports.services.build_report", no_render)
    assert client.get(url("xlsx", *published)).content == first.content  # one lookup again


def test_value_change_makes_a_new_file(client, rf, admin_user, published):
    """A value corrected (here in the admin, which gives the programme a new data version)."""
    programme, reporting_year = published
    client.get(url("xlsx", *published))
    old = RenderedReport.objects.get(file_format="xlsx")
    value = IndicatorValue.objects.filter(indicator__objective__programme=programme,
                                          year=2020, number__isnull=False).first()
    value.number += 1
    admin_save(rf, admin_user, value)
    client.get(url("xlsx", *published))
    new = RenderedReport.objects.get(file_format="xlsx")  # the old one was replaced
    assert new.fingerprint != old.fingerprint


def test_acceptance_change_makes_a_new_file(client, rf, draft, coordinator):
    programme, reporting_year = draft
    client.force_login(coordinator)
    draft_pdf = client.get(url("pdf", *draft)).content
    reporting_year.state = ReportingYear.State.ACCEPTED
    admin_save(rf, coordinator, reporting_year)
    accepted_pdf = client.get(url("pdf", *draft)).content
    assert accepted_pdf != draft_pdf
    text = PdfReader(io.BytesIO(accepted_pdf)).pages[0].extract_text()
    assert "akceptuję" in text and "PROJEKT" not in text


def test_pending_render_shows_a_refreshing_page(client, published, monkeypatch):
    monkeypatch.setattr(services, "request_render", lambda *args: None)
    response = client.get(url("pdf", *published))
    assert response.status_code == 202
    html = response.content.decode()
    assert 'http-equiv="refresh"' in html and "jest przygotowywany" in html


def test_failed_render_offers_a_retry(client, published, monkeypatch):
    def broken(self):
        raise RuntimeError("font missing")

    monkeypatch.setattr("reports.exporters.ReportPDFExporter.render", broken)
    response = client.get(url("pdf", *published))
    assert response.status_code == 500 and "Spróbuj ponownie" in response.content.decode()
    assert RenderedReport.objects.get(file_format="pdf").status == "failed"
    monkeypatch.undo()
    retried = client.get(url("pdf", *published) + "?retry=1")
    assert retried.status_code == 200 and retried["Content-Type"] == "application/pdf"


# Command --------------------------------------------------------------------------------------

@pytest.mark.parametrize("file_format", ["pdf", "xlsx"])
def test_command_writes_exactly_the_web_download(client, published, tmp_path, file_format):
    programme, reporting_year = published
    output = tmp_path / f"raport.{file_format}"
    call_command("render_report", programme.slug, "2020", "--format", file_format,
                 "--output", str(output))
    web = client.get(url(file_format, *published)).content
    assert output.read_bytes() == web


def test_command_rejects_an_unknown_year(published):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="nie ma roku sprawozdawczego 2019"):
        call_command("render_report", published[0].slug, "2019", "--output", "/dev/null")
