"""Codes as the document writes them: a node shows its own number ("CEL 1", "1.1"), which may
restart in every branch and repeat, while the application keeps a unique code; a file of the
previous template version still imports."""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from programs.models import Objective, Programme
from reports.builder import TABLE, build_report
from reports.exporters import render_document_html
from spreadsheets import services
from spreadsheets.files import SpreadsheetError

from .builders import FOUR_LEVELS, programme_file

pytestmark = pytest.mark.django_db

CUR = "Centrum Usług Rodzinie w Nowogrodzie"
SLUG = "numeracja-nowogrod"


def _indicator(name):
    return {"indicator": name, "unit": "osoby", "value_kind": "liczba całkowita",
            "reporting_organisation": CUR}


ROWS = [
    {"level": 1, "label": "OBSZAR I", "title": "Rodzina"},
    {"level": 2, "label": "CEL 1", "title": "Wzmocnienie rodziny"},
    {"level": 3, "label": "Zadanie 1", "title": "Poradnictwo"},
    {"level": 4, "label": "1.1", "title": "Punkt konsultacyjny"},
    _indicator("Liczba porad"),
    {"level": 4, "label": "1.2", "title": "Warsztaty"},
    _indicator("Liczba uczestników warsztatów"),
    {"level": 4, "label": "1.2", "title": "Grupa wsparcia"},  # the document repeats 1.2
    _indicator("Liczba uczestników grupy"),
    {"level": 2, "label": "CEL 2", "title": "Piecza zastępcza"},
    {"level": 3, "label": "Zadanie 1", "title": "Promocja"},  # numbering restarts
    {"level": 4, "label": "1.1", "title": "Kampania"},
    _indicator("Liczba kampanii"),
    {"level": 1, "label": "OBSZAR II", "title": "Seniorzy"},
    {"level": 2, "label": "CEL 1", "title": "Aktywność seniorów"},  # restarts in every area
    {"level": 3, "label": "Zadanie 1", "title": "Kluby seniora"},
    {"level": 4, "label": "1.1", "title": "Zajęcia w klubach"},
    _indicator("Liczba klubów"),
]


def numbered_file(rows=ROWS):
    return programme_file(
        programme={"slug": SLUG, "title": "Program Wspierania Rodziny Miasta Nowogród",
                   "coordinator": CUR},
        levels=FOUR_LEVELS, rows=rows,
        organisations=[(CUR, "CUR", "Inna instytucja publiczna", "", "")])


def test_numbers_of_the_document_become_unique_codes_and_repeats_are_explained():
    preview = services.programme_preview(content=numbered_file())
    warnings = " ".join(preview.warnings)
    assert "numer „1.2” powtarza numer z wiersza 7" in warnings
    assert "I.1.1.2-2" in warnings
    services.programme_import(content=numbered_file(), filename="plik.xlsx")
    nodes = {o.code: o for o in Objective.objects.filter(programme__slug=SLUG)}
    assert {code: node.label for code, node in nodes.items()} == {
        "I": "OBSZAR I", "I.1": "CEL 1", "I.1.1": "Zadanie 1", "I.1.1.1": "1.1",
        "I.1.1.2": "1.2", "I.1.1.2-2": "1.2", "I.2": "CEL 2", "I.2.1": "Zadanie 1",
        "I.2.1.1": "1.1", "II": "OBSZAR II", "II.1": "CEL 1", "II.1.1": "Zadanie 1",
        "II.1.1.1": "1.1"}
    assert nodes["I.1.1.2-2"].title == "Grupa wsparcia"
    assert nodes["I.1.1.2-2"].parent == nodes["I.1.1"]
    # The same file again changes nothing: the codes come out the same.
    _programme, stats, _preview = services.programme_import(content=numbered_file(),
                                                           filename="plik.xlsx")
    assert (stats.created, stats.updated) == (0, 0)


def test_pages_and_report_show_the_documents_numbers():
    services.programme_import(content=numbered_file(), filename="plik.xlsx")
    programme = Programme.objects.get(slug=SLUG)
    page = Client().get(reverse("programme_detail", args=[SLUG])).content.decode()
    assert "OBSZAR II. Seniorzy" in page and "CEL 1 Aktywność seniorów" in page
    assert "I.1.1.2-2" not in page
    year = programme.reporting_years.create(year=2021)
    html = render_document_html(build_report(programme, year, TABLE))
    assert "OBSZAR I Rodzina" in html and "CEL 2. Piecza zastępcza" in html
    assert "Zadanie 1. Promocja" in html
    assert "I.1.1.2-2" not in html


def test_a_repeated_code_is_refused_with_the_way_out():
    rows = [{**row, "code": "1"} if row.get("label") == "CEL 1" else row for row in ROWS]
    with pytest.raises(SpreadsheetError) as error:
        services.programme_preview(content=numbered_file(rows))
    message = " ".join(error.value.messages)
    assert "Kod 1 występuje w kilku wierszach" in message
    assert "w kolumnie „Numer w dokumencie”" in message


def test_a_file_filled_in_the_previous_template_version_still_imports():
    content = (Path(__file__).parent / "files" / "programme-template-v1.xlsx").read_bytes()
    programme, _stats, _preview = services.programme_import(content=content,
                                                            filename="stary.xlsx")
    assert programme.slug == "program-wspierania-rodziny-nowogrod-v1"
    way = programme.objectives.get(code="I.1.1.1")
    assert (way.level, way.period, way.label) == (4, "2021-2025", "")
    assert way.responsible_institution.name == CUR
    assert way.expected_result == "Wzrost umiejętności wychowawczych rodziców"
    assert way.indicators.get().values.get(year=2020).number == 41




def test_entry_review_history_and_dashboards_show_the_documents_numbers(client, coordinator):
    """Every page a coordinator works in prints a task's number as the document writes it
    (``Objective.shown_code``), never the unique key the application made of a repeat."""
    services.programme_import(content=numbered_file(), filename="plik.xlsx")
    programme = Programme.objects.get(slug=SLUG)
    programme.reporting_years.create(year=2021)
    repeated = Objective.objects.get(programme=programme, code="I.1.1.2-2").indicators.get()
    organisation = repeated.reporting_organisation
    client.force_login(coordinator)
    pages = {
        "entry": reverse("value_entry", args=[SLUG, 2021]) + f"?organisation={organisation.pk}",
        "review": reverse("year_review", args=[SLUG, 2021]),
        "history": reverse("value_history", args=[SLUG, 2021, repeated.pk]),
        "dashboard": reverse("dashboards:programme", args=[SLUG]),
        "dashboard indicator": reverse("dashboards:indicator", args=[SLUG, repeated.pk]),
    }
    for name, url in pages.items():
        page = client.get(url)
        assert page.status_code == 200, name
        text = page.content.decode()
        assert "I.1.1.2-2" not in text, name
    entry = client.get(pages["entry"]).content.decode()
    assert "<td class=\"code\">1.2</td>" in entry
    history = client.get(pages["history"]).content.decode()
    assert "1.2 Liczba uczestników grupy" in history
