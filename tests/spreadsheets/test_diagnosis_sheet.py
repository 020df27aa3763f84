"""The value sheet's "Dane diagnozy" sheet: the organisation's monitored diagnosis rows, and
reading the filled sheet back through the entry page's service (all or nothing)."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from lib.xlsxfile import workbook_bytes, write_cell
from programs.models import DiagnosisValue, ReportingYear
from spreadsheets.models import PendingUpload
from spreadsheets.value_sheets import value_sheet
from tests.diagnosis_builders import OPEN_YEAR, build_diagnosis, enter

SHEET = "Dane diagnozy"
HEADER = 3


@pytest.fixture
def setup(db, organisation, other_organisation):
    return build_diagnosis(organisation, other_organisation)


def sheet_of(content: bytes):
    return load_workbook(io.BytesIO(content))[SHEET]


def fill(content: bytes, typed: dict) -> bytes:
    """The downloaded sheet with ``typed`` ({row id: cell}) in the value column."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook[SHEET]
    header = [cell.value for cell in sheet[HEADER]]
    id_column, value_column = header.index("ID") + 1, header.index(f"Wartość {OPEN_YEAR}") + 1
    rows = {sheet.cell(row, id_column).value: row for row in range(HEADER + 1, sheet.max_row + 1)}
    for row_id, value in typed.items():
        write_cell(sheet, rows[row_id], value_column, value)
    return workbook_bytes(workbook)


def upload(client, setup, content):
    url = reverse("spreadsheets:value_upload", args=[setup.programme.slug, OPEN_YEAR])
    return client.post(url, {"file": SimpleUploadedFile("wartosci.xlsx", content)})


def confirm(client, setup):
    pending = PendingUpload.objects.get()
    url = reverse("spreadsheets:value_upload_confirm",
                  args=[setup.programme.slug, OPEN_YEAR, pending.token])
    return client.post(url)


def test_sheet_lists_own_monitored_rows_only(setup, data_entry, organisation):
    enter(setup.ours, OPEN_YEAR, Decimal(7800))
    sheet = sheet_of(value_sheet(user=data_entry, reporting_year=setup.open_year,
                                 organisation=organisation))
    assert [cell.value for cell in sheet[HEADER]] == [
        "Tabela", "Wiersz", "Jednostka", "Ostatnia wcześniejsza wartość",
        f"Wartość {OPEN_YEAR}", "ID", "Suma kontrolna"]
    rows = list(sheet.iter_rows(min_row=HEADER + 1, values_only=True))
    assert [row[1] for row in rows] == [setup.ours.label, setup.ours_amount.label]
    assert rows[0][0] == "Tabela Nr 1. Osoby korzystające z pomocy społecznej"
    assert rows[0][2] == "osoby"
    assert rows[0][3] == "7\u00a0500 (2020)"
    assert rows[0][4] == 7800
    assert sheet.protection.sheet
    assert not sheet.cell(HEADER + 1, 5).protection.locked
    assert sheet.cell(HEADER + 1, 2).protection.locked
    assert sheet.column_dimensions["F"].hidden


def test_no_sheet_without_monitored_rows(setup, data_entry, organisation):
    setup.ours.monitored_yearly = setup.ours_amount.monitored_yearly = False
    setup.ours.save()
    setup.ours_amount.save()
    content = value_sheet(user=data_entry, reporting_year=setup.open_year,
                          organisation=organisation)
    assert SHEET not in load_workbook(io.BytesIO(content)).sheetnames


def test_locked_year_sheet_has_no_open_cells(setup, data_entry, organisation):
    setup.open_year.state = ReportingYear.State.IN_REVIEW
    setup.open_year.save()
    sheet = sheet_of(value_sheet(user=data_entry, reporting_year=setup.open_year,
                                 organisation=organisation))
    assert sheet.cell(HEADER + 1, 5).protection.locked


def test_filled_sheet_saves_after_preview(client, setup, data_entry, organisation):
    content = value_sheet(user=data_entry, reporting_year=setup.open_year,
                          organisation=organisation)
    client.force_login(data_entry)
    response = upload(client, setup, fill(content, {setup.ours.pk: 7812,
                                                    setup.ours_amount.pk: "1 380 000,50"}))
    assert response.status_code == 302
    preview = client.get(response.url)
    assert preview.status_code == 200
    assert setup.ours.label in preview.content.decode()
    assert not DiagnosisValue.objects.exists()  # the preview saves nothing
    assert confirm(client, setup).status_code == 302
    values = dict(DiagnosisValue.objects.values_list("row_id", "number"))
    assert values == {setup.ours.pk: Decimal(7812), setup.ours_amount.pk: Decimal("1380000.5")}


def test_an_error_saves_nothing_with_a_polish_message(client, setup, data_entry, organisation):
    content = value_sheet(user=data_entry, reporting_year=setup.open_year,
                          organisation=organisation)
    client.force_login(data_entry)
    response = upload(client, setup, fill(content, {setup.ours.pk: "12,5",
                                                    setup.ours_amount.pk: 100}))
    preview = client.get(response.url)
    assert preview.status_code == 400
    assert "Ten wskaźnik przyjmuje liczbę całkowitą" in preview.content.decode()
    assert confirm(client, setup).status_code == 400
    assert not DiagnosisValue.objects.exists()


def test_another_organisations_row_is_refused(client, setup, data_entry, organisation):
    content = value_sheet(user=data_entry, reporting_year=setup.open_year,
                          organisation=organisation)
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook[SHEET]
    sheet.cell(HEADER + 1, 6).value = setup.theirs.pk  # pretend the row is the other's
    sheet.cell(HEADER + 1, 5).value = 99
    client.force_login(data_entry)
    response = upload(client, setup, workbook_bytes(workbook))
    assert response.status_code == 400
    assert "nie jest zbierany od" in response.content.decode()
    assert not DiagnosisValue.objects.exists()


def test_untouched_rows_are_not_sent(client, setup, data_entry, organisation):
    enter(setup.ours, OPEN_YEAR, Decimal(5))
    content = value_sheet(user=data_entry, reporting_year=setup.open_year,
                          organisation=organisation)
    DiagnosisValue.objects.filter(row=setup.ours).update(number=6)  # a colleague's change
    client.force_login(data_entry)
    upload(client, setup, fill(content, {setup.ours_amount.pk: 10}))
    confirm(client, setup)
    assert DiagnosisValue.objects.get(row=setup.ours).number == 6
    assert DiagnosisValue.objects.get(row=setup.ours_amount).number == 10
