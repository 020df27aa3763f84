"""Open data of consultations: every proposal of every consultation whose report is published,
with the city's decision — the consultation reports' tables as one dataset (CSV, XLSX, JSON).

Only what the published reports already print: the consultation, the draft, the organisation
that submitted the opinion, the part of the draft, the texts, the outcome and its reasoning.
Consultations whose report is not published are left out whoever asks.
"""

import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations.models import Consultation, Proposal
from lib.exporters import Exporter, TableExporter
from lib.xlsxfile import XLSX_CONTENT_TYPE, table_bytes

FILENAME = "konsultacje-dane"

COLUMNS = [
    ("consultation_id", gettext_lazy("consultation id")),
    ("consultation", gettext_lazy("consultation")),
    ("start_date", gettext_lazy("start date")),
    ("end_date", gettext_lazy("end date")),
    ("draft", gettext_lazy("draft")),
    ("organisation", gettext_lazy("organisation")),
    ("received_on", gettext_lazy("date received")),
    ("section_reference", gettext_lazy("section reference")),
    ("objective_code", gettext_lazy("code")),
    ("current_text", gettext_lazy("current text")),
    ("proposed_text", gettext_lazy("proposed text")),
    ("justification", gettext_lazy("justification")),
    ("outcome", gettext_lazy("outcome")),
    ("reasoning", gettext_lazy("reasoning")),
    ("final_wording", gettext_lazy("final wording")),
]


def published_consultations():
    return Consultation.objects.filter(status=Consultation.Status.REPORT_PUBLISHED)


def published_proposals():
    """Proposals of published consultation reports, in the reports' order (one query)."""
    return (
        Proposal.objects.filter(submission__consultation__in=published_consultations())
        .select_related(
            "submission__consultation", "submission__draft__programme",
            "submission__organisation", "objective",
        )
        .order_by("submission__consultation__start_date", "submission__consultation_id",
                  "submission__draft__position", "submission__organisation__name",
                  "submission_id", "position", "pk")
    )


def rows():
    """One dict per proposal, keyed by ``COLUMNS``; dates as ``date`` (or ``None``)."""
    for proposal in published_proposals():
        submission = proposal.submission
        consultation = submission.consultation
        yield {
            "consultation_id": consultation.pk,
            "consultation": consultation.title,
            "start_date": consultation.start_date,
            "end_date": consultation.end_date,
            "draft": str(submission.draft.programme),
            "organisation": submission.organisation.name,
            "received_on": submission.received_on,
            "section_reference": proposal.section_reference,
            "objective_code": proposal.objective.code if proposal.objective else "",
            "current_text": proposal.current_text,
            "proposed_text": proposal.proposed_text,
            "justification": proposal.justification,
            "outcome": str(proposal.get_outcome_display()),
            "reasoning": proposal.reasoning,
            "final_wording": proposal.final_wording,
        }


def _iso(value):
    return value.isoformat() if value else ""


class ConsultationsCSV(TableExporter):
    identifier = "open_data_consultations_csv"
    verbose_name = gettext_lazy("Consultation proposals and outcomes (CSV)")

    def filename(self) -> str:
        return f"{FILENAME}.csv"

    def header(self) -> list[str]:
        return [str(label) for _key, label in COLUMNS]

    def rows(self):
        for row in rows():
            yield [_iso(row[key]) if key.endswith(("_date", "_on")) else row[key]
                   for key, _label in COLUMNS]


class ConsultationsXLSX(Exporter):
    identifier = "open_data_consultations_xlsx"
    verbose_name = gettext_lazy("Consultation proposals and outcomes (XLSX)")
    content_type = XLSX_CONTENT_TYPE

    def render(self) -> tuple[str, str, bytes]:
        table = ([row[key] for key, _label in COLUMNS] for row in rows())
        content = table_bytes(_("Proposals"), [label for _key, label in COLUMNS], table)
        return f"{FILENAME}.xlsx", self.content_type, content


class ConsultationsJSON(Exporter):
    identifier = "open_data_consultations_json"
    verbose_name = gettext_lazy("Consultation proposals and outcomes (JSON)")
    content_type = "application/json; charset=utf-8"

    def render(self) -> tuple[str, str, bytes]:
        data = {
            "columns": {key: str(label) for key, label in COLUMNS},
            "proposals": [
                {key: _iso(value) if key.endswith(("_date", "_on")) else value
                 for key, value in row.items()}
                for row in rows()
            ],
        }
        content = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
        return f"{FILENAME}.json", self.content_type, content
