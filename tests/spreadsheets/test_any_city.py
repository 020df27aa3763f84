"""A programme of another (invented) city set up from the template alone: a 4-level tree (area →
goal → task → way of implementation) numbered as its document numbers it, a way with several
numbered results each with its own indicator, the programme-level sections, diagnosis tables;
reported as PDF, XLSX and HTML with the columns it fills; and a whole year of it under its own
identity, with an indicator in parts and a monitored diagnosis row, naming no other city."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from programs.models import Programme
from reports.builder import TABLE, build_report
from reports.exporters import ReportPDFExporter, ReportXLSXExporter, render_document_html
from spreadsheets import services
from spreadsheets.programme_sheets import programme_workbook

from .builders import FOUR_LEVELS, programme_file

pytestmark = pytest.mark.django_db

SLUG = "program-wspierania-rodziny-zielone-pole"
CUR = "Centrum Usług Społecznych w Zielonym Polu"
NGO = "Stowarzyszenie Rodzina Razem"
RESULTS = [f"{n}) rezultat numer {n}" for n in range(1, 13)]
# A way whose expected result is longer than a page: its row goes on over the page break.
LONG_RESULT = "\n".join(f"- rodzice uczestniczą w spotkaniu numer {n} i rozwiązują konflikty "
                        "w rodzinie bez przemocy" for n in range(1, 70))


def _way(label, title, **fields):
    return {"level": 4, "label": label, "title": title, "responsible_institution": CUR,
            "period": "2024-2026", **fields}


PARTED = "Liczba osób/rodzin objętych wsparciem asystenta rodziny"


def _indicator(name, **fields):
    return {"indicator": name, "unit": "osoby", "value_kind": "liczba całkowita",
            "reporting_organisation": CUR, "monitoring_method": "sprawozdanie", **fields}


def city_rows():
    rows = [
        {"level": 1, "label": "OBSZAR I", "title": "Wspieranie rodziny w wychowaniu dzieci"},
        {"level": 2, "label": "CEL 1", "title": "Wzmocnienie kompetencji rodziców"},
        {"level": 3, "label": "Zadanie 1", "title": "Rozwój poradnictwa rodzinnego"},
        _way("1.1", "Prowadzenie punktu konsultacyjnego", implementers=f"{CUR}; {NGO}",
             expected_result="Rodzice umieją rozwiązywać konflikty"),
        _indicator("Liczba rodzin objętych poradnictwem", **{"Wartość 2023": 120}),
        _way("1.2", "Szkoła dla rodziców", expected_result="Kompetencje wychowawcze"),
    ]
    # One way with twelve numbered results, each measured by its own indicator.
    rows += [_indicator(f"Liczba uczestników ({n})", expected_result=result)
             for n, result in enumerate(RESULTS, 1)]
    rows += [
        {"level": 2, "label": "CEL 2", "title": "Przeciwdziałanie przemocy w rodzinie"},
        {"level": 3, "label": "Zadanie 1", "title": "Praca zespołu interdyscyplinarnego"},
        _way("1.1", "Posiedzenia grup diagnostyczno-pomocowych", expected_result=LONG_RESULT),
        _indicator("Liczba grup diagnostyczno-pomocowych"),
        {"level": 1, "label": "OBSZAR II", "title": "Rozwój pieczy zastępczej"},
        {"level": 2, "label": "CEL 1", "title": "Pozyskiwanie rodzin zastępczych"},
        {"level": 3, "label": "Zadanie 1", "title": "Kampania informacyjna"},
        _way("1.1", "Kampania w mediach lokalnych", period="corocznie"),
        _indicator("Liczba kampanii", unit="liczba"),
    ]
    return rows


DIAGNOSIS_YEARS = ("Wartość 2021", "Wartość 2022", "Wartość 2023", "Przypis 2023")
DIAGNOSIS = [
    # Table fields, row, unit, kind, row source, monitored yearly, organisation, 2021, 2022,
    # 2023, mark 2023
    (("Tabela Nr 1", "Rodziny korzystające z pomocy społecznej", "Sprawozdania MRPiPS-03",
      "* dane wstępne"), "Liczba rodzin", "rodziny", "", "", "tak", CUR, 410, 398, 377, "*"),
    ((), "Liczba osób w rodzinach", "osoby", "", "", "nie", "", 1020, 990, 1004, ""),
    (("Tabela Nr 2", "Wydatki na wspieranie rodziny", "", ""), "Wydatki ogółem", "zł",
     "kwota", "", "nie", "", 1500000, "1 620 000,50", 1700000, ""),
]


def _fill_diagnosis(workbook):
    sheet = workbook["Diagnoza"]
    header = [cell.value for cell in sheet[1]]
    for offset, label in enumerate(DIAGNOSIS_YEARS):
        sheet.cell(1, len(header) + 1 + offset, label)
    for row, (table, *cells) in enumerate(DIAGNOSIS, start=2):
        for column, value in enumerate([*(table or ("", "", "", "")), *cells], start=1):
            sheet.cell(row, column, value)


def parted_rows():
    """A way whose one indicator is counted in two parts, judged on the families the target
    names."""
    return [_way("1.2", "Asystentura rodzinna"),
            _indicator(PARTED, unit="rodziny", parts="osób (osoby); rodzin (rodziny)",
                       target_part="rodzin", direction="wzrost", **{"Wartość 2023": "8 / 4"})]


def city_file(extra_rows=()) -> bytes:
    return programme_file(
        programme={
            "slug": SLUG, "first_year": 2024, "last_year": 2026, "coordinator": CUR,
            "title": "Gminny Program Wspierania Rodziny i Rozwoju Pieczy Zastępczej Gminy "
                     "Zielone Pole na lata 2024-2026",
            "specific_goals": "1. Wzmocnienie rodzin. 2. Rozwój pieczy zastępczej.",
            "beneficiaries": "Rodziny z dziećmi zamieszkałe na terenie gminy.",
            "main_tasks": "Poradnictwo, asystentura, piecza zastępcza.",
            "expected_effects": "Mniej dzieci w pieczy instytucjonalnej.",
            "implementers_description": f"{CUR} we współpracy z organizacjami pozarządowymi.",
            "funding_description": "Budżet gminy, dotacje celowe.",
            "monitoring_description": "Sprawozdanie roczne do 31 marca.",
            "diagnosis_in_report": "tak",
        },
        edit=_fill_diagnosis,
        levels=FOUR_LEVELS, rows=[*city_rows(), *extra_rows], extra_headers=("Wartość 2023",),
        organisations=[(CUR, "CUS", "Inna instytucja publiczna", "", ""),
                       (NGO, "", "Organizacja pozarządowa", "", "")],
    )


@pytest.fixture
def city():
    programme, _stats, _preview = services.programme_import(content=city_file(),
                                                            filename="zielone-pole.xlsx")
    reporting_year = programme.reporting_years.create(year=2024, state="published")
    return programme, reporting_year


def test_the_template_carries_every_part_of_the_programme(city):
    programme, _year = city
    assert programme.beneficiaries.startswith("Rodziny z dziećmi")
    assert programme.monitoring_description == "Sprawozdanie roczne do 31 marca."
    school = programme.objectives.get(label="1.2")
    assert (school.code, school.level, school.period) == ("I.1.1.2", 4, "2024-2026")
    assert [i.expected_result for i in school.indicators.order_by("position")] == RESULTS
    # Exported again, the file imports to the same programme.
    again = services.programme_import(content=programme_workbook(programme), filename="x.xlsx")
    assert (again[1].created, again[1].updated) == (0, 0)


def test_programme_page_shows_the_sections_and_filled_columns(city):
    page = Client().get(reverse("programme_detail", args=[SLUG])).content.decode()
    for text in ("Cele szczegółowe", "Oczekiwane efekty", "Realizatorzy programu",
                 "Źródła finansowania programu", "Monitoring i ewaluacja",
                 "Mniej dzieci w pieczy instytucjonalnej", "OBSZAR II. Rozwój pieczy"):
        assert text in page
    header = page[page.index("<thead>"):page.index("</thead>")]
    assert "Sposób realizacji" in header and "Instytucja odpowiedzialna" in header
    assert "Źródła finansowania" not in header
    assert "rezultat numer 12" in page


def test_report_in_every_format_shows_the_columns_the_programme_fills(city):
    programme, reporting_year = city
    report = build_report(programme, reporting_year, TABLE)
    labels = [column.label for column in report.columns]
    assert labels == ["L.p.", "Sposób realizacji", "Instytucja odpowiedzialna", "Realizatorzy",
                      "Termin realizacji", "Rezultat działania", "Wskaźniki",
                      "Wartość wskaźnika w 2024 r.", "Monitorowanie", "Uwagi"]
    html = render_document_html(report)
    assert "Źródła finansowania" not in html and "Koordynator zadania" not in html
    assert "OBSZAR I Wspieranie rodziny" in html and "CEL 2. Przeciwdziałanie" in html
    for result in RESULTS:
        assert result in html
    sheet = load_workbook(io.BytesIO(ReportXLSXExporter(report).render()[2])).active
    header = [cell.value for cell in sheet[2]]
    assert header == labels
    texts = {str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value}
    assert "rezultat numer 7" in " ".join(texts) and "1.2" in texts
    pdf = PdfReader(io.BytesIO(ReportPDFExporter(report).render()[2]))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    # (Narrow headers are hyphenated: "Instytucja odpo-wiedzialna".)
    assert "Instytucja" in text and "Rezultat działania" in text
    assert "Źródła finansowania" not in text and "rezultat numer 12" in text
    assert "Białystok" not in Programme.objects.get(slug=SLUG).title


def test_diagnosis_tables_are_the_programmes_own_part(city):
    programme, reporting_year = city
    tables = list(programme.diagnosis_tables.order_by("position"))
    assert [(t.number, t.title, t.years) for t in tables] == [
        ("Tabela Nr 1", "Rodziny korzystające z pomocy społecznej", [2021, 2022, 2023]),
        ("Tabela Nr 2", "Wydatki na wspieranie rodziny", [2021, 2022, 2023])]
    families, persons = tables[0].rows.order_by("position")
    assert (families.monitored_yearly, families.reporting_organisation.name) == (True, CUR)
    assert families.values["2023"] == {"number": "377", "footnote_mark": "*"}
    assert not persons.monitored_yearly
    assert tables[1].rows.get().values["2022"] == {"number": "1620000.5"}
    # Not goals: the tree and its indicators know nothing of them.
    assert not programme.objectives.filter(title__icontains="Tabela").exists()
    assert not programme.objectives.filter(indicators__name="Liczba rodzin").exists()
    page = Client().get(reverse("programme_detail", args=[SLUG])).content.decode()
    assert "Tabela Nr 2. Wydatki na wspieranie rodziny" in page
    assert "1 620 000,50 zł" in " ".join(page.replace("\xa0", " ").split())
    html = render_document_html(build_report(programme, reporting_year, TABLE))
    assert "Diagnoza" in html and "377\xa0*" in html and "* dane wstępne" in html
    # Exported and imported again: the same tables.
    _p, stats, _preview = services.programme_import(content=programme_workbook(programme),
                                                    filename="x.xlsx")
    assert (stats.created, stats.updated) == (0, 0)


def test_a_task_cut_by_a_page_break_is_named_atop_the_next_page(city):
    programme, reporting_year = city
    pdf = PdfReader(io.BytesIO(ReportPDFExporter(
        build_report(programme, reporting_year, TABLE)).render()[2]))
    pages = [" ".join(page.extract_text().split()) for page in pdf.pages]
    continued = ("CEL 2. Przeciwdziałanie przemocy w rodzinie › Zadanie 1. Praca zespołu "
                 "interdyscyplinarnego › 1.1 Posiedzenia grup diagnostyczno-pomocowych (cd.)")
    cut = [number for number, text in enumerate(pages) if continued in text]
    assert cut, pages
    # Only pages the task goes on to carry it, and each shows the row's rest.
    assert all("rodzinie bez" in pages[number] for number in cut)
    assert "spotkaniu numer 1 " in pages[cut[0] - 1] and continued not in pages[cut[0] - 1]
    assert sum("(cd.)" in text for text in pages) == len(cut)


def test_the_city_enters_reports_and_publishes_its_year_without_naming_bialystok(
        coordinator, django_user_model):
    """The invented city's whole year: its own identity, an organisation entering every value
    (one in parts) and its monitored diagnosis row, the review, the lock and publication; the
    report in every format prints the parts as the document writes them and names no other
    city."""
    from datetime import date

    from django.contrib.auth.models import Group
    from django.core.cache import cache

    from accounts import roles
    from indicators.inputs import ReviewDecision, ValueInput
    from indicators.judging import Status, judge_indicators
    from indicators.models import Indicator, IndicatorValue
    from indicators.services.diagnosis import diagnosis_values_save
    from indicators.services.review import values_review, values_submit
    from indicators.services.values import values_save
    from indicators.services.years import year_lock, year_open, year_publish
    from programs.models import InstanceIdentity, Organisation
    from tests.test_no_city_names import CITY

    programme, _stats, _preview = services.programme_import(
        content=city_file(parted_rows()), filename="zielone-pole.xlsx")
    InstanceIdentity.objects.all().delete()
    InstanceIdentity.objects.create(
        name="Centrum Usług Społecznych w Zielonym Polu", short_name="CUS Zielone Pole",
        city="Zielone Pole", address="ul. Polna 2, 00-002 Zielone Pole",
        accessibility_contact_person="Jan Kowalski", accessibility_contact_email="d@example.org",
        accessibility_contact_phone="22 333 44 55", mayor_title="Wójt Gminy Zielone Pole")
    cache.clear()
    cus = Organisation.objects.get(name=CUR)
    entry = django_user_model.objects.create_user("t-cus", organisation=cus)
    entry.groups.add(Group.objects.get_or_create(name=roles.DATA_ENTRY)[0])

    reporting_year = year_open(user=coordinator, programme=programme, year=2025,
                               deadline=date(2026, 1, 31))
    indicators = list(Indicator.objects.filter(objective__programme=programme,
                                               reporting_organisation=cus))
    inputs = [ValueInput(i.pk, parts=["7", "5"]) if i.parts
              else ValueInput(i.pk, "3", confirmed=True)  # far from 2023's 120: confirmed
              for i in indicators]
    result = values_save(user=entry, reporting_year=reporting_year, inputs=inputs)
    assert result.ok, result.errors
    families = programme.diagnosis_tables.get(number="Tabela Nr 1").rows.get(
        label="Liczba rodzin")
    assert diagnosis_values_save(user=entry, reporting_year=reporting_year, organisation=cus,
                                 typed={families.pk: "365"}).ok
    assert values_submit(user=entry, reporting_year=reporting_year, organisation=cus).ok
    values = IndicatorValue.objects.filter(indicator__in=indicators, year=2025)
    assert not values_review(user=coordinator, reporting_year=reporting_year, decisions=[
        ReviewDecision(value.pk, "accept") for value in values])
    parted = Indicator.objects.get(objective__programme=programme, name=PARTED)
    # Judged on the families (4 → 5: up, as the direction asks), not on the persons (8 → 7).
    assert judge_indicators([parted], 2025)[parted.pk].status == Status.MET
    reporting_year.refresh_from_db()
    year_lock(user=coordinator, reporting_year=reporting_year, conclusion="Program realizowany.",
              accepted_by="Wójt Gminy Zielone Pole", accepted_on=date(2026, 3, 20),
              prepared_on=date(2026, 3, 1), prepared_by=cus, signatory_name="Anna Nowak",
              signatory_title="Dyrektor")
    year_publish(user=coordinator, reporting_year=reporting_year)
    reporting_year.refresh_from_db()

    report = build_report(programme, reporting_year, TABLE)
    html = render_document_html(report)
    assert "7 osób / 5 rodzin" in " ".join(html.replace("\xa0", " ").split())
    assert "365" in html  # the diagnosis printed with the year's entered value
    workbook = load_workbook(io.BytesIO(ReportXLSXExporter(report).render()[2]))
    cells = [str(cell.value).replace("\xa0", " ") for sheet in workbook
             for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert "7 osób / 5 rodzin" in cells
    assert "Diagnoza" in workbook.sheetnames and "Części wskaźników" in workbook.sheetnames
    pdf = PdfReader(io.BytesIO(ReportPDFExporter(report).render()[2]))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "7 osób / 5 rodzin" in text and "Anna Nowak" in text
    # The home page and the report list also list the demo's programmes (Białystok's own
    # data, loaded for the suite): only this programme's pages are read for the city's name.
    pages = [Client().get(url).content.decode() for url in (
        reverse("programme_detail", args=[SLUG]), reverse("accessibility"),
        reverse("public_programme", args=[SLUG]), reverse("reports:list"))]
    assert all("CUS Zielone Pole" in page for page in pages)
    assert "Zielone Pole na lata 2024-2026" in pages[3]  # its published report is listed
    found = [match.group(0) for document in (html, text, *cells, *pages[:3])
             for match in CITY.finditer(document)]
    assert not found, found
