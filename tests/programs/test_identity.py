"""The instance's identity (``InstanceIdentity``): one record the administrator edits, read by
every page, e-mail and document, cached; an instance without it works with neutral wording and
says that it should be filled in."""

import io
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from accounts import roles
from consultations.models import Consultation
from consultations.report import report_context
from demo.identity import BIALYSTOK
from indicators.forms import YearLockForm
from indicators.services.reminders import reminders_send
from programs.identity import current_identity
from programs.models import InstanceIdentity, Organisation, ReportingYear
from reports.builder import build_report
from reports.exporters import ReportXLSXExporter, render_document_html
from tests.factories import build_programme

pytestmark = pytest.mark.django_db

OTHER_CITY = {
    "name": "Miejski Ośrodek Pomocy Społecznej w Przykładowie",
    "short_name": "MOPS Przykładowo",
    "city": "Przykładowo",
    "address": "ul. Długa 1\n00-001 Przykładowo",
    "accessibility_contact_person": "Ewa Nowak",
    "accessibility_contact_email": "dostepnosc@mops.przykladowo.example",
    "accessibility_contact_phone": "11 222 33 44",
    "mayor_title": "Burmistrz Przykładowa",
}


@pytest.fixture
def other_city():
    InstanceIdentity.objects.all().delete()
    return InstanceIdentity.objects.create(**OTHER_CITY)


@pytest.fixture
def no_identity():
    InstanceIdentity.objects.all().delete()


def test_the_demo_loader_sets_bialystoks_identity():
    identity = current_identity()
    assert identity.configured
    assert (identity.name, identity.city) == (BIALYSTOK["name"], "Białystok")


def test_pages_show_the_identity_in_the_title_header_and_footer(client, other_city):
    page = client.get(reverse("home")).content.decode()
    assert "— MOPS Przykładowo</title>" in page
    assert '<footer class="site-footer">' in page
    footer = page.split('<footer class="site-footer">')[1]
    assert "Miejski Ośrodek Pomocy Społecznej w Przykładowie" in footer


def test_the_accessibility_statement_names_the_institution_and_its_contact(client, other_city):
    page = client.get(reverse("accessibility")).content.decode()
    assert '<span id="a11y-podmiot">Miejski Ośrodek Pomocy Społecznej w Przykładowie</span>' in page
    assert 'id="a11y-osoba">Ewa Nowak<' in page
    assert "mailto:dostepnosc@mops.przykladowo.example" in page
    assert 'id="a11y-telefon">11 222 33 44<' in page
    assert "ul. Długa 1<br>00-001 Przykładowo" in page


def test_a_fresh_instance_works_with_neutral_wording_and_asks_for_the_identity(
        client, no_identity, coordinator, admin_user):
    page = client.get(reverse("accessibility")).content.decode()
    assert '<span id="a11y-podmiot">Instytucja prowadząca tę aplikację</span>' in page
    assert 'id="a11y-kontakt-brak"' in page
    home = client.get(reverse("home")).content.decode()
    assert "</title>" in home and " — " not in home.split("</title>")[0]
    assert 'id="identity-missing"' not in home  # visitors are not told
    client.force_login(coordinator)
    assert 'id="identity-missing"' in client.get(reverse("home")).content.decode()
    client.force_login(admin_user)
    admin_index = client.get(reverse("admin:index")).content.decode()
    assert 'id="identity-missing"' in admin_index
    assert reverse("admin:programs_instanceidentity_changelist") in admin_index


def test_a_configured_instance_does_not_ask(client, other_city, coordinator):
    client.force_login(coordinator)
    assert 'id="identity-missing"' not in client.get(reverse("home")).content.decode()


def test_the_identity_is_read_once_and_forgotten_when_saved(client, other_city,
                                                            django_assert_num_queries):
    current_identity()
    with django_assert_num_queries(0):
        assert current_identity().short_name == "MOPS Przykładowo"
    other_city.short_name = "MOPS P."
    other_city.save()
    assert current_identity().short_name == "MOPS P."
    with django_assert_num_queries(0):
        current_identity()


def test_there_is_one_record(other_city):
    InstanceIdentity(name="Drugi").save()
    assert InstanceIdentity.objects.count() == 1
    assert current_identity().name == "Drugi"


def test_the_administrator_edits_the_one_record_in_the_admin(client, admin_user, no_identity):
    client.force_login(admin_user)
    changelist = reverse("admin:programs_instanceidentity_changelist")
    assert client.get(changelist)["Location"] == reverse("admin:programs_instanceidentity_add")
    logo = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(logo, "PNG")
    response = client.post(reverse("admin:programs_instanceidentity_add"), {
        **OTHER_CITY, "logo": SimpleUploadedFile("herb.png", logo.getvalue(), "image/png"),
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    record = InstanceIdentity.objects.get()
    assert client.get(changelist)["Location"] == reverse(
        "admin:programs_instanceidentity_change", args=[record.pk])
    assert not client.get(reverse("admin:programs_instanceidentity_add")).status_code == 200
    page = client.get(reverse("home")).content.decode()
    assert 'class="brand-logo"' in page and "— MOPS Przykładowo</title>" in page
    served = client.get(reverse("identity_logo"))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == record.logo.read()
    record.logo.delete()


def test_the_logo_must_be_a_small_png_or_jpeg(client, admin_user, no_identity, settings):
    client.force_login(admin_user)
    svg = SimpleUploadedFile("herb.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>",
                             "image/svg+xml")
    response = client.post(reverse("admin:programs_instanceidentity_add"),
                           {**OTHER_CITY, "logo": svg})
    assert response.status_code == 200 and not InstanceIdentity.objects.exists()
    settings.MAX_UPLOAD_SIZE = 10
    logo = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(logo, "PNG")
    response = client.post(reverse("admin:programs_instanceidentity_add"), {
        **OTHER_CITY, "logo": SimpleUploadedFile("herb.png", logo.getvalue(), "image/png")})
    assert response.status_code == 200 and not InstanceIdentity.objects.exists()
    assert "Plik jest większy niż" in response.content.decode()


def test_reminder_email_is_signed_by_the_institution(other_city, coordinator):
    organisation = Organisation.objects.create(name="Realizator z Przykładowa",
                                               email="realizator@example.org")
    programme = build_programme(organisation=organisation, years=(2019,), open_year=2020)
    reporting_year = ReportingYear.objects.get(programme=programme, year=2020)
    reporting_year.deadline = date(2021, 1, 31)  # passed: the organisation is late
    reporting_year.save()
    assert reminders_send(user=coordinator, reporting_year=reporting_year)
    body = mail.outbox[-1].body
    assert body.rstrip().endswith("Miejski Ośrodek Pomocy Społecznej w Przykładowie")
    assert "Białyst" not in body


def test_report_author_and_spreadsheet_creator_come_from_the_identity(other_city):
    programme = build_programme(years=(2019, 2020))
    reporting_year = ReportingYear.objects.create(
        programme=programme, year=2020, state=ReportingYear.State.ACCEPTED,
        prepared_on=date(2021, 3, 1))
    report = build_report(programme, reporting_year)
    assert report.prepared_by == "Miejski Ośrodek Pomocy Społecznej w Przykładowie"
    html = render_document_html(report)
    assert '<meta name="author" content="Miejski Ośrodek Pomocy Społecznej w Przykładowie">' \
        in html
    _name, _type, content = ReportXLSXExporter(report).render()
    assert load_workbook(io.BytesIO(content)).properties.creator == "MOPS Przykładowo"


def test_the_consultation_report_is_dated_in_the_instances_city(other_city, client,
                                                                coordinator):
    consultation = Consultation.objects.create(
        title="Konsultacje programu", start_date=date(2024, 2, 1), end_date=date(2024, 3, 1),
        report_date=date(2024, 3, 10))
    assert consultation.report_place == ""
    assert report_context(consultation)["place"] == "Przykładowo"
    client.force_login(coordinator)
    form = client.get(reverse("consultations:consultation_create")).context["form"]
    assert form["report_place"].value() == "Przykładowo"


def test_the_lock_forms_example_signatory_has_the_mayors_title(other_city):
    assert str(YearLockForm().fields["accepted_by"].help_text) == \
        "Np. „Burmistrz Przykładowa Jan Kowalski”."


def test_the_kind_of_the_coordinating_body_names_no_centre():
    assert str(Organisation.Kind.MOPR.label) == "Instytucja koordynująca lub jej komórka"


def test_coordinators_are_not_administrators_of_the_identity(client, coordinator):
    Group.objects.get(name=roles.COORDINATOR)
    client.force_login(coordinator)
    response = client.get(reverse("admin:programs_instanceidentity_changelist"))
    assert response.status_code in (302, 403)
