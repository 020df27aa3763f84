"""The programme import pages, the template and export downloads: right roles, wrong roles,
bad tokens; and the management command."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from programs.models import Objective, Programme
from spreadsheets.models import PendingUpload
from spreadsheets.programme_sheets import EXAMPLE_SLUG

from .builders import SIMPLE_HEADERS, programme_file, simple_rows
from .test_programme_import import counts

IMPORT = reverse("spreadsheets:programme_import")
TEMPLATE = reverse("spreadsheets:programme_template")
EXAMPLE = reverse("spreadsheets:programme_example")


def export_url(slug=EXAMPLE_SLUG):
    return reverse("spreadsheets:programme_export", args=[slug])


def good() -> bytes:
    return programme_file(rows=simple_rows(), extra_headers=SIMPLE_HEADERS)


def test_coordinator_uploads_sees_the_preview_and_confirms(client, coordinator):
    client.force_login(coordinator)
    page = client.get(IMPORT)
    assert page.status_code == 200
    assert "Pobierz szablon" in page.text and "Kod nadrzędny" in page.text
    before = counts()
    response = client.post(IMPORT, {"file": SimpleUploadedFile("program.xlsx", good())})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert "Podgląd importu" in preview.text and "Zatwierdź import" in preview.text
    assert "Program testowy" in preview.text
    assert counts() == before
    # "MOPR" and "PUP" are short names: the page asks, and the import waits for the answers.
    asked = preview.context["preview"].questions
    assert [question.name for question in asked] == ["MOPR", "PUP"]
    assert client.post(response["Location"]).status_code == 400
    assert counts() == before
    done = client.post(response["Location"], {
        question.field_name: question.candidates[0].pk for question in asked})
    assert done.status_code == 302 and done["Location"] == "/programmes/program-testowy-arkusz/"
    assert Objective.objects.filter(programme__slug="program-testowy-arkusz").count() == 5
    assert not PendingUpload.objects.exists()
    assert client.post(response["Location"]).status_code == 404  # used once


def test_preview_points_out_near_duplicate_organisations(client, coordinator):
    rows = simple_rows()
    rows[2]["reporting_organisation"] = "Powiatowy Urzad Pracy w Bialymstoku"
    client.force_login(coordinator)
    response = client.post(IMPORT, {"file": SimpleUploadedFile("p.xlsx", programme_file(
        rows=rows, extra_headers=SIMPLE_HEADERS))})
    preview = client.get(response["Location"])
    assert "Możliwy duplikat" in preview.text
    assert "Powiatowy Urząd Pracy w Białymstoku" in preview.text


def test_template_and_example_download_for_the_coordinator(client, coordinator):
    client.force_login(coordinator)
    template = client.get(TEMPLATE)
    assert template.status_code == 200 and "szablon-programu.xlsx" in \
        template["Content-Disposition"]
    example = client.get(EXAMPLE)
    assert example.status_code == 200
    workbook = load_workbook(io.BytesIO(example.content))
    titles = [row[3] for row in workbook["Struktura"].iter_rows(min_row=2, values_only=True)]
    assert "Zaspokojenie niezbędnych potrzeb osób i rodzin w trudnej sytuacji życiowej" in titles


def test_export_for_staff_readers(client, coordinator, department_head):
    for user in (coordinator, department_head):
        client.force_login(user)
        response = client.get(export_url())
        assert response.status_code == 200
    assert client.get(export_url("no-such-programme")).status_code == 404


@pytest.mark.parametrize("role", ["data_entry", "department_head", "council_member"])
def test_other_roles_cannot_import_or_download_the_template(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"file": SimpleUploadedFile("p.xlsx", good())}).status_code == 403
    assert client.get(TEMPLATE).status_code == 403
    assert client.get(EXAMPLE).status_code == 403
    if role != "department_head":
        assert client.get(export_url()).status_code == 403
    assert not Programme.objects.filter(slug="program-testowy-arkusz").exists()


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_log_in(client):
    for url in (IMPORT, TEMPLATE, EXAMPLE, export_url()):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]


def test_pending_import_of_another_user_is_not_found(client, coordinator, admin_user):
    client.force_login(coordinator)
    location = client.post(IMPORT, {"file": SimpleUploadedFile("p.xlsx", good())})["Location"]
    client.force_login(admin_user)
    assert client.get(location).status_code == 404
    assert client.post(location).status_code == 404
    assert client.get(reverse("spreadsheets:programme_import_confirm",
                              args=["00000000-0000-0000-0000-000000000000"])).status_code == 404


def test_command_dry_run_prints_the_preview_and_changes_nothing(tmp_path, db):
    path = tmp_path / "program.xlsx"
    path.write_bytes(good())
    before = counts()
    out = io.StringIO()
    call_command("import_programme", str(path), "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Program testowy" in text and "wskaźniki: 4" in text and "niczego nie zmieniono" \
        in text
    assert counts() == before
    out = io.StringIO()
    call_command("import_programme", str(path), stdout=out)
    assert "Zaimportowano" in out.getvalue()
    assert Programme.objects.filter(slug="program-testowy-arkusz").exists()


def test_command_refuses_a_bad_file_in_polish(tmp_path, db):
    path = tmp_path / "program.xlsx"
    path.write_bytes(b"%PDF-1.4 nie arkusz")
    before = counts()
    with pytest.raises(CommandError) as error:
        call_command("import_programme", str(path))
    assert "plik PDF" in str(error.value) and "niczego nie zmieniono" in str(error.value)
    with pytest.raises(CommandError) as error:
        call_command("import_programme", str(tmp_path / "brak.xlsx"), "--dry-run")
    assert "Nie ma takiego pliku" in str(error.value)
    assert counts() == before
