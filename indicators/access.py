"""Who may read and change indicator values: entry, review, history, the dashboards' indicator.

Built on ``programs.access`` (which programmes and years a user sees). The entry page, the
review page, the spreadsheet upload, the API and the services ask these helpers, so each rule —
which organisation's values a user opens, which rows take input, who reviews — is written once.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts import roles
from indicators.models import Indicator, IndicatorValue
from programs.access import can_see_unpublished, get_reporting_year_for_user, visible_programmes
from programs.models import EARLIEST_YEAR, Organisation, ReportingYear

State = IndicatorValue.State


class EntryClosed(PermissionDenied):
    """The reporting year does not take changes (locked, or not open to this user)."""


# --- reading values -------------------------------------------------------------------------
#
# The one rule for unreviewed values (draft, submitted, returned: not yet accepted by the
# coordinator). Coordinators, department heads and administrators see every organisation's
# unreviewed values; a data-entry user sees its own organisation's and, of everybody else, only
# accepted values; everybody else (council members, the public) accepted values only. Every
# surface that shows values asks this: the programme page, the dashboards (and their cache
# keys), the API, judging for a viewer (``indicators.judging``) and the exports.


def unreviewed_scope(user) -> str:
    """Whose unreviewed values the user sees, as a short key for caches: ``"all"``,
    ``"organisation:<id>"`` or ``"none"``. Two viewers with the same key see the same values
    (given ``programs.access.can_see_unpublished``)."""
    if roles.is_staff_reader(user):
        return "all"
    if roles.is_data_entry(user) and user.organisation_id:
        return f"organisation:{user.organisation_id}"
    return "none"


def unreviewed_filter(user) -> Q | None:
    """The rule as a filter over IndicatorValue; ``None``: no value is hidden."""
    scope = unreviewed_scope(user)
    if scope == "all":
        return None
    accepted = Q(state=State.ACCEPTED)
    if scope == "none":
        return accepted
    return accepted | Q(measure__reporting_organisation_id=user.organisation_id)


def reviewed_for(user, values):
    """``values`` (an IndicatorValue queryset) without the unreviewed values the user may not
    see (the rule above)."""
    condition = unreviewed_filter(user)
    return values if condition is None else values.filter(condition)


def can_see_value(user, value: IndicatorValue) -> bool:
    """The rule for one loaded value (its indicator loaded): no query."""
    scope = unreviewed_scope(user)
    if scope == "all" or value.state == State.ACCEPTED:
        return True
    owner = value.indicator if value.indicator_id is not None else value.measure
    return scope != "none" and owner.reporting_organisation_id == user.organisation_id


def visible_values(user, values):
    """``values`` (an IndicatorValue queryset) narrowed to what the user may read: the
    unreviewed-values rule above, and the years ``programs.access.value_years_visible`` allows,
    as a queryset filter over many programmes: every year for staff and data-entry users; for the
    others (the public, council members) published reporting years and diagnosis years before
    the programme started — and only of programmes ``visible_programmes`` shows them."""
    # A value is a measure's: it is visible when one of the programmes using the measure may
    # show it (so a year published in one programme shows its shared values there, and an
    # unpublished programme's year hides nothing another programme has published).
    uses = Indicator.objects.filter(
        measure=OuterRef("measure"), objective__programme__in=visible_programmes(user)
    )
    values = reviewed_for(user, values)
    if can_see_unpublished(user):
        return values.filter(Exists(uses))
    programme = "objective__programme"
    published = ReportingYear.objects.filter(
        programme=OuterRef(programme),
        year=OuterRef(OuterRef("year")),
        state=ReportingYear.State.PUBLISHED,
    )
    # Published reporting years, and diagnosis years before the programme started.
    uses = uses.filter(
        Exists(published) | Q(**{f"{programme}__first_year__gt": OuterRef("year")})
    )
    return values.filter(Exists(uses), year__gte=EARLIEST_YEAR)


def can_see_value_history(user, indicator) -> bool:
    """A value's history (names, unreviewed versions): staff readers, and the data-entry users
    of the organisation that reports the indicator."""
    return roles.is_staff_reader(user) or (
        roles.is_data_entry(user) and indicator.reporting_organisation_id == user.organisation_id
    )


def get_history_indicator_for_user(user, reporting_year: ReportingYear, indicator_id: int):
    """An indicator of the year's programme whose value history the user may read (404 for an
    unknown id, 403 for another organisation's indicator or a role without entry)."""
    indicator = get_object_or_404(
        Indicator.objects.for_programme(reporting_year.programme).select_related("objective"),
        pk=indicator_id,
    )
    if not roles.is_staff_reader(user):
        get_entry_organisation(user, None)
    if not can_see_value_history(user, indicator):
        raise PermissionDenied
    return indicator


def get_programme_indicator_for_user(user, slug: str, indicator_id: int):
    """An indicator of a programme the user may see (programme prefetched with its years)."""
    programme = get_object_or_404(
        visible_programmes(user).prefetch_related("reporting_years"), slug=slug
    )
    indicator = get_object_or_404(
        Indicator.objects.select_related("objective", "reporting_organisation").filter(
            objective__programme=programme
        ),
        pk=indicator_id,
    )
    indicator.objective.programme = programme
    return indicator


# --- entering values ------------------------------------------------------------------------


def get_entry_organisation(user, organisation_id):
    """The organisation whose values the user opens on the entry page.

    Data-entry users get their own organisation (asking for another one is refused);
    coordinators and department heads may open any (``organisation_id`` required, 404 if
    unknown); other roles are refused.
    """
    if roles.is_data_entry(user) and not roles.is_staff_reader(user):
        if organisation_id not in (None, "", str(user.organisation_id), user.organisation_id):
            raise PermissionDenied
        return user.organisation
    if not roles.is_staff_reader(user):
        raise PermissionDenied
    try:
        return get_object_or_404(Organisation, pk=int(organisation_id))
    except (TypeError, ValueError):
        raise Http404 from None


def get_entry_year_for_user(user, slug: str, year: int) -> ReportingYear:
    """A reporting year whose values the user may send (the value sheet upload): 403 for roles
    that do not enter values, 404 for a year they cannot see."""
    require_value_writer(user)
    return get_reporting_year_for_user(user, slug, year)


def require_value_writer(user) -> None:
    """The first check of every path that writes values: coordinators and data-entry users."""
    if not roles.is_value_writer(user):
        raise PermissionDenied(_("Your role does not allow changing values."))


def can_edit_year(user, reporting_year: ReportingYear) -> bool:
    """May the user change values of this year at all (before per-indicator checks)?"""
    if reporting_year.is_locked:
        return False
    if roles.is_coordinator(user):
        return True
    return roles.is_data_entry(user) and reporting_year.state in (
        ReportingYear.State.OPEN,
        ReportingYear.State.IN_REVIEW,
    )


def require_year_editable(user, reporting_year: ReportingYear) -> None:
    require_value_writer(user)
    if not can_edit_year(user, reporting_year):
        raise EntryClosed(
            _("The year %(year)d is locked: values cannot be changed until it is reopened.")
            % {"year": reporting_year.year}
        )


def shared_uses(reporting_year: ReportingYear, indicators) -> dict[int, list[tuple[str, bool]]]:
    """``{measure id: [(programme, its year locked?), …]}``: the other programmes whose
    indicators use the indicators' measures, each with whether its reporting year of the same
    year is locked (accepted or published). One query; the entry page says with it which
    programmes share a value."""
    measures = {indicator.measure_id for indicator in indicators}
    if not measures:
        return {}
    locked_year = ReportingYear.objects.filter(
        programme=OuterRef("objective__programme"), year=reporting_year.year,
        state__in=[ReportingYear.State.ACCEPTED, ReportingYear.State.PUBLISHED],
    )
    uses: dict[int, list[tuple[str, bool]]] = {}
    for measure_id, short_name, title, locked in (
        Indicator.objects.filter(measure_id__in=measures)
        .exclude(objective__programme_id=reporting_year.programme_id)
        .annotate(year_locked=Exists(locked_year))
        .order_by("objective__programme__first_year", "objective__programme__title")
        .values_list("measure_id", "objective__programme__short_name",
                     "objective__programme__title", "year_locked")
    ):
        entry = (short_name or title, locked)
        if entry not in uses.setdefault(measure_id, []):
            uses[measure_id].append(entry)
    return uses


def shared_year_locks(reporting_year: ReportingYear, indicators) -> dict[int, list[str]]:
    """``{measure id: [programme, …]}``: the other programmes using the indicators' measures
    whose same year is locked (``shared_uses``; one query).

    The lock rule of shared values: a value shared by several programmes may change only while
    its year is open in every one of them, so a programme whose year is locked keeps exactly
    the value it reported; a coordinator reopens that programme's year to change it."""
    return {
        measure_id: locked
        for measure_id, uses in shared_uses(reporting_year, indicators).items()
        if (locked := [name for name, is_locked in uses if is_locked])
    }


def shared_lock_message(year: int, programmes: list[str]) -> str:
    return _(
        "This value is shared with %(programmes)s, where the year %(year)d is locked: it "
        "cannot be changed until a coordinator reopens the year %(year)d in that programme."
    ) % {"programmes": ", ".join(f"„{name}”" for name in programmes), "year": year}


def value_change_refusal(user, reporting_year: ReportingYear,
                         value: IndicatorValue | None,
                         locked_elsewhere: list[str] | None = None) -> str | None:
    """Why the user may not change this indicator's value of the year (``value``: the stored
    one, ``None`` if there is none yet), or ``None`` when they may. The one rule of which rows
    take input: the entry page and the value sheet open the rows it allows, ``values_save``
    refuses the others with its message. ``locked_elsewhere``: the other programmes sharing
    the value whose year is locked (``shared_year_locks``)."""
    if not can_edit_year(user, reporting_year):
        return _("The year %(year)d is locked: values cannot be changed until it is reopened.") % {
            "year": reporting_year.year
        }
    if locked_elsewhere:
        return shared_lock_message(reporting_year.year, locked_elsewhere)
    if roles.is_coordinator(user):
        return None
    state = value.state if value else None
    if reporting_year.state != ReportingYear.State.OPEN and state != State.RETURNED:
        return _("The year is in review: only values returned to you can be changed.")
    if state == State.ACCEPTED:
        return _(
            "This value has been accepted. Ask the coordinator to return it if it needs "
            "correcting."
        )
    return None


def can_change_value(user, reporting_year: ReportingYear, value: IndicatorValue | None,
                     locked_elsewhere: list[str] | None = None) -> bool:
    """Does this indicator's row take input (the entry page's fields, the value sheet's open
    cells)?"""
    return value_change_refusal(user, reporting_year, value, locked_elsewhere) is None


def require_indicator_access(user, indicator: Indicator) -> None:
    if roles.is_coordinator(user):
        return
    if indicator.reporting_organisation_id != user.organisation_id:
        raise PermissionDenied(_("This indicator is reported by another organisation."))


def require_organisation_access(user, organisation: Organisation) -> None:
    if roles.is_coordinator(user):
        return
    if not roles.is_data_entry(user) or user.organisation_id != organisation.pk:
        raise PermissionDenied(_("You may act only for your own organisation."))


# --- reviewing ------------------------------------------------------------------------------


def get_review_year_for_user(user, slug: str, year: int) -> ReportingYear:
    """The review page's year: staff readers only (403), a year they see (404)."""
    roles.require_staff_reader(user)
    return get_reporting_year_for_user(user, slug, year)


def can_review(user, reporting_year: ReportingYear) -> bool:
    """Accepting and returning values: the coordinator, while the year is not locked."""
    return roles.is_coordinator(user) and not reporting_year.is_locked


def require_reviewer(user) -> None:
    if not roles.is_coordinator(user):
        raise PermissionDenied(_("Only the coordinator reviews values."))
