"""Indicators of a programme's tasks and their yearly values.

An ``Indicator`` hangs on an ``Objective`` (a task); context statistics (the diagnosis tables) are
indicators without a target. An ``IndicatorValue`` is one (indicator, year): a number, a text, or
"no data" with a reason — exactly one of them, enforced by the database.

An indicator may be counted in named **parts** ("liczba osób/rodzin": persons and families; a
total "w tym nowoutworzonych"; women and men): ``Indicator.parts`` declares them, each value keeps
one number per part in ``IndicatorValue.part_numbers``, and ``IndicatorValue.number`` holds the
number everything else reads and judges (``Indicator.derived_number``). Both are JSON lists on
the rows they belong to, so the parts travel with the indicator and the value — into the value's
history and audit snapshot, the caches, every query — at no extra query.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from programs.models import EARLIEST_YEAR, LATEST_YEAR

# Wide enough for amounts in PLN with grosze and for percentages with four decimals.
VALUE_MAX_DIGITS = 18
VALUE_DECIMAL_PLACES = 4


class Unit(models.TextChoices):
    NONE = "", _("no unit")
    PERSONS = "persons", _("persons")
    FAMILIES = "families", _("families")
    HOUSEHOLDS = "households", _("households")
    PLN = "pln", _("PLN")
    THOUSAND_PLN = "thousand_pln", _("thousand PLN")
    MILLION_PLN = "million_pln", _("million PLN")
    PERCENT = "percent", _("%")
    COUNT = "count", _("count")
    PLACES = "places", _("places")
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")


# How each unit is written after a number in tables and documents.
UNIT_SUFFIX = {
    Unit.NONE: "",
    Unit.PERSONS: "",
    Unit.FAMILIES: "",
    Unit.HOUSEHOLDS: "",
    Unit.PLN: "zł",
    Unit.THOUSAND_PLN: "tys. zł",
    Unit.MILLION_PLN: "mln zł",
    Unit.PERCENT: "%",
    Unit.COUNT: "",
    Unit.PLACES: "",
    Unit.HOURS: "",
    Unit.DAYS: "",
}


class ValueKind(models.TextChoices):
    INTEGER = "integer", _("whole number")
    DECIMAL = "decimal", _("decimal number")
    AMOUNT = "amount", _("amount")
    PERCENT = "percent", _("percentage")
    TEXT = "text", _("text")


class Direction(models.TextChoices):
    """The expected direction of change; combinations are met when either part is met."""

    NONE = "", _("no direction")
    INCREASE = "increase", _("increase")
    DECREASE = "decrease", _("decrease")
    KEEP_SIMILAR = "keep_similar", _("keep at a similar level")
    KEEP_SAME = "keep_same", _("keep at the same level")
    KEEP_SIMILAR_OR_INCREASE = "keep_similar_or_increase", _("keep at a similar level or increase")
    KEEP_SIMILAR_OR_DECREASE = "keep_similar_or_decrease", _("keep at a similar level or decrease")
    KEEP_SAME_OR_INCREASE = "keep_same_or_increase", _("keep at the same level or increase")
    KEEP_SAME_OR_DECREASE = "keep_same_or_decrease", _("keep at the same level or decrease")


@dataclass(frozen=True)
class IndicatorPart:
    """One named part of an indicator, as ``Indicator.parts`` declares it.

    ``label`` is what the document writes after the number ("osób", "rodzin", "kobiet",
    "nowoutworzone"; empty only for a total followed by its "w tym" parts); ``unit`` one of
    ``Unit`` (empty: the indicator's); ``within`` marks a "w tym" part: a subset of the
    nearest earlier part that is not one ("12, w tym 3 nowoutworzone"). ``position`` counts
    from 1.
    """

    position: int
    label: str
    unit: str = ""
    within: bool = False

    def as_dict(self) -> dict:
        return {"label": self.label, "unit": self.unit, "within": self.within}

    @property
    def display_label(self) -> str:
        """The label, or "ogółem" for a total written without one ("12, w tym 3 …")."""
        return self.label or str(_("total"))


def clean_parts(raw) -> list[dict]:
    """``Indicator.parts`` checked and normalised (label, unit, within); ``ValidationError``
    with a Polish message when it is not a list of parts with labels and known units, when a
    "w tym" part has no total before it, or when there is a single part."""
    if raw in (None, ""):
        return []
    if not isinstance(raw, list):
        raise ValidationError(_("The parts must be a list."))
    units = set(Unit.values)
    cleaned = []
    for index, part in enumerate(raw, start=1):
        if not isinstance(part, dict):
            raise ValidationError(_("Part %(n)d is not a part.") % {"n": index})
        label = " ".join(str(part.get("label") or "").split())
        unit = str(part.get("unit") or "")
        within = bool(part.get("within"))
        if label.casefold().startswith("w tym "):  # "w tym nowoutworzone": a "w tym" part
            label, within = label[6:].strip(), True
        next_within = index < len(raw) and isinstance(raw[index], dict) and (
            bool(raw[index].get("within"))
            or " ".join(str(raw[index].get("label") or "").split()).casefold()
            .startswith("w tym "))
        if not label and (within or not next_within):
            # Only a total followed by its "w tym" parts may go without ("12, w tym 3 …").
            raise ValidationError(_("Part %(n)d needs a label, e.g. “osób”.") % {"n": index})
        if len(label) > 100:
            raise ValidationError(_("The label of part %(n)d is longer than 100 characters.")
                                  % {"n": index})
        if unit not in units:
            raise ValidationError(_("Part %(n)d has an unknown unit.") % {"n": index})
        if within and index == 1:
            raise ValidationError(_("The first part cannot be a “w tym” part: it needs a total "
                                    "before it."))
        cleaned.append({"label": label, "unit": unit, "within": within})
    if len(cleaned) == 1:
        raise ValidationError(_("An indicator has no parts or at least two."))
    if len(cleaned) > 12:
        raise ValidationError(_("An indicator has at most 12 parts."))
    return cleaned
class Measure(models.Model):
    """What is counted, by whom: one register shared by every programme.

    A programme's ``Indicator`` points at a measure and adds what is the programme's own (its
    task, target, direction, monitoring method); the values belong to the measure, so an
    organisation enters a number once and every programme using the measure shows it, each
    judging it against its own target. A measure is created from the first indicator that
    counts it; indicators of other programmes are linked to it explicitly
    (``indicators.services.measures``), never by a migration or an import on its own.
    """

    name = models.TextField(_("name"))
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, blank=True)
    value_kind = models.CharField(
        _("kind of value"), max_length=20, choices=ValueKind.choices, default=ValueKind.INTEGER
    )
    reporting_organisation = models.ForeignKey(
        "programs.Organisation",
        verbose_name=_("reporting organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
    )
    definition = models.TextField(_("definition"), blank=True)
    # Free references to official statistics the measure matches, as their forms name them.
    statistics_reference = models.CharField(
        _("statistics reference (MRPiPS-03)"), max_length=300, blank=True,
        help_text=_("E.g. “MRPiPS-03, dział 2, wiersz 5”."),
    )
    resources_reference = models.CharField(
        _("assessment of resources reference (OZPS)"), max_length=300, blank=True,
        help_text=_("The row of the yearly assessment of social-assistance resources."),
    )
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.name

    @property
    def unit_suffix(self) -> str:
        return UNIT_SUFFIX.get(self.unit, "")

    @classmethod
    def from_indicator(cls, indicator) -> "Measure":
        """A new (unsaved) measure of the indicator's own: its name, unit, kind, organisation."""
        return cls(
            name=indicator.name, unit=indicator.unit, value_kind=indicator.value_kind,
            reporting_organisation_id=indicator.reporting_organisation_id,
        )


# What a measure of one indicator's takes from it when the indicator changes.
MEASURE_FOLLOWS = ("name", "unit", "value_kind", "reporting_organisation_id")


class IndicatorQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """As ``QuerySet.bulk_create``, giving each indicator without a measure one of its own
        (``Indicator.save`` does the same for one)."""
        objs = list(objs)
        alone = [indicator for indicator in objs if indicator.measure_id is None]
        if alone:
            measures = Measure.objects.bulk_create(
                [Measure.from_indicator(indicator) for indicator in alone])
            for indicator, measure in zip(alone, measures, strict=True):
                indicator.measure = measure
        return super().bulk_create(objs, *args, **kwargs)

    def for_programme(self, programme):
        return self.filter(objective__programme=programme)

    def for_organisation(self, organisation):
        return self.filter(reporting_organisation=organisation)

    def with_targets(self):
        return self.filter(Q(target_value__isnull=False) | ~Q(direction=""))


class Indicator(models.Model):
    objective = models.ForeignKey(
        "programs.Objective",
        verbose_name=_("task"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    # What the indicator counts; its values are the measure's (``Measure``). Saving an
    # indicator without one gives it a measure of its own.
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.PROTECT, related_name="indicators",
    )
    name = models.TextField(_("name"))
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, blank=True)
    value_kind = models.CharField(
        _("kind of value"), max_length=20, choices=ValueKind.choices, default=ValueKind.INTEGER
    )
    target_value = models.DecimalField(
        _("target value"),
        max_digits=VALUE_MAX_DIGITS,
        decimal_places=VALUE_DECIMAL_PLACES,
        null=True,
        blank=True,
    )
    target_year = models.PositiveSmallIntegerField(
        _("target year"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the target is for the whole programme."),
    )
    direction = models.CharField(
        _("direction"), max_length=40, choices=Direction.choices, blank=True
    )
    less_is_better = models.BooleanField(_("less is better"), default=False)
    baseline_value = models.DecimalField(
        _("baseline value"),
        max_digits=VALUE_MAX_DIGITS,
        decimal_places=VALUE_DECIMAL_PLACES,
        null=True,
        blank=True,
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    # The range values are expected in; a value outside it is saved only when the person
    # entering it confirms it (like the typo guard). Empty: 0–100 for percentages, no range
    # for other kinds (counts and amounts are never negative anyway).
    min_value = models.DecimalField(
        _("lowest expected value"), max_digits=VALUE_MAX_DIGITS,
        decimal_places=VALUE_DECIMAL_PLACES, null=True, blank=True,
        help_text=_("Empty: 0 for percentages, no limit otherwise. A value outside the range "
                    "is saved only after the person entering it confirms it."),
    )
    max_value = models.DecimalField(
        _("highest expected value"), max_digits=VALUE_MAX_DIGITS,
        decimal_places=VALUE_DECIMAL_PLACES, null=True, blank=True,
        help_text=_("Empty: 100 for percentages, no limit otherwise."),
    )
    # Where a task has several numbered results, the one this indicator measures.
    expected_result = models.TextField(_("expected result measured"), blank=True)
    monitoring_method = models.TextField(_("monitoring method"), blank=True)
    reporting_organisation = models.ForeignKey(
        "programs.Organisation",
        verbose_name=_("reporting organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_indicators",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    # Named parts (see ``IndicatorPart``): a list of {"label", "unit", "within"}; empty for an
    # indicator counted as one number.
    parts = models.JSONField(
        _("parts"), default=list, blank=True,
        help_text=_("The numbers the indicator is counted in, e.g. persons and families; empty "
                    "for one number."),
    )
    parts_summed = models.BooleanField(
        _("the value is the sum of its parts"), default=False,
        help_text=_("The indicator's value is the sum of its parts (those that are not “w tym” "
                    "parts), e.g. women and men."),
    )
    target_part = models.PositiveSmallIntegerField(
        _("part the target names"), null=True, blank=True,
        help_text=_("The number of the part (1 = first) the target and the judging are about; "
                    "empty: the sum where the parts are summed, otherwise the first part."),
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["objective__sort_key", "position", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_year__isnull=True) | Q(target_value__isnull=False),
                name="indicator_target_year_needs_value",
            ),
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True) | Q(baseline_value__isnull=False),
                name="indicator_baseline_year_needs_value",
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True) | Q(max_value__isnull=True)
                | Q(min_value__lte=F("max_value")),
                name="indicator_expected_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        """Save; an indicator without a measure gets one of its own. A measure no other
        indicator uses follows the indicator's name, unit, kind and organisation (one UPDATE);
        a shared one is changed only on purpose (``indicators.services.measures``)."""
        if self.measure_id is None:
            measure = Measure.from_indicator(self)
            measure.save()
            self.measure = measure
        elif self.pk is not None and "measure" not in (kwargs.get("update_fields") or ()):
            own = Measure.from_indicator(self)
            fields = {name: getattr(own, name) for name in MEASURE_FOLLOWS}
            Measure.objects.filter(pk=self.measure_id).exclude(**fields).exclude(
                Exists(Indicator.objects.filter(measure=OuterRef("pk")).exclude(pk=self.pk))
            ).update(**fields)
        super().save(*args, **kwargs)

    @property
    def values(self):
        """The values of the indicator's measure (shared with every programme using it)."""
        return IndicatorValue.objects.filter(measure_id=self.measure_id)

    def clean(self):
        super().clean()
        try:
            self.parts = clean_parts(self.parts)
        except ValidationError as error:
            raise ValidationError({"parts": error.messages}) from None
        if self.parts and self.value_kind == ValueKind.TEXT:
            raise ValidationError({"parts": _("A text indicator cannot have parts.")})
        if self.target_part is not None and not 1 <= self.target_part <= len(self.parts):
            raise ValidationError({"target_part": _("There is no such part.")})
        if self.parts_summed and not self.parts:
            raise ValidationError({"parts_summed": _("Only an indicator with parts is summed.")})

    @property
    def part_list(self) -> tuple[IndicatorPart, ...]:
        """The declared parts, in order (empty for an indicator of one number)."""
        return tuple(
            IndicatorPart(position=index, label=part.get("label", ""),
                          unit=part.get("unit") or "", within=bool(part.get("within")))
            for index, part in enumerate(self.parts or [], start=1)
        )

    @property
    def has_parts(self) -> bool:
        return bool(self.parts)

    def part_unit(self, part: IndicatorPart) -> str:
        return part.unit or self.unit

    def derived_number(self, numbers: list[Decimal]) -> Decimal:
        """``IndicatorValue.number`` for the parts' ``numbers``: the part the target names,
        otherwise the sum of the parts that are not "w tym" parts where the parts are summed,
        otherwise the first part."""
        if self.target_part:
            return numbers[self.target_part - 1]
        if self.parts_summed:
            return sum((number for part, number in zip(self.part_list, numbers, strict=True)
                        if not part.within), Decimal(0))
        return numbers[0]
    @property
    def expected_range(self) -> tuple[Decimal | None, Decimal | None]:
        """The lowest and highest value expected (``None``: no limit on that side)."""
        if self.value_kind == ValueKind.PERCENT or self.unit == Unit.PERCENT:
            low = self.min_value if self.min_value is not None else Decimal(0)
            high = self.max_value if self.max_value is not None else Decimal(100)
            return low, high
        return self.min_value, self.max_value

    @property
    def has_target(self) -> bool:
        return self.target_value is not None or bool(self.direction)

    @property
    def is_context_statistic(self) -> bool:
        return not self.has_target

    @property
    def is_numeric(self) -> bool:
        return self.value_kind != ValueKind.TEXT

    @property
    def unit_suffix(self) -> str:
        return UNIT_SUFFIX.get(self.unit, "")

    @property
    def unit_in_name(self) -> str:
        """The unit to print after the name in brackets, or "" when there is none or the
        documents' name already ends with it ("Liczba osób … (osoby)")."""
        if not self.unit:
            return ""
        label = str(self.get_unit_display())
        return "" if self.name.rstrip().endswith(f"({label})") else label


class IndicatorValueQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """As ``QuerySet.bulk_create``; a value given only the indicator it is entered through
        gets that indicator's measure (``IndicatorValue.save`` does the same for one)."""
        objs = list(objs)
        missing = {value.indicator_id for value in objs
                   if value.measure_id is None and value.indicator_id is not None}
        if missing:
            measure_of = dict(Indicator.objects.filter(pk__in=missing)
                              .values_list("pk", "measure_id"))
            for value in objs:
                if value.measure_id is None and value.indicator_id is not None:
                    value.measure_id = measure_of.get(value.indicator_id)
        return super().bulk_create(objs, *args, **kwargs)

    def for_programme(self, programme):
        """The values of the measures the programme's indicators use."""
        return self.filter(measure__in=Measure.objects.filter(
            indicators__objective__programme=programme).values("pk"))

    def for_organisation(self, organisation):
        return self.filter(measure__reporting_organisation=organisation)


class IndicatorValue(models.Model):
    """The value of one measure in one year, with its review state and version: one record,
    shown, reviewed and accepted in every programme whose indicator uses the measure.

    ``indicator`` is only the indicator it was first entered through (its programme's entry
    page, the API or a value sheet), kept for the log; readers find a programme's values by
    its indicators' ``measure_id``. Readers that show a value in a programme set
    ``value.indicator`` to that programme's indicator in memory.
    """

    class State(models.TextChoices):
        # "wartość": feminine (projekt → przekazana → zwrócona → zaakceptowana).
        DRAFT = "draft", pgettext_lazy("value state", "draft")
        SUBMITTED = "submitted", pgettext_lazy("value state", "submitted")
        RETURNED = "returned", pgettext_lazy("value state", "returned")
        ACCEPTED = "accepted", pgettext_lazy("value state", "accepted")

    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="values",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("entered through indicator"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="entered_values",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.DecimalField(
        _("value"),
        max_digits=VALUE_MAX_DIGITS,
        decimal_places=VALUE_DECIMAL_PLACES,
        null=True,
        blank=True,
    )
    text = models.TextField(_("text value"), blank=True)
    no_data = models.BooleanField(_("no data"), default=False)
    no_data_reason = models.TextField(_("reason for no data"), blank=True)
    footnote_mark = models.CharField(
        _("footnote mark"),
        max_length=5,
        blank=True,
        help_text=_('Printed after the value, e.g. "*"; the footnote itself is in the remarks.'),
    )
    remarks = models.TextField(_("remarks"), blank=True)
    achieved_result = models.TextField(_("achieved result"), blank=True)
    deviation_assessment = models.TextField(
        _("assessment of deviation and corrective plan"), blank=True
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), null=True, blank=True)
    # One number per part of the indicator (``Indicator.parts``), as decimal strings in the
    # parts' order; empty for an indicator of one number. ``number`` is then derived from them.
    part_numbers = models.JSONField(_("values of the parts"), default=list, blank=True)

    history = HistoricalRecords(excluded_fields=["entered_at"])
    objects = IndicatorValueQuerySet.as_manager()
    # Who entered it is the audit event's "who"; when, its time.
    AUDIT_IGNORED_FIELDS = ("entered_by", "entered_at", "indicator")

    class Meta:
        ordering = ["measure", "year"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["measure", "year"], name="one_value_per_measure_year"),
            models.CheckConstraint(
                condition=(
                    Q(number__isnull=False, text="", no_data=False, no_data_reason="")
                    | Q(number__isnull=True, no_data=False, no_data_reason="") & ~Q(text="")
                    | Q(number__isnull=True, text="", no_data=True) & ~Q(no_data_reason="")
                ),
                name="value_exactly_one_of_number_text_no_data",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=EARLIEST_YEAR) & Q(year__lte=LATEST_YEAR),
                name="value_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator or self.measure} — {self.year}"

    def save(self, *args, **kwargs):
        if self.measure_id is None and self.indicator_id is not None:
            self.measure_id = self.indicator.measure_id
        super().save(*args, **kwargs)

    @property
    def part_values(self) -> list[tuple[IndicatorPart, Decimal]]:
        """(part, number) for each part of the indicator the value is shown under (the readers
        attach it: ``indicators.tree.indicator_values``); empty when the value has no parts
        (one number, a text, "no data", or parts declared after the value was entered).
        A value without part numbers does not read its indicator."""
        if not self.part_numbers or self.indicator is None:
            return []
        return part_values(self.indicator, self.part_numbers)


def part_values(indicator, part_numbers) -> list[tuple[IndicatorPart, Decimal]]:
    """(part, number) pairs of stored ``part_numbers`` (a value's, or a history record's);
    empty unless there is exactly one number per declared part."""
    parts = indicator.part_list
    if not parts or not part_numbers or len(part_numbers) != len(parts):
        return []
    try:
        return [(part, Decimal(str(number))) for part, number in zip(parts, part_numbers,
                                                                     strict=True)]
    except InvalidOperation:
        return []
