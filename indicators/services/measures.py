"""Linking a programme's indicator to a measure of the register, and unlinking it; all or
nothing, with an audit event and the values' history kept.

The rules (README, "The register of measures"):

- **Link** (``indicator_link``): the indicator's values move onto the measure, so from then on
  one value per year serves every programme using it. Refused when the indicator's unit, kind
  of value or reporting organisation differ from the measure's, when another indicator of the
  same programme uses the measure already, when both have a value for the same year and the
  two differ (the coordinator corrects one first), and when the merge would change a value
  shown in a year that is locked in one of the programmes. Equal values of a year are one: the
  indicator's copy is removed (recorded in its history). The indicator's old measure, left
  unused, is deleted.
- **Unlink** (``indicator_unlink``): the indicator gets a new measure of its own with a copy
  of every value of the shared one, so nothing any programme shows changes; from then on the
  two are entered separately.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts import roles
from audit.models import AuditEvent
from audit.services import AuditTrail, snapshot
from indicators.formatting import format_value
from indicators.models import Indicator, IndicatorValue, Measure
from programs.models import Programme, ReportingYear
from programs.services import programme_data_changed

Action = AuditEvent.Action
LOCKED = (ReportingYear.State.ACCEPTED, ReportingYear.State.PUBLISHED)
CONTENT = ("number", "text", "no_data", "no_data_reason")


def _same(a: IndicatorValue, b: IndicatorValue) -> bool:
    return all(getattr(a, name) == getattr(b, name) for name in CONTENT)


def _locked_years(measure_ids) -> dict[int, list[str]]:
    """``{year: [programme, …]}`` locked in the programmes using these measures."""
    locked: dict[int, list[str]] = {}
    for year, short_name, title in (
        ReportingYear.objects.filter(
            programme__objectives__indicators__measure_id__in=list(measure_ids), state__in=LOCKED)
        .values_list("year", "programme__short_name", "programme__title").distinct()
    ):
        names = locked.setdefault(year, [])
        if (short_name or title) not in names:
            names.append(short_name or title)
    return locked


def _part_key(parts) -> list[tuple]:
    """What two indicators' parts must share to count one value: each part's label, unit and
    whether it is a "w tym" part, in order."""
    return [(part.get("label", ""), part.get("unit", ""), bool(part.get("within")))
            for part in parts or []]


@transaction.atomic
def indicator_link(*, user, indicator: Indicator, measure: Measure) -> None:
    """Link ``indicator`` to ``measure`` (see the module's rules). Raises ``ValidationError``
    with a Polish message when refused, ``PermissionDenied`` for anyone but a coordinator.
    ``user`` None: a load by the system itself (the demo loader), never a request's."""
    if user is not None:
        roles.require_coordinator(user)
    indicator = Indicator.objects.select_for_update().select_related(
        "objective__programme", "measure").get(pk=indicator.pk)
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    old = indicator.measure
    if old.pk == measure.pk:
        raise ValidationError(_("The indicator already uses this measure."))
    if (indicator.unit, indicator.value_kind, indicator.reporting_organisation_id) != (
            measure.unit, measure.value_kind, measure.reporting_organisation_id):
        raise ValidationError(_(
            "The indicator's unit, kind of value or reporting organisation differ from the "
            "measure's: only an indicator that counts the same thing can be linked."))
    used_parts = Indicator.objects.filter(measure=measure).values_list("parts", flat=True)
    if any(_part_key(parts) != _part_key(indicator.parts) for parts in used_parts):
        raise ValidationError(_(
            "The indicator's parts differ from those of the indicators using the measure: "
            "only an indicator counted in the same parts (e.g. persons and families) can be "
            "linked."))
    programme = indicator.objective.programme
    if Indicator.objects.filter(measure=measure, objective__programme=programme).exists():
        raise ValidationError(_(
            "Another indicator of this programme already uses the measure: a programme counts "
            "a measure once."))
    own = {value.year: value for value in IndicatorValue.objects.select_for_update()
           .filter(measure=old)}
    shared = {value.year: value for value in IndicatorValue.objects.select_for_update()
              .filter(measure=measure)}
    differing = sorted(year for year in own.keys() & shared.keys()
                       if not _same(own[year], shared[year]))
    if differing:
        raise ValidationError(_(
            "Both have a value for %(years)s and the values differ (%(examples)s): correct "
            "one of them first, so that one value remains.") % {
            "years": ", ".join(str(year) for year in differing),
            "examples": "; ".join(f"{year}: {format_value(own[year])} / "
                                  f"{format_value(shared[year])}" for year in differing[:3]),
        })
    # A year only one side has a value for: the other side's programmes would start showing
    # it, which a locked year must not.
    locked_here = _locked_years([old.pk])
    locked_there = _locked_years([measure.pk])
    for year in sorted(own.keys() - shared.keys()):
        if year in locked_there:
            raise _locked_refusal(year, locked_there[year])
    for year in sorted(shared.keys() - own.keys()):
        if year in locked_here:
            raise _locked_refusal(year, locked_here[year])

    trail = AuditTrail(user=user)
    duplicates = [own[year] for year in own.keys() & shared.keys()]
    for value in duplicates:
        value._change_reason = _("one value with the measure „%(name)s”") % {
            "name": measure.name[:60]}
        value._history_user = user
        trail.deleted(Action.VALUE_DELETED, value, comment=value._change_reason)
        value.delete()
    moved = [own[year].pk for year in own.keys() - shared.keys()]
    IndicatorValue.objects.filter(pk__in=moved).update(measure=measure)
    IndicatorValue.history.filter(id__in=moved).update(measure=measure)
    before = snapshot(indicator)
    indicator.measure = measure
    indicator.save(update_fields=["measure"])
    trail.changed(Action.STRUCTURE_CHANGED, indicator, before, comment=_(
        "linked to the measure „%(name)s” (values shared)") % {"name": measure.name[:200]})
    trail.save()
    if not old.indicators.exists() and not old.values.exists():
        old.delete()
    programme_data_changed(programmes=_programmes(measure))


def _locked_refusal(year: int, programmes: list[str]) -> ValidationError:
    return ValidationError(_(
        "The year %(year)d is locked in %(programmes)s: linking would change a value it "
        "shows. A coordinator must reopen the year %(year)d in that programme first.") % {
        "year": year, "programmes": ", ".join(f"„{name}”" for name in programmes)})


def _programmes(measure: Measure) -> list:
    return list(Programme.objects.filter(objectives__indicators__measure=measure).distinct())


@transaction.atomic
def indicator_unlink(*, user, indicator: Indicator) -> Measure:
    """Give ``indicator`` a new measure of its own with a copy of every value (and state) of
    the shared one (see the module's rules); returns the new measure. Refused (a
    ``ValidationError``) when no other indicator uses the measure."""
    roles.require_coordinator(user)
    indicator = Indicator.objects.select_for_update().select_related(
        "objective__programme", "measure").get(pk=indicator.pk)
    shared = indicator.measure
    if not Indicator.objects.filter(measure=shared).exclude(pk=indicator.pk).exists():
        raise ValidationError(_("The indicator's measure is not shared with another programme."))
    programmes = _programmes(shared)
    own = Measure.from_indicator(indicator)
    for name in ("definition", "statistics_reference", "resources_reference", "source"):
        setattr(own, name, getattr(shared, name))
    own.save()
    copies = []
    reason = _("copied when unlinked from the measure „%(name)s”") % {"name": shared.name[:50]}
    for value in IndicatorValue.objects.filter(measure=shared).order_by("year"):
        value.pk = None
        value.measure = own
        value.indicator = indicator
        value._change_reason = reason
        copies.append(value)
    if copies:
        bulk_create_with_history(copies, IndicatorValue, default_user=user,
                                 default_change_reason=reason)
    before = snapshot(indicator)
    indicator.measure = own
    indicator.save(update_fields=["measure"])
    trail = AuditTrail(user=user)
    trail.changed(Action.STRUCTURE_CHANGED, indicator, before, comment=_(
        "unlinked from the measure „%(name)s” (values copied)") % {"name": shared.name[:200]})
    trail.save()
    programme_data_changed(programmes=programmes)
    return own
