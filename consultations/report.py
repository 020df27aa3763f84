"""The consultation report ("Raport z konsultacji społecznych") as printable HTML and PDF.

``ConsultationReport`` has the exporter shape of the house style (``identifier``,
``verbose_name``, ``render``); the public page, the staff preview and the management command all
call it. The numbered points are built here so numbering follows whatever points apply (a purpose
that was not recorded, late opinions) instead of being fixed in the template.
"""

from dataclasses import dataclass, field
from itertools import groupby

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from consultations import wording
from consultations.models import Consultation, Proposal
from lib.pdf import html_to_pdf

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


class ConsultationReport:
    """The report of one consultation, in the layout of the city's 2020 report."""

    identifier = "consultation_report"
    verbose_name = _("Consultation report")
    formats = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}

    def __init__(self, consultation: Consultation):
        self.consultation = consultation

    def render_html(self, *, for_pdf: bool = False) -> str:
        context = report_context(self.consultation) | {"for_pdf": for_pdf}
        with translation.override("pl"):
            return render_to_string("consultations/report.html", context)

    def render(self, fmt: str = "pdf") -> tuple[str, str, bytes]:
        """(filename, content type, content) of the report in ``fmt`` ("pdf" or "html")."""
        if fmt not in self.formats:
            raise ValueError(f"Unknown format {fmt!r}; use one of {', '.join(self.formats)}.")
        filename = f"raport-z-konsultacji-{self.consultation.pk}.{fmt}"
        if fmt == "pdf":
            content = html_to_pdf(self.render_html(for_pdf=True))
        else:
            content = self.render_html().encode("utf-8")
        return filename, self.formats[fmt], content
