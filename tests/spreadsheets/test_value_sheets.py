"""Per-organisation value sheets: the download, and the upload applied through the data-entry
services (same parsing, permissions, locking, history, optimistic locking and submit rules)."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from indicators.inputs import ValueInput
from indicators.models import IndicatorValue
from indicators.services.values import values_save
from spreadsheets.models import PendingUpload
from spreadsheets.programme_sheets import programme_workbook

from .conftest import YEAR, fill_sheet

State = IndicatorValue.State


def upload_url(setup):
    return reverse("spreadsheets:value_upload", args=[setup.programme.slug, YEAR])


def download_url(setup, organisation=None):
    url = reverse("spreadsheets:value_sheet", args=[setup.programme.slug, YEAR])
    return f"{url}?organisation={organisation.pk}" if organisation else url


def upload(client, setup, content, name="wartosci.xlsx"):
    return client.post(upload_url(setup), {"file": SimpleUploadedFile(name, content)})


def this_year(setup):
    return IndicatorValue.objects.filter(indicator__objective__programme=setup.programme,
                                         year=YEAR)


def test_download_is_protected_with_validation_and_hidden_identification(client, setup,
                                                                         data_entry):
    client.force_login(data_entry)
    response = client.get(download_url(setup))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Wartości"]
    assert sheet.protection.sheet
    assert workbook["_meta"].sheet_state == "veryHidden"
    header = [cell.value for cell in sheet[6]]
    assert header[:8] == ["Kod", "Wskaźnik", "Jednostka", "Cel", "2018", "2019", "2020",
                          "Wartość 2021"]
    names = [row[1] for row in sheet.iter_rows(min_row=7, values_only=True)]
    assert setup.count.name in names and setup.other.name not in names
    count_row = 7 + names.index(setup.count.name)
    assert [sheet.cell(count_row, c).value for c in (5, 6, 7)] == [100, 110, 120]
    assert sheet.cell(count_row, 1).protection.locked
    assert not sheet.cell(count_row, 8).protection.locked
    id_column = header.index("ID") + 1
    assert sheet.column_dimensions[sheet.cell(6, id_column).column_letter].hidden
    validated = " ".join(str(v.sqref) for v in sheet.data_validations.dataValidation)
    assert f"H{count_row}" in validated


def test_preview_changes_nothing_and_confirm_saves_through_the_entry_service(
        client, setup, data_entry, sheet_for):
    content = fill_sheet(sheet_for(data_entry, setup, data_entry.organisation), {
        setup.count.pk: {"value": 130, "remarks": "z rejestru"},
        setup.amount.pk: {"value": "1 380,00"},
        setup.text.pk: {"value": "- opis działań"},
    })
    client.force_login(data_entry)
    response = upload(client, setup, content)
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert "Zatwierdź import" in preview.text and "z rejestru" not in preview.text
    assert "1 380,00" in preview.text
    assert not this_year(setup).exists()

    response = client.post(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == reverse("value_entry", args=[setup.programme.slug, YEAR])
    values = {value.indicator_id: value for value in this_year(setup)}
    assert values[setup.count.pk].number == 130 and values[setup.count.pk].remarks == \
        "z rejestru"
    assert values[setup.amount.pk].number == Decimal("1380")
    assert values[setup.text.pk].text == "- opis działań"
    assert all(v.state == State.DRAFT and v.entered_by == data_entry for v in values.values())
    assert IndicatorValue.history.filter(indicator_id=setup.count.pk, year=YEAR).count() == 1
    assert not PendingUpload.objects.exists()


def test_the_sheet_may_ask_to_submit(client, setup, data_entry, sheet_for):
    content = fill_sheet(sheet_for(data_entry, setup, data_entry.organisation), {
        setup.count.pk: {"value": 130}, setup.amount.pk: {"value": 1380},
        setup.text.pk: {"no_data": "tak", "no_data_reason": "nie prowadzono"},
    }, submit=True)
    client.force_login(data_entry)
    response = client.post(upload(client, setup, content)["Location"])
    assert response.status_code == 302
    assert set(this_year(setup).values_list("state", flat=True)) == {State.SUBMITTED}
    assert this_year(setup).get(indicator=setup.text).no_data_reason == "nie prowadzono"


def test_submit_rules_apply_and_nothing_is_saved_when_they_fail(client, setup, data_entry,
                                                               sheet_for):
    content = fill_sheet(sheet_for(data_entry, setup, data_entry.organisation),
                         {setup.count.pk: {"value": 130}}, submit=True)
    client.force_login(data_entry)
    response = upload(client, setup, content)
    preview = client.get(response["Location"])
    assert preview.status_code == 400
    assert "Zatwierdź import" not in preview.text
    assert client.post(response["Location"]).status_code == 400
    assert not this_year(setup).exists()


def test_parsing_errors_are_shown_per_row_and_nothing_is_saved(client, setup, data_entry,
                                                              sheet_for):
    content = fill_sheet(sheet_for(data_entry, setup, data_entry.organisation), {
        setup.count.pk: {"value": "12,5"}, setup.amount.pk: {"value": 50},
    })
    client.force_login(data_entry)
    preview = client.get(upload(client, setup, content)["Location"])
    assert preview.status_code == 400
    assert "liczbę całkowitą" in preview.text or "całkowit" in preview.text
    assert "Zatwierdź import" not in preview.text
    assert not this_year(setup).exists()


def test_a_value_changed_after_download_is_a_conflict_not_overwritten(client, setup, data_entry,
                                                                     coordinator, sheet_for):
    downloaded = sheet_for(data_entry, setup, data_entry.organisation)
    values_save(user=coordinator, reporting_year=setup.reporting_year, inputs=[
        ValueInput(setup.count.pk, "125")])
    content = fill_sheet(downloaded, {setup.count.pk: {"value": 130}})
    client.force_login(data_entry)
    preview = client.get(upload(client, setup, content)["Location"])
    assert preview.status_code == 400
    assert "t-coordinator" in preview.text
    assert this_year(setup).get(indicator=setup.count).number == 125


def test_typo_guard_needs_the_confirmation_column(client, setup, data_entry, sheet_for):
    downloaded = sheet_for(data_entry, setup, data_entry.organisation)
    client.force_login(data_entry)
    preview = client.get(upload(client, setup, fill_sheet(
        downloaded, {setup.count.pk: {"value": 1300}}))["Location"])
    assert preview.status_code == 400 and not this_year(setup).exists()
    response = upload(client, setup, fill_sheet(
        downloaded, {setup.count.pk: {"value": 1300, "confirmed": "tak"}}))
    assert client.post(response["Location"]).status_code == 302
    assert this_year(setup).get(indicator=setup.count).number == 1300


def test_untouched_rows_are_not_sent(client, setup, data_entry, coordinator, sheet_for):
    values_save(user=coordinator, reporting_year=setup.reporting_year, inputs=[
        ValueInput(setup.amount.pk, "1 380,00", remarks="=SUMA(A1)")])
    downloaded = sheet_for(data_entry, setup, data_entry.organisation)
    # Someone changes the amount after the download; the sheet does not touch that row.
    values_save(user=coordinator, reporting_year=setup.reporting_year, inputs=[
        ValueInput(setup.amount.pk, "1 400", version=1)])
    client.force_login(data_entry)
    response = upload(client, setup, fill_sheet(downloaded, {setup.count.pk: {"value": 130}}))
    assert client.post(response["Location"]).status_code == 302
    assert this_year(setup).get(indicator=setup.amount).number == 1400
    assert this_year(setup).get(indicator=setup.count).number == 130


def test_a_coordinator_uploads_for_the_organisation_of_the_sheet(client, setup, coordinator,
                                                                other_organisation, sheet_for):
    content = fill_sheet(sheet_for(coordinator, setup, other_organisation),
                         {setup.other.pk: {"value": 7}})
    client.force_login(coordinator)
    response = client.post(upload(client, setup, content)["Location"])
    assert response["Location"].endswith(f"?organisation={other_organisation.pk}")
    assert this_year(setup).get(indicator=setup.other).entered_by == coordinator


def test_another_organisations_sheet_is_refused(client, setup, data_entry, coordinator,
                                                other_organisation, sheet_for):
    content = fill_sheet(sheet_for(coordinator, setup, other_organisation),
                         {setup.other.pk: {"value": 7}})
    client.force_login(data_entry)
    response = upload(client, setup, content)
    assert response.status_code == 400
    assert "innej organizacji" in response.text
    assert not this_year(setup).exists() and not PendingUpload.objects.exists()


def test_a_row_of_another_organisations_indicator_is_refused(client, setup, data_entry,
                                                             sheet_for):
    def swap(workbook, sheet, columns, rows):
        sheet.cell(rows[setup.count.pk], columns["id"], setup.other.pk)

    content = fill_sheet(sheet_for(data_entry, setup, data_entry.organisation),
                         {setup.count.pk: {"value": 5}}, edit=swap)
    client.force_login(data_entry)
    response = upload(client, setup, content)
    assert response.status_code == 400
    assert "innej organizacji" in response.text and not this_year(setup).exists()


def test_a_locked_year_is_refused_with_a_message(client, setup, data_entry, sheet_for):
    content = fill_sheet(sheet_for(data_entry, setup, data_entry.organisation),
                         {setup.count.pk: {"value": 130}})
    setup.reporting_year.state = "accepted"
    setup.reporting_year.save()
    client.force_login(data_entry)
    preview = client.get(upload(client, setup, content)["Location"])
    assert preview.status_code == 400
    assert "2021" in preview.text and "zamknięty" in preview.text
    assert not this_year(setup).exists()


@pytest.mark.parametrize("spoil, message", [
    ("programme_template", "To nie jest arkusz wartości"),
    ("outdated", "nieaktualnego szablonu"),
    ("tampered", "identyfikacja arkusza"),
    ("missing_column", "Kolumny arkusza zostały zmienione"),
    ("extra_column", "spoza szablonu"),
    ("merged", "scalone komórki"),
    ("duplicate_row", "już w wierszu"),
    ("formula", "zawiera formułę bez zapisanej wartości"),
    ("added_row", "nie pochodzi z pobranego arkusza"),
])
def test_bad_value_sheets_get_a_message_and_change_nothing(client, setup, data_entry, sheet_for,
                                                           spoil, message):
    downloaded = sheet_for(data_entry, setup, data_entry.organisation)

    def edit(workbook, sheet, columns, rows):
        row = rows[setup.count.pk]
        if spoil == "outdated":
            workbook["_meta"]["B2"] = "0"
        elif spoil == "tampered":
            workbook["_meta"]["B4"] = "2020"
            workbook["_meta"]["B6"] = workbook["_meta"]["B6"].value[:-3] + "abc"
        elif spoil == "missing_column":
            sheet.delete_cols(columns["remarks"])
        elif spoil == "extra_column":
            sheet.cell(6, len(columns) + 1, "Moja kolumna")
        elif spoil == "merged":
            sheet.merge_cells(start_row=row, start_column=columns["value"], end_row=row + 1,
                              end_column=columns["value"])
        elif spoil == "duplicate_row":
            for column in range(1, len(columns) + 1):
                sheet.cell(sheet.max_row + 1 if column == 1 else sheet.max_row, column,
                           sheet.cell(row, column).value)
        elif spoil == "formula":
            sheet.cell(row, columns["value"]).value = "=100+30"
        elif spoil == "added_row":
            sheet.cell(sheet.max_row + 1, columns["indicator"], "Nowy wskaźnik")

    if spoil == "programme_template":
        content = programme_workbook()
    else:
        content = fill_sheet(downloaded, {setup.count.pk: {"value": 130}}, edit=edit)
    client.force_login(data_entry)
    response = upload(client, setup, content)
    assert response.status_code == 400
    assert message in response.text
    assert 'aria-invalid="true"' in response.text
    assert not this_year(setup).exists() and not PendingUpload.objects.exists()


@pytest.mark.parametrize("role", ["department_head", "council_member"])
def test_roles_that_do_not_enter_values_are_refused(client, setup, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(download_url(setup, setup.count.reporting_organisation)).status_code == 403
    assert client.get(upload_url(setup)).status_code == 403


def test_data_entry_cannot_download_another_organisations_sheet(client, setup, data_entry,
                                                                other_organisation):
    client.force_login(data_entry)
    assert client.get(download_url(setup, other_organisation)).status_code == 403
    assert client.get(download_url(setup)).status_code == 200


def test_anonymous_users_are_sent_to_log_in(client, setup):
    for url in (download_url(setup), upload_url(setup)):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]


def test_another_users_pending_upload_is_not_found(client, setup, data_entry, coordinator,
                                                   sheet_for):
    content = fill_sheet(sheet_for(data_entry, setup, data_entry.organisation),
                         {setup.count.pk: {"value": 130}})
    client.force_login(data_entry)
    location = upload(client, setup, content)["Location"]
    client.force_login(coordinator)
    assert client.get(location).status_code == 404
    assert client.post(location).status_code == 404
    assert not this_year(setup).exists()
