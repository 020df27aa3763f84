"""Uploads while the database cannot write: the file is kept until it is imported or discarded,
the page says what happened in Polish, and nothing is half-imported (see
tests/database_failures.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import IndicatorValue
from programs.models import Programme
from spreadsheets.forms import SpreadsheetUploadForm
from spreadsheets.models import PendingUpload
from spreadsheets.value_sheets import value_sheet
from tests.database_failures import database_fails
from tests.indicators.conftest import YEAR

from .builders import SIMPLE_HEADERS, programme_file, simple_rows
from .conftest import fill_sheet

IMPORT = reverse("spreadsheets:programme_import")
FILE_KEPT = "Jest przechowywany na serwerze"
PREVIEW_FAILED = "Baza danych nie mogła teraz przygotować podglądu"
APPLY_FAILED = "Baza danych nie mogła teraz zastosować pliku"
SLUG = "program-testowy-arkusz"


def programme_upload():
    content = programme_file(rows=simple_rows(), extra_headers=SIMPLE_HEADERS)
    return {"file": SimpleUploadedFile("program.xlsx", content)}


def test_an_unbound_upload_form_shows_the_errors_of_a_kept_file():
    form = SpreadsheetUploadForm()
    form.add_file_errors(["Arkusz jest uszkodzony."])  # was AttributeError: cleaned_data
    assert form.errors == {"file": ["Arkusz jest uszkodzony."]}


# The preview asks whether "MOPR" and "PUP" (short names) are the known bodies: yes.
def confirm_answers(page) -> dict:
    return {question.field_name: question.candidates[0].pk
            for question in page.context["preview"].questions}


def test_programme_import_keeps_the_file_until_it_is_imported(client, coordinator):
    client.force_login(coordinator)
    # The preview's dry run writes (and rolls back) the programme: the database refuses it.
    with database_fails("programs_programme"):
        response = client.post(IMPORT, programme_upload())
        assert response.status_code == 302  # not the file's fault: it is kept
        confirm = response["Location"]
        page = client.get(confirm)
    assert page.status_code == 503 and page["Retry-After"]
    assert PREVIEW_FAILED in page.text and FILE_KEPT in page.text and "program.xlsx" in page.text
    assert PendingUpload.objects.filter(user=coordinator).count() == 1

    preview = client.get(confirm)  # reloaded once the database answers
    assert preview.status_code == 200 and "Zatwierdź import" in preview.text
    answers = confirm_answers(preview)

    with database_fails("programs_objective", after=2):  # part of the tree, then a failure
        response = client.post(confirm, answers)
    assert response.status_code == 302 and response["Location"] == confirm
    page = client.get(confirm)
    assert page.status_code == 200
    assert APPLY_FAILED in page.text and "Zatwierdź import" in page.text
    assert not Programme.objects.filter(slug=SLUG).exists()
    assert PendingUpload.objects.filter(user=coordinator).count() == 1

    response = client.post(confirm, answers)
    assert response.status_code == 302
    assert Programme.objects.filter(slug=SLUG).exists()
    assert not PendingUpload.objects.exists()


def test_a_file_the_database_cannot_keep_is_asked_for_again(client, coordinator):
    client.force_login(coordinator)
    with database_fails("spreadsheets_pendingupload"):
        response = client.post(IMPORT, programme_upload())
    assert response.status_code == 400
    assert "Baza danych nie mogła teraz przechować pliku" in response.text
    assert 'aria-invalid="true"' in response.text
    assert not PendingUpload.objects.exists()


def test_a_kept_file_is_discarded_on_request(client, coordinator):
    client.force_login(coordinator)
    confirm = client.post(IMPORT, programme_upload())["Location"]
    response = client.post(confirm, {"discard": "1"})
    assert response.status_code == 302 and response["Location"] == IMPORT
    assert not PendingUpload.objects.exists()
    assert not Programme.objects.filter(slug=SLUG).exists()
    assert client.get(confirm).status_code == 404


def test_value_sheet_confirmation_keeps_the_file_and_saves_nothing(client, setup, data_entry):
    downloaded = value_sheet(user=data_entry, reporting_year=setup.reporting_year,
                             organisation=data_entry.organisation)
    content = fill_sheet(downloaded, {setup.count.pk: {"value": 130},
                                      setup.amount.pk: {"value": 1380}})
    client.force_login(data_entry)
    url = reverse("spreadsheets:value_upload", args=[setup.programme.slug, YEAR])
    confirm = client.post(url, {"file": SimpleUploadedFile("w.xlsx", content)})["Location"]
    with database_fails("indicators_historicalindicatorvalue"):
        response = client.post(confirm)
    assert response.status_code == 302 and response["Location"] == confirm
    page = client.get(confirm)
    assert page.status_code == 200 and APPLY_FAILED in page.text
    assert "Zatwierdź import" in page.text
    assert not IndicatorValue.objects.filter(indicator__objective__programme=setup.programme,
                                             year=YEAR).exists()
    assert PendingUpload.objects.count() == 1
    assert client.post(confirm).status_code == 302
    assert IndicatorValue.objects.get(indicator=setup.count, year=YEAR).number == 130
    assert not PendingUpload.objects.exists()
