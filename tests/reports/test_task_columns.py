"""The report and the programme page show the task fields a programme fills (responsible
institution, expected result, period…), under the programme's own level names, and hide those it
never fills; the programme-level sections have their place on the programme page."""

import pytest
from django.urls import reverse

from indicators.services.programmes import programme_load
from reports.builder import TABLE, build_report
from reports.exporters import render_document_html

pytestmark = pytest.mark.django_db

CUR = "Centrum Usług Rodzinie w Nowogrodzie"


def _way(code, title, **fields):
    return {"code": code, "title": title, **fields, "indicators": [
        {"name": f"Liczba rodzin ({code})", "unit": "families", "value_kind": "integer",
         "reporting_organisation": CUR, "values": {"2022": {"number": "12"}}}]}


def four_level_programme():
    data = {
        "organisations": [{"name": CUR, "short_name": "CUR", "kind": "public"}],
        "programme": {
            "slug": "wspieranie-rodziny-kolumny", "kind": "programme",
            "title": "Program Wspierania Rodziny Miasta Nowogród na lata 2022-2024",
            "first_year": 2022, "last_year": 2024, "coordinator": CUR,
            "level_names": ["Obszar działania", "Cel", "Zadanie", "Sposób realizacji"],
            "beneficiaries": "Rodziny z dziećmi zamieszkałe w Nowogrodzie.",
            "monitoring_description": "Raz w roku koordynator zbiera sprawozdania.",
        },
        "objectives": [{"code": "I", "title": "Rodzina", "children": [
            {"code": "I.1", "title": "Wzmocnienie rodziny", "children": [
                {"code": "I.1.1", "title": "Poradnictwo", "children": [
                    _way("I.1.1.1", "Punkt konsultacyjny", period="2022-2024",
                         expected_result="Lepsze umiejętności wychowawcze",
                         responsible_institution=CUR, implementers=[CUR]),
                    _way("I.1.1.2", "Warsztaty dla rodziców", period="corocznie"),
                ]}]}]}],
        "reporting_years": [{"year": 2022, "state": "open"}],
    }
    programme, _stats = programme_load(data=data)
    return programme, programme.reporting_years.get(year=2022)


def test_report_shows_the_task_fields_the_programme_fills_under_its_level_names():
    programme, reporting_year = four_level_programme()
    report = build_report(programme, reporting_year, TABLE)
    assert [c.key for c in report.columns] == [
        "code", "task", "responsible", "implementers", "period", "expected_result",
        "indicator", "value", "remarks"]
    labels = [c.label for c in report.columns]
    assert labels[1] == "Sposób realizacji"
    assert labels[2:6] == ["Instytucja odpowiedzialna", "Realizatorzy", "Termin realizacji",
                           "Rezultat działania"]
    html = render_document_html(report)
    assert "Źródła finansowania" not in html and "Koordynator zadania" not in html
    assert "Lepsze umiejętności wychowawcze" in html and "corocznie" in html
    assert CUR in html
    # Area, goal and task are the report's bands above the ways.
    assert "Cel I.1. Wzmocnienie rodziny" in html
    assert "Zadanie I.1.1. Poradnictwo" in html


def test_programme_page_shows_sections_and_the_filled_task_columns(client):
    programme, _year = four_level_programme()
    content = client.get(reverse("programme_detail", args=[programme.slug])).content.decode()
    assert "Adresaci programu" in content and "Rodziny z dziećmi zamieszkałe" in content
    assert "Monitoring i ewaluacja" in content
    header = content[content.index("<thead>"):content.index("</thead>")]
    assert "Sposób realizacji" in header
    for label in ("Instytucja odpowiedzialna", "Termin realizacji", "Rezultat działania",
                  "Realizatorzy"):
        assert label in header
    assert "Źródła finansowania" not in header and "Koordynator zadania" not in header
    assert "Lepsze umiejętności wychowawcze" in content


def test_the_2020_report_of_the_strategy_keeps_its_official_columns():
    from programs.models import Programme

    programme = Programme.objects.get(slug="strategia-2011-2020")
    report = build_report(programme, programme.reporting_years.get(year=2020), TABLE)
    assert [c.label for c in report.columns] == [
        "L.p.", "Zadania realizacyjne (działania)", "Realizatorzy", "Źródła finansowania",
        "Wskaźniki", "Wartość wskaźnika w 2020 r.", "Monitorowanie", "Uwagi"]
