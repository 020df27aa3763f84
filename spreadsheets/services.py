"""Spreadsheet imports: a programme set-up file and an organisation's value sheet.

Both go preview → confirm. The preview runs the very write the confirmation will run, inside a
transaction that is rolled back, so what it reports (counts, errors, conflicts) is exactly what
confirming would do and nothing is stored. Writes go through the services of the other apps:
``indicators.services.programmes.programme_load`` for a programme,
``indicators.services.values.values_save`` and ``indicators.services.review.values_submit`` for
values — the web form's rules, written once.
"""

import difflib
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError, transaction
from django.http import Http404
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from indicators.formatting import format_value, format_with_unit
from indicators.inputs import ValueInput
from indicators.measures import link_proposals
from indicators.models import Indicator, IndicatorValue, Measure, ValueKind
from indicators.selectors import shared_reporting_years
from indicators.services.diagnosis import diagnosis_values_save
from indicators.services.programmes import programme_load
from indicators.services.review import values_submit
from indicators.services.values import ConcurrentChange, expected_range_text, values_save
from indicators.tree import indicator_values
from programs.models import Objective, Organisation, Programme, ReportingYear
from programs.services import LoadStats, ProgrammeDataError
from spreadsheets import files
from spreadsheets.files import SpreadsheetError, open_workbook
from spreadsheets.models import PendingUpload
from spreadsheets.programme_reading import ParsedProgramme, read_programme
from spreadsheets.value_sheets import ParsedValueSheet, field_label, read_value_sheet

SIMILARITY_CUTOFF = 0.8


class _Rollback(Exception):
    """Raised inside a preview's transaction to undo it."""


# --- pending uploads ----------------------------------------------------------------------


@transaction.atomic
def pending_store(*, user, kind: str, filename: str, content: bytes, reporting_year=None,
                  organisation=None) -> PendingUpload:
    """Keep an uploaded file for its confirmation; the user's earlier pending file of the same
    kind and everyone's expired ones are dropped."""
    PendingUpload.objects.expired().delete()
    PendingUpload.objects.filter(user=user, kind=kind).delete()
    return PendingUpload.objects.create(
        user=user, kind=kind, filename=filename[:255], content=content,
        reporting_year=reporting_year, organisation=organisation,
    )


@transaction.atomic
def pending_discard(*, pending: PendingUpload) -> None:
    """Drop a kept file the user does not want to apply."""
    pending.delete()


def pending_get(*, user, token, kind: str, reporting_year=None) -> PendingUpload:
    """The user's own pending file (404 for anyone else's, an expired or a used one)."""
    pending = PendingUpload.objects.live().filter(token=token, user=user, kind=kind)
    if reporting_year is not None:
        pending = pending.filter(reporting_year=reporting_year)
    found = pending.first()
    if found is None:
        raise Http404
    return found


# --- programme set-up ---------------------------------------------------------------------


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass
class OrganisationMatch:
    """A name the file gives, and what it becomes. ``how``: ``"name"`` / ``"alias"`` (the name
    or another name of a known body: matched without asking), ``"declared"`` (a new body the
    Organisations sheet declares), ``"new"``; a ``question`` is a match the user confirms."""

    name: str
    organisation: Organisation | None = None
    declared: bool = False
    similar: list[str] = field(default_factory=list)
    how: str = ""


@dataclass
class OrganisationQuestion:
    """A name that is neither the name nor a declared other name of a known body, but looks
    like one: its short name ("PUP"), or a similar spelling. Nothing is matched until the user
    says so: ``answer`` is the chosen organisation, ``NEW`` or ``None`` (not answered yet — the
    import then creates a new body, never a guessed match)."""

    number: int
    name: str
    candidates: list[Organisation]
    reason: str  # "short_name" or "similar"
    answer: object = None

    @property
    def field_name(self) -> str:
        return f"organisation-{self.number}"

    @property
    def chosen(self) -> Organisation | None:
        return self.answer if isinstance(self.answer, Organisation) else None


NEW = "new"


@dataclass
class ProgrammePreview:
    parsed: ParsedProgramme
    existing: Programme | None = None
    stats: LoadStats | None = None
    matched: list[OrganisationMatch] = field(default_factory=list)
    new: list[OrganisationMatch] = field(default_factory=list)
    questions: list[OrganisationQuestion] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kept_values: int = 0
    missing_in_file: int = 0
    # Indicators matching a measure another programme uses (``indicators.measures.
    # link_proposals``): shown, never linked by the import; the coordinator links them on the
    # proposals page. [{"code", "indicator", "measure", "programmes"}]
    link_proposals: list[dict] = field(default_factory=list)

    @property
    def data(self) -> dict:
        return self.parsed.data

    @property
    def similar_count(self) -> int:
        return sum(1 for match in self.new if match.similar)

    @property
    def unanswered(self) -> list[OrganisationQuestion]:
        return [question for question in self.questions if question.answer is None]


def _names_of(spec: dict) -> list[str]:
    return [name for name in [spec["name"], spec.get("short_name", ""),
                              *spec.get("aliases", [])] if name]


def _match_organisations(preview: ProgrammePreview, answers: dict | None = None) -> None:
    """Sort the organisations the file names into known, new and questioned ones.

    A name is matched without asking only when it is the name or another name (alias) of a
    known body, or a name the Organisations sheet declares for one. A name that is only a known
    body's short name, or close to a known name (difflib), is a question for the user; until it
    is answered the body is a new one. New names not declared on the Organisations sheet are
    added as "other public institution". ``answers``: question field name → organisation pk or
    ``NEW`` (the preview page's form)."""
    answers = answers or {}
    organisations = list(Organisation.objects.all())
    by_key: dict[str, Organisation] = {}
    by_short: dict[str, Organisation] = {}
    for organisation in organisations:
        for name in [organisation.name, *organisation.aliases]:
            by_key[_key(name)] = organisation
        if organisation.short_name:
            by_short.setdefault(_key(organisation.short_name), organisation)
    by_pk = {organisation.pk: organisation for organisation in organisations}
    similar_keys = list(by_key) + [key for key in by_short if key not in by_key]
    declared = {}
    for spec in preview.data["organisations"]:
        for name in _names_of(spec):
            declared[_key(name)] = spec
    names = preview.parsed.organisation_names + [spec["name"]
                                                 for spec in preview.data["organisations"]]
    seen = set()
    for name in names:
        key = _key(name)
        spec = declared.get(key)
        own = [_key(n) for n in _names_of(spec)] if spec else [key]
        exact = next((by_key[k] for k in own if k in by_key), None)
        identity = ("org", exact.pk) if exact else ("spec", id(spec) if spec else key)
        if identity in seen:
            continue
        seen.add(identity)
        if exact is not None:
            how = "declared" if spec is not None else (
                "name" if _key(exact.name) == key else "alias")
            preview.matched.append(OrganisationMatch(name, exact, declared=spec is not None,
                                                     how=how))
            continue
        was_declared = spec is not None
        if spec is None:
            spec = {"name": " ".join(name.split()), "kind": Organisation.Kind.PUBLIC}
            preview.data["organisations"].append(spec)
            declared[key] = spec
        candidates = list(dict.fromkeys(by_short[k] for k in own if k in by_short))
        reason = "short_name"
        if not candidates:
            reason = "similar"
            close = difflib.get_close_matches(key, similar_keys, n=5, cutoff=SIMILARITY_CUTOFF)
            candidates = list(dict.fromkeys(by_key.get(k) or by_short[k] for k in close))[:3]
        if candidates:
            question = OrganisationQuestion(len(preview.questions) + 1, spec["name"],
                                            candidates, reason)
            answer = answers.get(question.field_name)
            if answer == NEW:
                question.answer = NEW
            elif answer and str(answer).isdigit() and int(answer) in by_pk:
                question.answer = by_pk[int(answer)]
            preview.questions.append(question)
            if question.chosen is not None:
                # The user's answer: the file's spellings become other names of the body, so
                # the next import of the same file matches them without asking.
                chosen = question.chosen
                spec["aliases"] = sorted(set(spec.get("aliases", [])) | {
                    n for n in _names_of(spec)
                    if _key(n) not in {_key(chosen.name), _key(chosen.short_name)}} | (
                    {spec["name"]} if _key(spec["name"]) == _key(chosen.short_name) else set()))
                spec["name"] = chosen.name
                spec.pop("short_name", None)
                preview.matched.append(OrganisationMatch(name, chosen, declared=was_declared,
                                                         how="confirmed"))
                continue
        preview.new.append(OrganisationMatch(
            spec["name"], None, declared=was_declared, how="declared" if was_declared else "new",
            similar=[candidate.name for candidate in candidates],
        ))


def _short(name: str, length: int) -> str:
    """A long indicator name in a message: at most ``length`` characters, ending in "…"."""
    return Truncator(name).chars(length)


def _compare_with_stored(preview: ProgrammePreview, errors: list[str]) -> dict:
    """For a programme already in the database: values of years that have a reporting year are
    entered, reviewed and locked on the entry pages, so the file may repeat them but not change
    them — a shared value (``Measure``) also where the year has a reporting year in another
    programme using it; renamed indicators and nodes missing from the file are pointed out.
    Returns the stored indicator each indicator of the file updates (``{id(spec): Indicator}``)."""
    programme = preview.existing
    report_years = dict(programme.reporting_years.values_list("year", "state"))
    states = dict(ReportingYear.State.choices)
    stored_objectives = list(Objective.objects.filter(programme=programme)
                             .only("pk", "code", "parent_id", "position"))
    by_code = {o.code: o for o in stored_objectives if o.code}
    by_place = {(o.parent_id, o.position): o for o in stored_objectives if not o.code}
    indicators = {(i.objective_id, i.position): i for i in programme_indicators(programme)}
    # The stored values are the measures' (shared with other programmes using a measure): a
    # shared value of a year with a reporting year in another programme is that programme's.
    elsewhere = shared_reporting_years(programme, {i.measure_id for i in indicators.values()})
    years = set(report_years).union(*(by_year for by_year in elsewhere.values()))
    stored = {(indicator_id, year): value
              for indicator_id, by_year in indicator_values(
                  indicators.values(), years=sorted(years)).items()
              for year, value in by_year.items()}
    seen = set()
    matched = {}

    def visit(nodes, parent):
        for position, node in enumerate(nodes):
            code = node.get("code", "")
            objective = by_code.get(code) if code else by_place.get(
                (parent.pk if parent else None, position))
            if objective is not None:
                seen.add(objective.pk)
            for index, spec in enumerate(node.get("indicators", [])):
                indicator = indicators.get((objective.pk, index)) if objective else None
                if indicator is not None:
                    matched[id(spec)] = indicator
                _check_indicator(code, index, spec, indicator)
            visit(node.get("children", []), objective)

    def _check_indicator(code, index, spec, indicator):
        if indicator is not None and indicator.name != spec["name"]:
            preview.warnings.append(
                _("%(code)s: indicator %(n)d is renamed from “%(old)s” to “%(new)s”; its "
                  "values stay with it. If it is another indicator, add it at the end of "
                  "the task instead.")
                % {"code": code or "—", "n": index + 1, "old": _short(indicator.name, 80),
                   "new": _short(spec["name"], 80)})
        for year in list(spec.get("values", {})):
            other = elsewhere.get(indicator.measure_id, {}).get(int(year)) if indicator else None
            if int(year) not in report_years and other is None:
                continue
            current = stored.get((indicator.pk, int(year))) if indicator else None
            if current is not None and _same_value(current, spec["values"][year]):
                del spec["values"][year]
                preview.kept_values += 1
                continue
            if int(year) not in report_years:
                errors.append(
                    _("%(code)s „%(name)s”, %(year)s: the value is shared with „%(programme)s”, "
                      "where the year has a reporting year (%(state)s); it is entered and "
                      "corrected on that programme's data-entry page, not by import. Remove "
                      "this value from the file or make it equal to the stored one "
                      "(%(stored)s).")
                    % {"code": code or "—", "name": _short(spec["name"], 60), "year": year,
                       "programme": other[0], "state": states[other[1]],
                       "stored": format_value(current) if current else "—"})
                continue
            errors.append(
                _("%(code)s „%(name)s”, %(year)s: the year has a reporting year (%(state)s); "
                  "its values are entered and corrected on the data-entry page, not by "
                  "import. Remove this value from the file or make it equal to the stored "
                  "one (%(stored)s).")
                % {"code": code or "—", "name": _short(spec["name"], 60), "year": year,
                   "state": states[report_years[int(year)]],
                   "stored": format_value(current) if current else "—"})

    visit(preview.data["objectives"], None)
    preview.missing_in_file = sum(1 for o in stored_objectives if o.pk not in seen)
    return matched


def _warn_of_measure_numbers(preview: ProgrammePreview, matched: dict) -> None:
    """The column "Miara w rejestrze" never links or unlinks (that is the register's, with its
    checks and history): a number that differs from the indicator's measure, or that a new
    indicator gives, is pointed out with the way to link it. A number no programme of this
    installation uses (a file of another one) is ignored. One query."""
    items = [(_node_number(node), spec, matched.get(id(spec)))
             for node, spec in _indicator_specs(preview.data["objectives"])
             if spec.get("measure")]
    if not items:
        return
    known = Measure.objects.filter(pk__in={spec["measure"] for _c, spec, _i in items},
                                   indicators__isnull=False).distinct().in_bulk()
    for code, spec, indicator in items:
        measure = known.get(spec["measure"])
        if measure is None or (indicator is not None and indicator.measure_id == measure.pk):
            continue
        names = {"code": code, "name": _short(spec["name"], 60), "named": measure.pk,
                 "measure": _short(measure.name, 60)}
        if indicator is not None:
            preview.warnings.append(_(
                "%(code)s „%(name)s”: the file names measure no. %(named)d („%(measure)s”), the "
                "indicator uses measure no. %(current)d. The import leaves it as it is: "
                "indicators are linked and unlinked in the register of measures.")
                % {**names, "current": indicator.measure_id})
        else:
            preview.warnings.append(_(
                "%(code)s „%(name)s”: a new indicator gets a measure of its own. To enter its "
                "values once with measure no. %(named)d („%(measure)s”), link it in the "
                "register of measures after the import.") % names)


def _warn_of_values_outside_range(preview: ProgrammePreview) -> None:
    """A past value the file gives outside its indicator's expected range (a percentage above
    100, say) is pointed out on the preview, as the entry form asks to confirm one: importing
    the file after reading the warning is the confirmation."""
    for node, spec in _indicator_specs(preview.data["objectives"]):
        indicator = Indicator(name=spec["name"], unit=spec.get("unit", ""),
                              value_kind=spec.get("value_kind", ValueKind.INTEGER))
        for year, value in spec.get("values", {}).items():
            if value.get("number") is None:
                continue
            number = Decimal(value["number"])
            expected = expected_range_text(number, indicator)
            if expected:
                preview.warnings.append(
                    _("%(code)s „%(name)s”, %(year)s: %(value)s is outside the range expected "
                      "for this indicator (%(expected)s). Check the file: the import takes the "
                      "value as it is.")
                    % {"code": _node_number(node), "name": _short(spec["name"], 60),
                       "year": year, "value": format_with_unit(number, indicator),
                       "expected": expected})


def _indicator_specs(nodes):
    """Every ``(node, indicator spec)`` of the file's goal tree, in document order."""
    for node in nodes:
        for spec in node.get("indicators", []):
            yield node, spec
        yield from _indicator_specs(node.get("children", []))


def _node_number(node: dict) -> str:
    """A node of the file as its messages name it: the document's number, else the code."""
    return node.get("label") or node.get("code") or "—"


def _same_value(current: IndicatorValue, entry: dict) -> bool:
    number = entry.get("number")
    return (
        (current.number == (Decimal(number) if number is not None else None))
        and current.text == entry.get("text", "")
        and current.no_data == ("no_data" in entry)
        and current.no_data_reason == entry.get("no_data", "")
        and current.remarks == entry.get("remarks", "")
        and current.footnote_mark == entry.get("footnote_mark", "")
        and [Decimal(n) for n in current.part_numbers]
        == [Decimal(n) for n in entry.get("part_numbers", [])]
    )


def programme_indicators(programme: Programme):
    return Indicator.objects.for_programme(programme).only(
        "pk", "objective_id", "position", "name", "measure_id", "unit", "value_kind")


def _load(data: dict, user=None) -> tuple[Programme, LoadStats]:
    try:
        return programme_load(data=data, user=user)
    except ProgrammeDataError as error:
        raise SpreadsheetError(str(error)) from None
    except (IntegrityError, DataError, ValidationError) as error:
        # Data the database refuses is a problem of the file. Other database errors (busy,
        # disconnected) are not: they reach the page, which keeps the file for another try.
        raise SpreadsheetError(
            _("The database refused the programme (%(error)s); nothing was saved.")
            % {"error": str(error)[:200]}
        ) from None


def programme_preview(*, content: bytes, filename: str = "", dry_run: bool = True,
                      answers: dict | None = None) -> ProgrammePreview:
    """Read a programme set-up file and say what importing it would do; changes nothing.

    With ``dry_run`` the import itself runs and is rolled back, so the counts are exact and
    every error the import would meet is reported now. ``answers`` confirm or refuse the
    organisation matches the preview asks about (``OrganisationQuestion``)."""
    parsed = read_programme(open_workbook(content, filename, max_cells=files.PROGRAMME_MAX_CELLS,
                                          max_rows=files.PROGRAMME_MAX_ROWS))
    preview = ProgrammePreview(parsed=parsed)
    preview.warnings.extend(parsed.warnings)
    preview.existing = Programme.objects.filter(slug=parsed.data["programme"]["slug"]).first()
    _match_organisations(preview, answers)
    errors: list[str] = []
    matched = _compare_with_stored(preview, errors) if preview.existing is not None else {}
    if errors:
        raise SpreadsheetError(errors[:50])
    _warn_of_values_outside_range(preview)
    _warn_of_measure_numbers(preview, matched)
    if dry_run:
        try:
            with transaction.atomic():
                programme, preview.stats = _load(parsed.data)
                preview.link_proposals = [
                    {"code": proposal.indicator.objective.shown_code,
                     "indicator": proposal.indicator.name, "measure": proposal.measure.name,
                     "programmes": ", ".join(str(p) for p in proposal.used_by)}
                    for proposal in link_proposals(programme)
                ]
                raise _Rollback
        except _Rollback:
            pass
    return preview


class UnansweredMatches(Exception):
    """The import was asked to wait for the user's answers, and some are missing."""

    def __init__(self, preview: ProgrammePreview):
        super().__init__(", ".join(question.name for question in preview.unanswered))
        self.preview = preview


@transaction.atomic
def programme_import(*, content: bytes, filename: str = "", user=None,
                     answers: dict | None = None, require_answers: bool = False
                     ) -> tuple[Programme, LoadStats, ProgrammePreview]:
    """Import a programme set-up file: all or nothing, and repeatable (a corrected file updates
    the programme in place, through ``programme_load``). ``user`` is the coordinator importing it
    (``None`` from the command line); ``answers`` as for ``programme_preview`` (an unanswered
    question makes a new organisation, never a guessed match; with ``require_answers`` — the
    web page — it raises ``UnansweredMatches`` and imports nothing)."""
    preview = programme_preview(content=content, filename=filename, dry_run=False,
                                answers=answers)
    if require_answers and preview.unanswered:
        raise UnansweredMatches(preview)
    programme, stats = _load(preview.data, user)
    return programme, stats, preview


# --- value sheets -------------------------------------------------------------------------


@dataclass
class ChangeRow:
    number: int
    code: str
    name: str
    before: str
    after: str
    errors: list[str] = field(default_factory=list)


@dataclass
class ValueSheetOutcome:
    """What applying a sheet did (or, in a preview, would do)."""

    organisation: Organisation
    rows: list[ChangeRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    untouched: int = 0
    submit: bool = False
    saved: int = 0
    submitted: int = 0
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and not any(row.errors for row in self.rows)


def _describe_input(value_input: ValueInput) -> str:
    if value_input.no_data:
        return _("no data: %(reason)s") % {"reason": value_input.no_data_reason}
    return value_input.value or _("(cleared)")


def value_sheet_apply(*, user, reporting_year: ReportingYear, content: bytes, filename: str = "",
                      dry_run: bool) -> ValueSheetOutcome:
    """Read an uploaded value sheet and save its changed rows with ``values_save`` (then
    ``values_submit`` if the sheet asks to), all or nothing. ``dry_run`` rolls everything back:
    the preview. File problems raise ``SpreadsheetError``; rule problems come back in the
    outcome, per row."""
    workbook = open_workbook(content, filename, max_cells=files.VALUE_SHEET_MAX_CELLS,
                             max_rows=files.VALUE_SHEET_MAX_ROWS)
    parsed: ParsedValueSheet = read_value_sheet(workbook, user=user,
                                                reporting_year=reporting_year)
    outcome = ValueSheetOutcome(organisation=parsed.organisation, untouched=parsed.untouched,
                                submit=parsed.submit)
    current = {indicator_id: by_year.get(reporting_year.year)
               for indicator_id, by_year in indicator_values(
                   Indicator.objects.filter(pk__in=[row.indicator_id for row in parsed.rows]),
                   years=[reporting_year.year]).items()}
    by_id = {}
    for row in parsed.rows:
        change = ChangeRow(row.number, row.code, row.name,
                           format_value(current.get(row.indicator_id)) or "—",
                           _describe_input(row.value_input))
        outcome.rows.append(change)
        by_id[row.indicator_id] = change
    diagnosis_changes = {}
    for row in parsed.diagnosis:
        change = ChangeRow(row.number, row.table, row.label, row.before or "—",
                           row.typed or _("(cleared)"))
        outcome.rows.append(change)
        diagnosis_changes[row.row_id] = change
    try:
        with transaction.atomic():
            _apply(user, reporting_year, parsed, outcome, by_id)
            _apply_diagnosis(user, reporting_year, parsed, outcome, diagnosis_changes)
            if dry_run or not outcome.ok:
                raise _Rollback
            outcome.applied = True
    except _Rollback:
        outcome.applied = False
    except ConcurrentChange:
        outcome.errors.append(_("Someone saved these values at the same moment; nothing was "
                                "saved. Upload the sheet again."))
    except PermissionDenied as error:
        outcome.errors.append(str(error) or _("You may not change these values."))
    return outcome


def _apply(user, reporting_year, parsed, outcome, by_id) -> None:
    year = reporting_year.year
    result = values_save(user=user, reporting_year=reporting_year,
                                        inputs=parsed.inputs)
    for indicator_id, fields in result.errors.items():
        change = by_id.get(indicator_id)
        for field_name, messages in fields.items():
            label = field_label(field_name, year)
            for message in messages:
                text = f"{label}: {message}" if label else message
                if change is not None:
                    change.errors.append(text)
                else:
                    outcome.errors.append(text)
    if not result.ok:
        return
    outcome.saved = result.changed_count
    if parsed.submit:
        submitted = values_submit(user=user, reporting_year=reporting_year,
                                                 organisation=parsed.organisation)
        for indicator_id, messages in submitted.errors.items():
            change = by_id.get(indicator_id)
            if change is not None:
                change.errors.extend(messages)
            else:
                label = _indicator_label(indicator_id)
                outcome.errors.extend(f"{label}{message}" for message in messages)
        outcome.submitted = submitted.submitted


def _apply_diagnosis(user, reporting_year, parsed, outcome, changes) -> None:
    """The "Dane diagnozy" sheet's changed rows, through the entry page's service (its errors
    beside their rows; its refusal of a closed year raises ``PermissionDenied``)."""
    if not parsed.diagnosis:
        return
    result = diagnosis_values_save(
        user=user, reporting_year=reporting_year, organisation=parsed.organisation,
        typed={row.row_id: row.typed for row in parsed.diagnosis})
    for row_id, messages in result.errors.items():
        changes[row_id].errors.extend(messages)
    outcome.saved += result.changed


def _indicator_label(indicator_id: int) -> str:
    indicator = Indicator.objects.select_related("objective").filter(pk=indicator_id).first()
    if indicator is None:
        return ""
    return f"{indicator.objective.shown_code} „{_short(indicator.name, 60)}”: "
