"""The open-data catalogue in DCAT-AP, the profile the national portal (dane.gov.pl, DCAT-AP-PL)
and the European data portal harvest.

One ``dcat:Catalog`` for the instance, with a ``dcat:Dataset`` per programme the public may open
(its published values) and one for the published consultations (proposals and outcomes). Every
dataset has three ``dcat:Distribution``s — CSV, XLSX and JSON — whose download URLs are the
project's stable open-data files (``api.opendata``, ``api.opendata_consultations``). Controlled
vocabularies are the EU Publications Office's authority tables (file types, frequencies, data
themes, languages, licences), as DCAT-AP asks.

The graph is built with rdflib and served as RDF/XML (what harvesters read first), Turtle and
JSON-LD. ``build_catalog`` takes a function that turns a path into an absolute URL (the request's
``build_absolute_uri``), so every IRI in the document is one that answers.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, Max, Min, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from api import opendata_consultations
from programs import access
from programs.models import DiagnosisTable, ReportingYear

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
FILE_TYPE = Namespace(EU + "file-type/")
FREQUENCY = Namespace(EU + "frequency/")
THEME = Namespace(EU + "data-theme/")
LANGUAGE = Namespace(EU + "language/")
LICENCE = Namespace(EU + "licence/")

# Public information re-used freely with attribution (art. 11 of the 2021 Open Data Act allows
# conditions; attribution is the usual one of Polish cities).
DEFAULT_LICENCE = LICENCE["CC_BY_4_0"]

# (URL name suffix, file-type authority code, IANA media type)
FORMATS = [
    ("csv", "CSV", "text/csv"),
    ("xlsx", "XLSX",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("json", "JSON", "application/json"),
]

SERIALISATIONS = {
    "rdf": ("xml", "application/rdf+xml; charset=utf-8"),
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    "jsonld": ("json-ld", "application/ld+json; charset=utf-8"),
}


@dataclass(frozen=True)
class Publisher:
    """Who publishes the catalogue: the institution running the instance."""

    name: str
    email: str
    homepage: str


@dataclass(frozen=True)
class DatasetEntry:
    """One dataset as the catalogue and the open-data page describe it."""

    key: str
    title: str
    description: str
    keywords: tuple[str, ...]
    landing_path: str
    downloads: tuple[tuple[str, str], ...]  # (format code, path)
    issued: datetime | date | None
    modified: datetime | date | None
    first_year: int | None = None
    last_year: int | None = None


def programme_datasets() -> list[DatasetEntry]:
    """A dataset per programme the public may open, with the dates of its published years,
    and one of its diagnosis where it has one."""
    programmes = access.visible_programmes(AnonymousUser()).annotate(
        has_diagnosis=Exists(DiagnosisTable.objects.filter(programme=OuterRef("pk")))
    ).order_by("first_year", "title")
    published = {
        row["programme"]: row
        for row in ReportingYear.objects.published()
        .values("programme")
        .annotate(first=Min("published_at"), last=Max("published_at"))
    }
    entries = []
    for programme in programmes:
        dates = published.get(programme.pk, {})
        entries.append(DatasetEntry(
            key=f"programme-{programme.slug}",
            title=_("Indicator values: %(title)s") % {"title": programme.title},
            description=_(
                "Values of the monitoring indicators of %(title)s (%(first)s–%(last)s) that "
                "the public may see: reporting years published after the council's report and "
                "the diagnosis years before the programme, one row per indicator and year, with "
                "the reporting organisation, the reason for missing data and the remarks."
            ) % {"title": programme.title, "first": programme.first_year,
                 "last": programme.last_year},
            keywords=(programme.short_name, _("social policy"), _("monitoring"),
                      _("indicators")),
            landing_path=reverse("programme_detail", args=[programme.slug]),
            downloads=tuple(
                (code, reverse(f"open_data_{suffix}", args=[programme.slug]))
                for suffix, code, _media in FORMATS
            ),
            issued=dates.get("first") or programme.resolution_date,
            modified=dates.get("last") or programme.resolution_date,
            first_year=programme.first_year,
            last_year=programme.last_year,
        ))
        if programme.has_diagnosis:
            entries.append(diagnosis_dataset(programme, dates.get("last")))
    return entries


def diagnosis_dataset(programme, modified) -> DatasetEntry:
    """The dataset of a programme's diagnosis (``api.opendata_diagnosis``): its statistics of
    past years and the monitored rows' yearly values. Its period is the programme's."""
    return DatasetEntry(
        key=f"diagnosis-{programme.slug}",
        title=_("Diagnosis: %(title)s") % {"title": programme.title},
        description=_(
            "The diagnosis tables of %(title)s: statistics of the years before the programme "
            "describing the situation it answers, and the values of the rows monitored yearly "
            "for published reporting years; one row per table row and year, with its unit, "
            "footnote mark and source."
        ) % {"title": programme.title},
        keywords=(programme.short_name, _("social policy"), _("diagnosis"), _("statistics")),
        landing_path=reverse("programme_detail", args=[programme.slug]),
        downloads=tuple(
            (code, reverse("open_data_diagnosis", args=[programme.slug, suffix]))
            for suffix, code, _media in FORMATS
        ),
        issued=programme.resolution_date,
        modified=modified or programme.resolution_date,
        first_year=programme.first_year,
        last_year=programme.last_year,
    )


def consultations_dataset() -> DatasetEntry | None:
    """The published consultations' proposals and outcomes, when any report is published."""
    dates = opendata_consultations.published_consultations().aggregate(
        first=Min("report_published_at"), last=Max("report_published_at"),
        start=Min("start_date"), end=Max("end_date"))
    if dates["first"] is None and dates["start"] is None:
        return None
    return DatasetEntry(
        key="consultations",
        title=_("Public consultations of programmes: proposals and outcomes"),
        description=_(
            "Every proposal made in the public consultations of draft programmes whose report "
            "is published: the organisation, the part of the draft, the current and proposed "
            "text, the justification, the city's decision with its reasoning and the final "
            "wording."
        ),
        keywords=(_("public consultations"), _("social policy"), _("non-governmental "
                                                                   "organisations")),
        landing_path=reverse("consultations:public_list"),
        downloads=tuple(
            (code, reverse("open_data_consultations", kwargs={"extension": suffix}))
            for suffix, code, _media in FORMATS
        ),
        issued=dates["first"] or dates["start"],
        modified=dates["last"] or dates["end"],
        first_year=dates["start"].year if dates["start"] else None,
        last_year=dates["end"].year if dates["end"] else None,
    )


def measures_dataset(programmes: list[DatasetEntry]) -> DatasetEntry | None:
    """The register of measures with their published values, when the public may open any
    programme (dated from the programmes' datasets, so no query): a measure's series across
    programmes (one strategy after the next)."""
    if not programmes:
        return None

    def when(entry_date):
        return entry_date if isinstance(entry_date, datetime) else timezone.make_aware(
            datetime(entry_date.year, entry_date.month, entry_date.day))

    issued = [entry.issued for entry in programmes if entry.issued]
    modified = [entry.modified for entry in programmes if entry.modified]
    return DatasetEntry(
        key="measures",
        title=_("Register of measures: values across programmes"),
        description=_(
            "What the city's social programmes count, each measure once — its unit, the "
            "organisation that reports it, the programmes using it and its references to "
            "official statistics (MRPiPS-03, the assessment of social-assistance resources) — "
            "with its published values, one row per measure and year, across programmes."
        ),
        keywords=(_("measures"), _("social policy"), _("monitoring"), _("official statistics")),
        landing_path=reverse("open_data_catalog_page"),
        downloads=tuple(
            (code, reverse("open_data_measures", kwargs={"extension": suffix}))
            for suffix, code, _media in FORMATS
        ),
        issued=min(issued, key=when) if issued else None,
        modified=max(modified, key=when) if modified else None,
        first_year=min(entry.first_year for entry in programmes),
        last_year=max(entry.last_year for entry in programmes),
    )


def datasets() -> list[DatasetEntry]:
    consultations = consultations_dataset()
    programmes = programme_datasets()
    measures = measures_dataset(programmes)
    return [*programmes, *([measures] if measures else []),
            *([consultations] if consultations else [])]


def _date_literal(value) -> Literal:
    if isinstance(value, datetime):
        return Literal(timezone.localtime(value).replace(microsecond=0).isoformat(),
                       datatype=XSD.dateTime)
    return Literal(value.isoformat(), datatype=XSD.date)


def build_catalog(absolute: Callable[[str], str], publisher: Publisher,
                  entries: list[DatasetEntry] | None = None,
                  licence: str = str(DEFAULT_LICENCE)) -> Graph:
    """The DCAT-AP graph of the catalogue; ``absolute('/path')`` gives the full URL."""
    entries = datasets() if entries is None else entries
    graph = Graph()
    for prefix, namespace in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF),
                              ("vcard", VCARD)):
        graph.bind(prefix, namespace)
    catalog_page = absolute(reverse("open_data_catalog_page"))
    catalog = URIRef(catalog_page + "#catalog")
    agent = URIRef(catalog_page + "#publisher")
    contact = URIRef(catalog_page + "#contact")
    licence_ref = URIRef(licence)
    polish = LANGUAGE["POL"]

    graph.add((agent, RDF.type, FOAF.Agent))
    graph.add((agent, FOAF.name, Literal(publisher.name, lang="pl")))
    graph.add((agent, DCTERMS.type,
               URIRef("http://purl.org/adms/publishertype/LocalAuthority")))
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(publisher.name, lang="pl")))
    if publisher.email:
        graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{publisher.email}")))

    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal(
        _("Open data of the monitoring of social programmes — %(name)s")
        % {"name": publisher.name}, lang="pl")))
    graph.add((catalog, DCTERMS.description, Literal(_(
        "Values of the monitoring indicators of the city's social programmes and the outcomes "
        "of their public consultations, as published by %(name)s."
    ) % {"name": publisher.name}, lang="pl")))
    graph.add((catalog, DCTERMS.publisher, agent))
    graph.add((catalog, FOAF.homepage, URIRef(publisher.homepage)))
    graph.add((catalog, DCTERMS.language, polish))
    graph.add((catalog, DCTERMS.license, licence_ref))
    modified = [entry.modified for entry in entries if entry.modified]
    if modified:
        latest = max(modified, key=lambda d: d if isinstance(d, datetime) else
                     timezone.make_aware(datetime(d.year, d.month, d.day)))
        graph.add((catalog, DCTERMS.modified, _date_literal(latest)))

    for entry in entries:
        dataset = URIRef(f"{catalog_page}#{entry.key}")
        graph.add((catalog, DCAT.dataset, dataset))
        graph.add((dataset, RDF.type, DCAT.Dataset))
        graph.add((dataset, DCTERMS.identifier, Literal(f"{catalog_page}#{entry.key}")))
        graph.add((dataset, DCTERMS.title, Literal(entry.title, lang="pl")))
        graph.add((dataset, DCTERMS.description, Literal(entry.description, lang="pl")))
        graph.add((dataset, DCTERMS.publisher, agent))
        graph.add((dataset, DCAT.contactPoint, contact))
        graph.add((dataset, DCAT.landingPage, URIRef(absolute(entry.landing_path))))
        graph.add((dataset, DCTERMS.language, polish))
        graph.add((dataset, DCTERMS.accrualPeriodicity, FREQUENCY["ANNUAL"]))
        graph.add((dataset, DCAT.theme, THEME["SOCI"]))
        graph.add((dataset, DCAT.theme, THEME["GOVE"]))
        for keyword in entry.keywords:
            if keyword:
                graph.add((dataset, DCAT.keyword, Literal(keyword, lang="pl")))
        if entry.issued:
            graph.add((dataset, DCTERMS.issued, _date_literal(entry.issued)))
        if entry.modified:
            graph.add((dataset, DCTERMS.modified, _date_literal(entry.modified)))
        if entry.first_year and entry.last_year:
            period = BNode()
            graph.add((dataset, DCTERMS.temporal, period))
            graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
            graph.add((period, DCAT.startDate,
                       Literal(f"{entry.first_year}-01-01", datatype=XSD.date)))
            graph.add((period, DCAT.endDate,
                       Literal(f"{entry.last_year}-12-31", datatype=XSD.date)))
        media_types = {code: media for _suffix, code, media in FORMATS}
        for code, path in entry.downloads:
            url = URIRef(absolute(path))
            distribution = URIRef(f"{catalog_page}#{entry.key}-{code.lower()}")
            graph.add((dataset, DCAT.distribution, distribution))
            graph.add((distribution, RDF.type, DCAT.Distribution))
            graph.add((distribution, DCTERMS.title, Literal(f"{entry.title} ({code})",
                                                            lang="pl")))
            graph.add((distribution, DCAT.accessURL, url))
            graph.add((distribution, DCAT.downloadURL, url))
            graph.add((distribution, DCTERMS.format, FILE_TYPE[code]))
            graph.add((distribution, DCAT.mediaType,
                       URIRef(f"https://www.iana.org/assignments/media-types/"
                              f"{media_types[code]}")))
            graph.add((distribution, DCTERMS.license, licence_ref))
            if entry.modified:
                graph.add((distribution, DCTERMS.modified, _date_literal(entry.modified)))
    return graph


def serialise(graph: Graph, extension: str) -> tuple[str, bytes]:
    """(content type, bytes) of the graph in the serialisation the extension names."""
    rdf_format, content_type = SERIALISATIONS[extension]
    return content_type, graph.serialize(format=rdf_format, encoding="utf-8")
