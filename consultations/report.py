"""The consultation report ("Raport z konsultacji społecznych") as printable HTML and PDF.

Two exporters in the project's shape (``lib.exporters.Exporter``): ``ConsultationReportHTML``
(the public page and the staff preview) and ``ConsultationReportPDF`` (rendered in the background
and kept, ``consultations.rendering``); the management command uses both. The numbered points are
built here so numbering follows whatever points apply (a purpose that was not recorded, late
opinions) instead of being fixed in the template.
"""

import hashlib
from dataclasses import dataclass, field
from itertools import groupby

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from consultations import wording
from consultations.models import Consultation, Proposal
from lib.exporters import Exporter
from lib.pdf import PDF_CONTENT_TYPE, html_to_pdf
from lib.rendering import sources_digest
from programs.identity import current_identity

_OUTCOME_SENTENCES = {
    Proposal.Outcome.ACCEPTED: "Propozycję uwzględniono.",
    Proposal.Outcome.PARTIALLY_ACCEPTED: "Propozycję uwzględniono częściowo.",
    Proposal.Outcome.REJECTED: "Propozycji nie uwzględniono.",
    Proposal.Outcome.NOT_CONSIDERED: "Propozycji nie rozpatrywano.",
    Proposal.Outcome.UNDECIDED: "Propozycja nie została jeszcze rozpatrzona.",
}


@dataclass
class Point:
    text: str
    items: list[str] = field(default_factory=list)


@dataclass
class AnnexGroup:
    organisation: object
    proposals: list


@dataclass
class AnnexSection:
    heading: str
    groups: list[AnnexGroup]


def _polish_date(value, pattern: str) -> str:
    with translation.override("pl"):
        return date_format(value, pattern)


def _join(parts: list[str]) -> str:
    """"a", "a oraz b", "a, b oraz c" — as the seed joins the drafts."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " oraz " + parts[-1]


def _listed_items(items: list[str]) -> list[str]:
    """"a) …," "b) …," "c) …." with the punctuation the seed uses."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    result = []
    for index, item in enumerate(items):
        item = item.strip().rstrip(",.;")
        end = "." if index == len(items) - 1 else ","
        result.append(f"{letters[index % 26]}) {item}{end}")
    return result


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def report_context(consultation: Consultation) -> dict:
    """Everything the report template needs, loaded in a fixed number of queries."""
    drafts = list(consultation.drafts.select_related("programme"))
    submissions = list(consultation.submissions.for_report())
    by_draft = {draft.pk: [s for s in submissions if s.draft_id == draft.pk] for draft in drafts}

    subjects_nominative = [f"projekt uchwały {d.resolution_subject}" for d in drafts]
    subjects_genitive = [f"projektu uchwały {d.resolution_subject}" for d in drafts]

    points = [Point(_sentence(f"Przedmiotem konsultacji społecznych był "
                              f"{_join(subjects_nominative)}"))]
    if consultation.legal_basis:
        points.append(Point(_sentence(
            f"Konsultacje były prowadzone w oparciu o {consultation.legal_basis}")))
    if consultation.addressees:
        points.append(Point(_sentence(f"Adresatem konsultacji były {consultation.addressees}")))
    if consultation.purpose:
        points.append(Point(_sentence(
            f"Konsultacje przeprowadzone były w celu {consultation.purpose}")))
    if consultation.announcement_channels:
        points.append(Point(
            "Informacje o konsultacjach wraz z projektami uchwał zostały podane do publicznej "
            "wiadomości poprzez:",
            _listed_items(consultation.announcement_channels),
        ))
    points.append(Point(
        "Konsultacje prowadzone były w terminie: "
        f"{_polish_date(consultation.start_date, 'd E Y')} r. - "
        f"{_polish_date(consultation.end_date, 'd E Y')} r."
    ))
    points.append(Point(_sentence(
        f"Opinie do projektów należało składać {_how_to_submit(consultation)}")))
    if consultation.responsible_department:
        points.append(Point(_sentence(
            f"Za przeprowadzenie konsultacji odpowiadał {consultation.responsible_department}")))

    annex = []
    for draft, genitive in zip(drafts, subjects_genitive, strict=True):
        on_time = [s for s in by_draft[draft.pk] if not s.is_late]
        late = [s for s in by_draft[draft.pk] if s.is_late]
        bodies = {s.organisation_id for s in on_time}
        listed = [s for s in by_draft[draft.pk] if not s.not_considered and s.proposals.all()]
        points.append(Point(wording.opinions_submitted_sentence(
            len(bodies), genitive, with_annex=any(not s.is_late for s in listed))))
        if late:
            late_bodies = {s.organisation_id for s in late}
            considered = {s.organisation_id for s in late if not s.not_considered}
            points.append(Point(wording.late_opinions_sentence(
                len(late_bodies), genitive, considered=len(considered))))
        if listed:
            annex.append(AnnexSection(
                heading=f"Propozycje dotyczące {genitive}",
                groups=[
                    AnnexGroup(organisation, [p for s in subs for p in s.proposals.all()])
                    for organisation, subs in groupby(
                        sorted(listed, key=lambda s: (s.organisation.name, s.received_on)),
                        key=lambda s: s.organisation,
                    )
                ],
            ))
    if consultation.validity_conclusion:
        points.append(Point(_sentence(consultation.validity_conclusion)))

    for section in annex:
        for group in section.groups:
            for proposal in group.proposals:
                proposal.outcome_sentence = _OUTCOME_SENTENCES[proposal.outcome]

    return {
        "consultation": consultation,
        "title_subject": _join(subjects_genitive),
        "place": consultation.report_place or current_identity().city,
        "heading_date": (
            _polish_date(consultation.report_date, "j E Y") + " r."
            if consultation.report_date else ""
        ),
        "points": points,
        "annex": annex,
    }


def _how_to_submit(consultation: Consultation) -> str:
    if consultation.submission_method:
        return consultation.submission_method
    ways = []
    if consultation.submission_address:
        ways.append(f"pisemnie na adres: {consultation.submission_address}")
    if consultation.submission_email:
        ways.append(f"pocztą elektroniczną na adres e-mail: {consultation.submission_email}")
    return " lub ".join(ways) or "w sposób wskazany w ogłoszeniu o konsultacjach"


# What shapes the PDF besides the data (which the HTML holds whole): a change makes new renders.
LAYOUT_SOURCES = (
    "templates/consultations/report.html",
    "static/css/consultation-report.css",
    "consultations/report.py",
    "consultations/wording.py",
    "lib/pdf.py",
)


def report_html(consultation: Consultation, *, for_pdf: bool = False) -> str:
    """The report as one HTML document (the PDF's source with ``for_pdf``)."""
    context = report_context(consultation) | {"for_pdf": for_pdf}
    with translation.override("pl"):
        return render_to_string("consultations/report.html", context)


def pdf_fingerprint(html: str) -> str:
    """A digest of everything the PDF is made from: its HTML source and the layout's files."""
    payload = sources_digest(LAYOUT_SOURCES) + html
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ConsultationReportExporter(Exporter):
    verbose_name = _("Consultation report")
    extension = ""

    def __init__(self, consultation: Consultation):
        self.consultation = consultation

    def filename(self) -> str:
        return f"raport-z-konsultacji-{self.consultation.pk}.{self.extension}"


class ConsultationReportHTML(ConsultationReportExporter):
    """The printable page (with a link to the PDF)."""

    identifier = "consultation_report_html"
    extension = "html"
    content_type = "text/html; charset=utf-8"

    def render(self) -> tuple[str, str, bytes]:
        return self.filename(), self.content_type, report_html(self.consultation).encode("utf-8")


class ConsultationReportPDF(ConsultationReportExporter):
    """The PDF, tagged, from the same HTML with print styles (``html`` when already made)."""

    identifier = "consultation_report_pdf"
    extension = "pdf"
    content_type = PDF_CONTENT_TYPE

    def __init__(self, consultation: Consultation, *, html: str | None = None):
        super().__init__(consultation)
        self.html = html

    def render(self) -> tuple[str, str, bytes]:
        html = self.html if self.html is not None else report_html(self.consultation,
                                                                     for_pdf=True)
        return self.filename(), self.content_type, html_to_pdf(html)


EXPORTERS = {"html": ConsultationReportHTML, "pdf": ConsultationReportPDF}
