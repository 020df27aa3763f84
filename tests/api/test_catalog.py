"""The open-data catalogue (DCAT-AP) and its distributions.

The shape checked is DCAT-AP's: the mandatory classes (Catalog, Dataset, Distribution, Agent)
with their mandatory properties (catalogue: title, description, publisher, dataset; dataset:
title, description; distribution: access URL) and the recommended ones a harvester uses
(publisher's name, contact point, landing page, download URL, format, licence, media type,
dates). Every URL the catalogue gives must answer.
"""

import csv
import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from consultations.models import Consultation, ConsultationDraft, Proposal, Submission
from tests.api.conftest import own_indicators
from tests.factories import build_programme

pytestmark = pytest.mark.django_db

VCARD = "http://www.w3.org/2006/vcard/ns#"
BASE = "http://testserver"


def catalogue(client, extension="rdf") -> Graph:
    response = client.get(f"/open-data/catalog.{extension}")
    assert response.status_code == 200
    rdf_format = {"rdf": "xml", "ttl": "turtle", "jsonld": "json-ld"}[extension]
    return Graph().parse(data=response.content, format=rdf_format)


def one(graph, subject, predicate):
    objects = list(graph.objects(subject, predicate))
    assert len(objects) == 1, f"{subject} has {len(objects)} {predicate}"
    return objects[0]


def local_path(url) -> str:
    assert str(url).startswith(BASE + "/"), url
    return str(url)[len(BASE):]


@pytest.fixture
def proposal(consultation, programme, organisation):
    draft = ConsultationDraft.objects.get(consultation=consultation)
    submission = Submission.objects.create(
        consultation=consultation, draft=draft, organisation=organisation,
        received_on=date(2020, 10, 15))
    return Proposal.objects.create(
        submission=submission, section_reference="2.1", objective=programme.objectives.first(),
        current_text="Było tak", proposed_text="Ma być tak", justification="Bo tak",
        outcome=Proposal.Outcome.PARTIALLY_ACCEPTED, reasoning="W części",
        final_wording="Jest tak")


@pytest.mark.parametrize("extension", ["rdf", "ttl", "jsonld"])
def test_catalogue_has_the_dcat_ap_shape(extension, client, programme, draft_programme,
                                         proposal):
    graph = catalogue(client, extension)
    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogs) == 1
    catalog = catalogs[0]
    for predicate in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, FOAF.homepage,
                      DCTERMS.language, DCTERMS.license):
        one(graph, catalog, predicate)
    assert one(graph, catalog, DCTERMS.title).language == "pl"
    publisher = one(graph, catalog, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert str(one(graph, publisher, FOAF.name))

    datasets = set(graph.objects(catalog, DCAT.dataset))
    assert datasets == set(graph.subjects(RDF.type, DCAT.Dataset))
    # The published programme and the consultations (and the demo data's); never a draft.
    keys = {str(d).rsplit("#", 1)[1] for d in datasets}
    assert {"programme-api-test", "consultations"} <= keys
    assert "programme-api-draft" not in keys
    for dataset in datasets:
        for predicate in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher,
                          DCAT.contactPoint, DCAT.landingPage, DCTERMS.identifier,
                          DCTERMS.accrualPeriodicity, DCTERMS.temporal):
            one(graph, dataset, predicate)
        assert list(graph.objects(dataset, DCAT.theme))
        assert list(graph.objects(dataset, DCAT.keyword))
        contact = one(graph, dataset, DCAT.contactPoint)
        assert (contact, RDF.type, URIRef(VCARD + "Organization")) in graph
        distributions = set(graph.objects(dataset, DCAT.distribution))
        formats = {str(one(graph, d, DCTERMS.format)).rsplit("/", 1)[1] for d in distributions}
        assert formats == {"CSV", "XLSX", "JSON"}
        for distribution in distributions:
            assert (distribution, RDF.type, DCAT.Distribution) in graph
            for predicate in (DCAT.accessURL, DCAT.downloadURL, DCTERMS.license,
                              DCAT.mediaType, DCTERMS.title):
                one(graph, distribution, predicate)


def test_every_url_in_the_catalogue_answers(client, programme, proposal):
    graph = catalogue(client)
    urls = {url for predicate in (DCAT.downloadURL, DCAT.accessURL, DCAT.landingPage,
                                  FOAF.homepage)
            for url in graph.objects(None, predicate)}
    assert len(urls) >= 9
    for url in urls:
        response = client.get(local_path(url))
        assert response.status_code == 200, url
    for distribution in graph.subjects(RDF.type, DCAT.Distribution):
        media = str(one(graph, distribution, DCAT.mediaType)).rsplit("media-types/", 1)[1]
        response = client.get(local_path(one(graph, distribution, DCAT.downloadURL)))
        assert response["Content-Type"].startswith(media)


def test_dataset_dates_follow_publication(client, programme):
    year = programme.reporting_years.get(year=2020)
    year.published_at = "2021-06-30T10:00:00+02:00"
    year.save()
    graph = catalogue(client, "ttl")
    dataset = URIRef(f"{BASE}/open-data/#programme-api-test")
    assert str(one(graph, dataset, DCTERMS.modified)).startswith("2021-06-30T10:00:00")
    period = one(graph, dataset, DCTERMS.temporal)
    assert str(one(graph, period, DCAT.startDate)) == "2020-01-01"
    assert str(one(graph, period, DCAT.endDate)) == "2024-12-31"


def test_no_consultations_dataset_before_a_report_is_published(client, programme, proposal):
    Consultation.objects.update(status=Consultation.Status.CLOSED)
    datasets = {str(d).rsplit("#", 1)[1]
                for d in catalogue(client).subjects(RDF.type, DCAT.Dataset)}
    assert "programme-api-test" in datasets and "consultations" not in datasets
    data = json.loads(client.get("/open-data/consultations.json").content)
    assert data["proposals"] == []


def test_consultation_files_hold_the_published_proposals(client, proposal):
    Consultation.objects.exclude(pk=proposal.submission.consultation_id).update(
        status=Consultation.Status.CLOSED)  # the demo's published consultation out of the way
    data = json.loads(client.get("/open-data/consultations.json").content)
    [row] = data["proposals"]
    assert row["proposed_text"] == "Ma być tak"
    assert row["consultation"] == "Konsultacje testowe"
    assert row["received_on"] == "2020-10-15"
    assert row["objective_code"] == proposal.objective.code
    content = client.get("/open-data/consultations.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert len(rows) == 2 and "Ma być tak" in rows[1]
    workbook = load_workbook(io.BytesIO(client.get("/open-data/consultations.xlsx").content))
    sheet = workbook.active
    assert sheet.max_row == 2
    assert sheet.cell(2, 11).value == "Ma być tak"
    assert sheet.cell(2, 7).value.date() == date(2020, 10, 15)


def test_xlsx_values_are_the_csv_rows(client, programme):
    first = own_indicators(programme)[0]
    first.values.filter(year=2020).update(number="1380000.5", remarks="=HYPERLINK(\"x\")")
    workbook = load_workbook(io.BytesIO(client.get("/programmes/api-test/open-data.xlsx").content))
    sheet = workbook.active
    assert sheet.cell(1, 1).value == "program"
    assert sheet.max_row == 17  # header + the CSV's 16 rows
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True)
               if r[4] == first.pk and r[8] == 2020)
    assert float(row[9]) == 1380000.5  # a number, not text
    assert row[14] == "=HYPERLINK(\"x\")"  # inert text, not a formula
    assert sheet.cell(2, 15).data_type != "f"


def test_open_data_page_lists_the_datasets(client, programme, proposal):
    page = client.get("/open-data/").content.decode()
    assert 'lang="pl"' in page
    assert "/programmes/api-test/open-data.xlsx" in page
    assert "/open-data/consultations.csv" in page
    assert "/open-data/catalog.rdf" in page
    assert "Otwarte dane" in page


def test_open_data_page_says_what_to_do_when_empty(client):
    from programs.models import Programme

    Programme.objects.update(status=Programme.Status.DRAFT)
    Consultation.objects.update(status=Consultation.Status.CLOSED)
    page = client.get("/open-data/").content.decode()
    assert "Żaden program nie został jeszcze przyjęty" in page


def test_catalogue_queries_do_not_grow_with_programmes(client, programme, organisation,
                                                        django_assert_max_num_queries):
    for number in range(3):
        build_programme(goals=1, tasks_per_goal=1, indicators_per_task=1,
                        organisation=organisation, slug=f"extra-{number}")
    with django_assert_max_num_queries(4):
        catalogue(client)


def test_the_publisher_is_the_instances_identity(client, programme):
    from programs.models import InstanceIdentity

    InstanceIdentity.objects.update_or_create(pk=1, defaults={
        "name": "Gminny Ośrodek Pomocy Społecznej w Przykładowie",
        "accessibility_contact_email": "dostepnosc@przykladowo.example"})
    graph = catalogue(client)
    catalog = next(graph.subjects(RDF.type, DCAT.Catalog))
    publisher = one(graph, catalog, DCTERMS.publisher)
    assert str(one(graph, publisher, FOAF.name)) == (
        "Gminny Ośrodek Pomocy Społecznej w Przykładowie")
    contact = next(graph.objects(None, DCAT.contactPoint))
    assert str(one(graph, contact, URIRef(VCARD + "hasEmail"))) == (
        "mailto:dostepnosc@przykladowo.example")
