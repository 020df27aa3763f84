"""Hostile input in every text field a user can fill, through the forms and the API.

Each input (``tests/hostile.py``) must be either refused with a message — a form error or a 400
in Polish, with nothing stored — or stored (whole, whitespace at the ends trimmed, CRLF as LF)
and shown inert: escaped in the pages that display it, literally in the PDF report, as a plain
string cell (never a formula) in the XLSX report. Never a 500: NUL bytes and very long strings
are what PostgreSQL refuses, so run this on PostgreSQL too.

The inputs are looped inside each test (with the input's name in every failure message): a
parametrised cross-product would be thousands of cases for the same few code paths.
"""

import io
from datetime import date

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook
from pypdf import PdfReader
from rest_framework.test import APIClient

from api.models import ApiToken
from consultations.models import Consultation, Proposal, Submission
from consultations.report import ConsultationReportPDF
from indicators.inputs import TEXT_MAX_LENGTH
from indicators.models import Indicator, IndicatorValue, ValueKind
from lib.text import FREE_TEXT_MAX_LENGTH, clean_text
from programs.models import Organisation, ReportingYear
from reports.builder import build_report
from reports.exporters import EXPORTERS
from tests.factories import build_programme
from tests.hostile import HOSTILE_TEXTS, MULTILINE_TEXTS, is_inert_in_html

pytestmark = pytest.mark.django_db

NUL_MESSAGE = "Znaki null są niedozwolone."  # Django's own, in Polish
State = IndicatorValue.State


def stored_form(text: str) -> str:
    """What a stored text looks like: trimmed at the ends, CRLF as LF, without bidirectional
    control characters (``lib.text.clean_text``, used by the forms and services)."""
    return clean_text(text)


def is_polish(message: str) -> bool:
    return any(letter in message for letter in "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ„")


class Failures(list):
    def check(self, condition, name, message):
        if not condition:
            self.append(f"[{name}] {message}")

    def assert_none(self):
        assert not self, f"{len(self)} problem(s):\n" + "\n".join(self[:40])


def _html(response) -> str:
    return response.content.decode()


def _refused_with_message(response, extra_markers=()) -> bool:
    """A page re-displayed with an error (form errors or an error message)."""
    html = _html(response)
    markers = ("field-error", "errorlist", "form-errors", "messages", *extra_markers)
    return response.status_code == 200 and any(marker in html for marker in markers)


# --- the data-entry cycle: a small programme of our own --------------------------------------


@pytest.fixture
def hostile_programme(organisation):
    """Two indicators reported by ``organisation``: a number (with remarks and the deviation
    fields) and a text; 2019–2020 accepted, 2021 open for entry."""
    programme = build_programme(goals=1, tasks_per_goal=1, indicators_per_task=2,
                                years=(2019, 2020), organisation=organisation,
                                first_year=2019, last_year=2024, slug="t-hostile")
    programme.uses_deviation_assessment = True
    programme.save()
    number, text = Indicator.objects.for_programme(programme).order_by("position")
    text.value_kind, text.unit = ValueKind.TEXT, ""
    text.save()
    IndicatorValue.objects.filter(indicator=text).update(number=None, text="opis")
    ReportingYear.objects.create(programme=programme, year=2021)
    programme.number_indicator, programme.text_indicator = number, text
    return programme


def _entry_post(number, text_indicator, text):
    data = {}
    for indicator in (number, text_indicator):
        data[f"v{indicator.pk}-version"] = "0"
        data[f"v{indicator.pk}-fingerprint"] = ""
    data |= {
        f"v{number.pk}-value": "100",
        f"v{number.pk}-remarks": text,
        f"v{number.pk}-achieved_result": text,
        f"v{number.pk}-deviation_assessment": text,
        f"v{text_indicator.pk}-value": text,
    }
    return data


def test_entry_form_refuses_or_stores_inert(client, data_entry, coordinator, hostile_programme):
    programme = hostile_programme
    number, text_indicator = programme.number_indicator, programme.text_indicator
    entry = reverse("value_entry", args=[programme.slug, 2021])
    history = reverse("value_history", args=[programme.slug, 2021, number.pk])
    failures = Failures()
    for name, text in MULTILINE_TEXTS.items():
        IndicatorValue.objects.filter(indicator__objective__programme=programme,
                                      year=2021).delete()
        client.force_login(data_entry)
        response = client.post(entry, _entry_post(number, text_indicator, text))
        values = {v.indicator_id: v for v in IndicatorValue.objects.filter(year=2021,
                  indicator__in=[number, text_indicator])}
        failures.check(response.status_code < 500, name, f"entry POST {response.status_code}")
        if "\x00" in text or len(stored_form(text)) > TEXT_MAX_LENGTH:
            marker = NUL_MESSAGE if "\x00" in text else f"{TEXT_MAX_LENGTH}"
            failures.check(_refused_with_message(response) and marker in _html(response),
                           name, f"not refused with a message ({response.status_code})")
            failures.check(not values, name, "something was stored despite the refusal")
            continue
        failures.check(response.status_code == 302, name,
                       f"expected the values saved (302), got {response.status_code}")
        if response.status_code != 302:
            continue
        saved = values.get(number.pk)
        expected = stored_form(text)
        failures.check(saved is not None and saved.remarks == expected
                       and saved.deviation_assessment == expected
                       and saved.achieved_result == expected, name,
                       "remarks/deviation not stored whole")
        if expected:
            failures.check(text_indicator.pk in values
                           and values[text_indicator.pk].text == expected, name,
                           "the text value not stored whole")
        for url, user in ((entry, data_entry), (history, data_entry),
                          (reverse("programme_detail", args=[programme.slug]), coordinator),
                          (reverse("dashboards:indicator", args=[programme.slug, number.pk]),
                           coordinator)):
            client.force_login(user)
            page = client.get(url)
            failures.check(page.status_code == 200, name, f"GET {url}: {page.status_code}")
            failures.check(is_inert_in_html(_html(page)), name, f"{url} shows live markup")
        client.force_login(data_entry)
        page = client.get(entry)  # the form shows the text back, escaped, in its text areas
        failures.check(escape(expected) in _html(page), name, "entry form does not show it back")
    failures.assert_none()


def test_numeric_value_field_refuses_hostile_text_with_message(client, data_entry,
                                                               hostile_programme):
    number = hostile_programme.number_indicator
    entry = reverse("value_entry", args=[hostile_programme.slug, 2021])
    client.force_login(data_entry)
    failures = Failures()
    for name, text in HOSTILE_TEXTS.items():
        if not text.strip():
            continue  # an empty value is simply no value
        response = client.post(entry, {f"v{number.pk}-value": text,
                                       f"v{number.pk}-version": "0"})
        failures.check(_refused_with_message(response), name,
                       f"not refused with a message ({response.status_code})")
        failures.check(is_inert_in_html(_html(response)), name, "error page shows live markup")
        failures.check(not IndicatorValue.objects.filter(indicator=number, year=2021).exists(),
                       name, "stored")
    failures.assert_none()


def test_return_comment_refuses_or_stores_inert(client, coordinator, data_entry,
                                                hostile_programme):
    programme = hostile_programme
    number = programme.number_indicator
    review = reverse("year_review", args=[programme.slug, 2021])
    entry = reverse("value_entry", args=[programme.slug, 2021])
    failures = Failures()
    for name, text in MULTILINE_TEXTS.items():
        IndicatorValue.objects.filter(indicator=number, year=2021).delete()
        value = IndicatorValue.objects.create(indicator=number, year=2021, number=100,
                                              state=State.SUBMITTED)
        client.force_login(coordinator)
        response = client.post(review, {f"r{value.pk}-action": "return",
                                        f"r{value.pk}-comment": text})
        value.refresh_from_db()
        failures.check(response.status_code < 500, name, f"review POST {response.status_code}")
        if "\x00" in text or not text.strip() or len(stored_form(text)) > FREE_TEXT_MAX_LENGTH:
            # NUL: the form refuses it; only spaces: a return needs a comment; over-long: the
            # free-text limit.
            failures.check(_refused_with_message(response), name,
                           f"not refused with a message ({response.status_code})")
            failures.check(value.state == State.SUBMITTED, name, "returned anyway")
            continue
        failures.check(response.status_code == 302 and value.state == State.RETURNED
                       and value.review_comment == stored_form(text), name,
                       f"not returned with the whole comment ({response.status_code})")
        for url, user in ((entry, data_entry), (review, coordinator)):
            client.force_login(user)
            page = client.get(url)
            failures.check(page.status_code == 200 and is_inert_in_html(_html(page)), name,
                           f"{url}: {page.status_code} or live markup")
    failures.assert_none()


def test_lock_and_reopen_texts_refuse_or_store_inert(client, coordinator, hostile_programme):
    programme = hostile_programme
    year = ReportingYear.objects.create(programme=programme, year=2020)  # values accepted
    lock = reverse("year_lock", args=[programme.slug, 2020])
    reopen = reverse("year_reopen", args=[programme.slug, 2020])
    review = reverse("year_review", args=[programme.slug, 2020])
    client.force_login(coordinator)
    failures = Failures()
    for name, text in MULTILINE_TEXTS.items():
        ReportingYear.objects.filter(pk=year.pk).update(state=ReportingYear.State.OPEN,
                                                        conclusion="", accepted_by="")
        response = client.post(lock, {"conclusion": text, "accepted_by": text[:300],
                                      "accepted_on": "2021-05-31"})
        year.refresh_from_db()
        failures.check(response.status_code < 500, name, f"lock POST {response.status_code}")
        single_line = text[:300]
        if "\x00" in text or not single_line.strip() or len(single_line.strip()) > 200 or (
                "\n" in single_line.strip()):
            # accepted_by is one line of at most 200 characters; a line break in it is kept
            # by Django's CharField, so it may also be accepted — both are fine.
            if response.status_code == 200:
                failures.check(_refused_with_message(response), name, "refused without message")
                failures.check(not year.is_locked, name, "locked anyway")
                continue
        failures.check(response.status_code == 302 and year.is_locked
                       and stored_form(year.conclusion) == stored_form(text), name,
                       f"not locked with the whole conclusion ({response.status_code})")
        page = client.get(review)
        failures.check(page.status_code == 200 and is_inert_in_html(_html(page)), name,
                       "review page after locking")

    for name, text in MULTILINE_TEXTS.items():
        ReportingYear.objects.filter(pk=year.pk).update(state=ReportingYear.State.ACCEPTED,
                                                        reopen_reason="")
        response = client.post(reopen, {"reason": text})
        year.refresh_from_db()
        failures.check(response.status_code < 500, name, f"reopen POST {response.status_code}")
        if "\x00" in text or not text.strip() or len(stored_form(text)) > FREE_TEXT_MAX_LENGTH:
            failures.check(_refused_with_message(response) and year.is_locked, name,
                           f"not refused with a message ({response.status_code})")
            continue
        failures.check(response.status_code == 302 and not year.is_locked
                       and year.reopen_reason == stored_form(text), name,
                       f"not reopened with the whole reason ({response.status_code})")
        for url in (review, reverse("audit:event_list")):
            page = client.get(url)
            failures.check(page.status_code == 200 and is_inert_in_html(_html(page)), name,
                           f"{url}: {page.status_code} or live markup")
    failures.assert_none()


# --- the documents: PDF and XLSX of a report full of hostile texts ---------------------------


def _pdf_text(content: bytes) -> str:
    """The PDF's text without whitespace (lines wrap anywhere in table cells); pypdf gives some
    fonts' text as UTF-16 with NUL high bytes, which are dropped."""
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    return "".join(text.replace("\x00", "").split())


def _squeeze(text: str) -> str:
    return "".join(text.split())


def test_report_pdf_and_xlsx_show_hostile_texts_literally(organisation):
    # What data entry can store: no NUL, at most TEXT_MAX_LENGTH characters.
    texts = {name: text for name, text in MULTILINE_TEXTS.items()
             if "\x00" not in text and len(stored_form(text)) <= TEXT_MAX_LENGTH}
    programme = build_programme(goals=1, tasks_per_goal=1, indicators_per_task=len(texts),
                                years=(2019, 2020), organisation=organisation,
                                first_year=2019, last_year=2024, slug="t-hostile-report")
    programme.uses_deviation_assessment = True
    programme.save()
    indicators = list(Indicator.objects.for_programme(programme).order_by("position"))
    for indicator, text in zip(indicators, texts.values(), strict=True):
        IndicatorValue.objects.filter(indicator=indicator, year=2020).update(
            remarks=stored_form(text), deviation_assessment=stored_form(text))
    text_indicator = indicators[0]
    text_indicator.value_kind, text_indicator.unit = ValueKind.TEXT, ""
    text_indicator.save()
    IndicatorValue.objects.filter(indicator=text_indicator, year=2020).update(
        number=None, text=HOSTILE_TEXTS["formula_equals"])
    year = ReportingYear.objects.create(
        programme=programme, year=2020, state=ReportingYear.State.PUBLISHED,
        conclusion=HOSTILE_TEXTS["script"] + "\n" + HOSTILE_TEXTS["formula_at"],
        accepted_by="PREZYDENT MIASTA", accepted_on=date(2021, 5, 31),
    )
    report = build_report(programme, year, None)

    _filename, content_type, pdf = EXPORTERS["pdf"](report).render()
    assert content_type == "application/pdf"
    text = _pdf_text(pdf)
    # Markup comes out as the characters typed, not as formatting. (ASCII fragments only:
    # pypdf does not map every glyph of the embedded fonts back to Polish letters.)
    for fragment in ("<script>alert('xss')</script>", "DROP TABLE", "<b>bold</b>",
                     "{{ request.user.password }}", "../../etc/passwd", "=HYPERLINK("):
        assert _squeeze(fragment) in text, f"{fragment!r} not shown literally in the PDF"

    _filename, content_type, xlsx = EXPORTERS["xlsx"](report).render()
    workbook = load_workbook(io.BytesIO(xlsx))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row
             if cell.value is not None]
    formulas = [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert not formulas, f"cells read as formulas: {formulas}"
    strings = [cell.value for cell in cells if isinstance(cell.value, str)]
    for name in ("formula_equals", "formula_plus", "formula_minus", "formula_at", "script"):
        assert any(HOSTILE_TEXTS[name] in value for value in strings), (
            f"{name} not kept literally as text in the XLSX")
    assert all(len(value) <= 32_767 for value in strings), "a cell over Excel's limit"


# --- consultations ---------------------------------------------------------------------------


@pytest.fixture
def consultation_setup(organisation):
    programme = build_programme(goals=1, tasks_per_goal=1, indicators_per_task=1,
                                organisation=organisation, slug="t-hostile-draft")
    return programme


def _consultation_post(text, programme):
    return {
        "title": text, "reference_numbers": text, "status": "planned",
        "start_date": "2024-01-01", "end_date": "2024-01-31", "legal_basis": text,
        "addressees": text, "purpose": text, "announcement_channels": text,
        "submission_method": text, "submission_address": text, "submission_email": "",
        "responsible_department": text, "validity_conclusion": text, "report_place": "Białystok",
        "report_date": "", "drafts-TOTAL_FORMS": "1", "drafts-INITIAL_FORMS": "0",
        "drafts-MIN_NUM_FORMS": "0", "drafts-MAX_NUM_FORMS": "1000",
        "drafts-0-programme": str(programme.pk), "drafts-0-resolution_subject": text,
    }


def test_consultation_forms_refuse_or_store_inert(client, coordinator, consultation_setup):
    programme = consultation_setup
    client.force_login(coordinator)
    failures = Failures()
    # WeasyPrint takes seconds for thousands of characters: a few kinds of input suffice.
    pdf_checked = {"script", "rtl_override", "emoji", "control_chars", "html_markup"}
    shown = []
    for name, text in MULTILINE_TEXTS.items():
        before = Consultation.objects.count()
        response = client.post(reverse("consultations:consultation_create"),
                               _consultation_post(text, programme))
        failures.check(response.status_code < 500, name,
                       f"consultation POST {response.status_code}")
        if response.status_code != 302:
            failures.check(_refused_with_message(response), name, "refused without a message")
            failures.check(Consultation.objects.count() == before, name, "stored anyway")
            failures.check(is_inert_in_html(_html(response)), name, "form shows live markup")
            # Keep going with a valid title, so the other fields are tried too.
            response = client.post(reverse("consultations:consultation_create"),
                                   _consultation_post(text, programme) | {"title": "Tytuł"})
            if response.status_code != 302:
                failures.check("\x00" in text or not text.strip() or response.status_code == 200,
                               name, f"other fields: {response.status_code}")
                continue
        consultation = Consultation.objects.latest("pk")
        failures.check(stored_form(consultation.legal_basis) == stored_form(text), name,
                       "legal basis not stored whole")
        draft = consultation.drafts.get()

        # A submission from a new organisation named by the text, with remarks.
        response = client.post(
            reverse("consultations:submission_create", args=[consultation.pk]),
            {"draft": draft.pk, "organisation": "", "new_organisation_name": text,
             "received_on": "2024-01-10", "channel": "email", "remarks": text})
        failures.check(response.status_code in (200, 302), name,
                       f"submission POST {response.status_code}")
        submission = Submission.objects.filter(consultation=consultation).first()
        if submission is None:
            failures.check(_refused_with_message(response), name, "submission refused silently")
            response = client.post(
                reverse("consultations:submission_create", args=[consultation.pk]),
                {"draft": draft.pk, "organisation": Organisation.objects.first().pk,
                 "received_on": "2024-01-10", "channel": "email", "remarks": "uwagi"})
            submission = Submission.objects.filter(consultation=consultation).first()
            if submission is None:
                failures.check(False, name, "no submission even with plain input")
                continue
        response = client.post(
            reverse("consultations:proposal_create", args=[submission.pk]),
            {"section_reference": text[:100], "current_text": text,
             "proposed_text": text + " — nowe", "justification": text, "outcome": "",
             "reasoning": "", "final_wording": ""})
        failures.check(response.status_code in (200, 302), name,
                       f"proposal POST {response.status_code}")
        proposal = Proposal.objects.filter(submission=submission).first()
        if proposal is None:
            failures.check("\x00" in text and _refused_with_message(response), name,
                           "proposal refused without a message")
            continue
        failures.check(stored_form(proposal.current_text) == stored_form(text), name,
                       "proposal text not stored whole")
        response = client.post(reverse("consultations:outcomes", args=[consultation.pk]), {
            "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000", "form-0-id": str(proposal.pk),
            "form-0-outcome": "accepted", "form-0-reasoning": text, "form-0-final_wording": text,
        })
        failures.check(response.status_code in (200, 302), name,
                       f"outcomes POST {response.status_code}")
        shown.append(name)
        for url in (reverse("consultations:manage_detail", args=[consultation.pk]),
                    reverse("consultations:proposal_detail", args=[proposal.pk]),
                    reverse("consultations:outcomes", args=[consultation.pk]),
                    reverse("consultations:report_html", args=[consultation.pk]),
                    reverse("consultations:public_list")):
            page = client.get(url)
            failures.check(page.status_code == 200, name, f"GET {url}: {page.status_code}")
            failures.check(is_inert_in_html(_html(page)), name, f"{url} shows live markup")
        if name in pdf_checked:
            _f, content_type, pdf = ConsultationReportPDF(consultation).render()
            failures.check(content_type == "application/pdf" and _pdf_text(pdf), name,
                           "consultation PDF empty")
    failures.assert_none()
    print("consultation inputs stored and shown:", shown)
    # Everything but NUL and the over-long single-line texts goes all the way through.
    assert {"script", "img_onerror", "attribute_break", "formula_equals", "rtl_override",
            "emoji", "control_chars", "crlf_injection"} <= set(shown)


@pytest.mark.parametrize("field", ["reference_numbers", "announcement_channels", "legal_basis"])
def test_consultation_field_refuses_nul_alone(client, coordinator, consultation_setup, field):
    """One NUL in one field, everything else valid (the lists are JSON: PostgreSQL's jsonb
    refuses \\u0000 too)."""
    client.force_login(coordinator)
    data = _consultation_post("Zwykły tekst", consultation_setup) | {field: "a\x00b"}
    response = client.post(reverse("consultations:consultation_create"), data)
    assert _refused_with_message(response) and NUL_MESSAGE in _html(response)
    assert not Consultation.objects.filter(title="Zwykły tekst").exists()


# --- the API ---------------------------------------------------------------------------------


def test_api_value_write_refuses_or_stores_whole(data_entry, hostile_programme):
    number = hostile_programme.number_indicator
    text_indicator = hostile_programme.text_indicator
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(data_entry)}",
                       HTTP_ACCEPT_LANGUAGE="pl")
    failures = Failures()
    for name, text in MULTILINE_TEXTS.items():
        IndicatorValue.objects.filter(indicator__in=[number, text_indicator],
                                      year=2021).delete()
        for indicator, payload in (
            (number, {"value": "100", "remarks": text, "deviation_assessment": text}),
            (text_indicator, {"value": text}),
        ):
            response = client.post("/api/v1/values/", {"indicator": indicator.pk, "year": 2021,
                                                        "version": 0, **payload}, format="json")
            stored = IndicatorValue.objects.filter(indicator=indicator, year=2021).first()
            failures.check(response.status_code < 500, name,
                           f"API {indicator.value_kind}: {response.status_code}")
            if response.status_code == 400:
                body = response.json()
                failures.check(body["errors"] and is_polish(body["detail"]), name,
                               f"400 without a Polish message: {body}")
                failures.check(stored is None, name, "stored despite the 400")
            elif response.status_code in (200, 201):
                failures.check("\x00" not in text, name, "NUL accepted by the API")
                saved = stored.remarks if indicator == number else stored.text
                failures.check(saved == stored_form(text), name, "not stored whole")
                failures.check(response.json()["remarks"] == stored.remarks, name,
                               "API answers another text than stored")
            elif response.status_code == 204:
                failures.check(not stored_form(text), name, "cleared a non-empty value")
            else:
                failures.check(False, name, f"unexpected {response.status_code}")
    failures.assert_none()


def test_value_check_survives_hostile_parameters(client, data_entry, hostile_programme):
    client.force_login(data_entry)
    url = reverse("value_check")
    number = hostile_programme.number_indicator
    for indicator in ("abc", "1e5", "-1", "9" * 40, "'; DROP TABLE x; --", "\x00", "½"):
        response = client.get(url, {"indicator": indicator, "text": "12"})
        assert response.status_code == 404, (indicator, response.status_code)
    for name, text in HOSTILE_TEXTS.items():
        response = client.get(url, {"indicator": number.pk, "text": text})
        assert response.status_code == 200, (name, response.status_code)


# --- uploads ---------------------------------------------------------------------------------


def test_every_upload_field_belongs_to_an_app_that_checks_size_and_type():
    """Files can be uploaded only where the size limit (``MAX_UPLOAD_SIZE``) and the type are
    checked: the spreadsheet upload (``spreadsheets.files``, tested with that app). A new file
    field anywhere else fails here until it gets the same checks."""
    from django import forms
    from django.db import models

    checked_apps = {"spreadsheets"}
    project_apps = [config for config in apps.get_app_configs()
                    if str(config.path).startswith(str(settings.BASE_DIR))
                    and ".venv" not in str(config.path)]
    model_files = [
        f"{model._meta.label}.{field.name}"
        for config in project_apps for model in config.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField) and config.label not in checked_apps
    ]
    assert not model_files, f"file fields without upload checks: {model_files}"

    import importlib

    form_files = []
    for config in project_apps:
        if config.label in checked_apps:
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.BaseForm):
                form_files += [f"{value.__name__}.{field}"
                               for field, spec in value.base_fields.items()
                               if isinstance(spec, forms.FileField)]
    assert not form_files, f"upload fields without size/type checks: {form_files}"
    assert settings.MAX_UPLOAD_SIZE == 5 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= settings.MAX_UPLOAD_SIZE
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.MAX_UPLOAD_SIZE

