"""Programmes and strategies, their goal trees, the bodies involved and the reporting years.

Vocabulary follows ../shared/DOMAIN.md: a ``Programme`` has a goal tree of ``Objective`` nodes whose
depth and level names are data; ``ReportingYear`` is the yearly implementation report's record.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

_CODE_PART = re.compile(r"\d+|\D+")
# The plausible years of any value, report or programme (the database checks them too); the
# years before a programme's first year, down to EARLIEST_YEAR, are its diagnosis years.
EARLIEST_YEAR, LATEST_YEAR = 1990, 2100


def natural_sort_key(code: str) -> str:
    """A string that sorts codes naturally: "A.1.10" after "A.1.9", "2.10" after "2.9".

    Every run of digits is zero-padded to eight places, so plain string ordering in the database
    (``ORDER BY sort_key``) gives the natural order on SQLite and PostgreSQL alike.
    """
    parts = _CODE_PART.findall(code.strip().upper())
    return "".join(part.zfill(8) if part.isdigit() else part for part in parts)


class Organisation(models.Model):
    """One real body: an implementer, a coordinator or a responsible institution.

    ``aliases`` holds the other spellings used in documents for the same body, so imports and the
    demo loader map "Urząd Miejski (Departament Spraw Społecznych)" and "Departament Spraw
    Społecznych Urzędu Miejskiego w …" to one record.
    """

    class Kind(models.TextChoices):
        # The institution that coordinates the programmes (in Białystok's demo: MOPR).
        MOPR = "mopr", _("Coordinating institution or its unit")
        CITY = "city", _("City Hall department")
        MUNICIPAL = "municipal", _("Municipal unit")
        PUBLIC = "public", _("Other public institution")
        NGO = "ngo", _("Non-governmental organisation")
        GROUP = "group", _("Group of bodies")

    name = models.CharField(_("name"), max_length=300, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PUBLIC)
    aliases = models.JSONField(_("other names"), default=list, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.short_name or self.name


class FundingSource(models.Model):
    """A source of funding. Documents spell one source several ways ("PFRON", "Państwowy Fundusz
    Rehabilitacji Osób Niepełnosprawnych"): one record, its other spellings as aliases, as
    organisations have (``programs.services.funding_source_declare``)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    aliases = models.JSONField(
        _("other names"), default=list, blank=True,
        help_text=_("Other spellings found in documents; they are read as this source."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")

    def __str__(self) -> str:
        return self.name


class ProgrammeQuerySet(models.QuerySet):
    def with_years(self):
        return self.select_related("coordinator").prefetch_related("reporting_years")


STRATEGY_STATUS_LABELS = {
    "draft": pgettext_lazy("strategy status", "draft"),
    "consultation": pgettext_lazy("strategy status", "in consultation"),
    "adopted": pgettext_lazy("strategy status", "adopted"),
    "finished": pgettext_lazy("strategy status", "finished"),
}


class Programme(models.Model):
    """A programme or strategy adopted by a city-council resolution."""

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("programme")
        STRATEGY = "strategy", _("strategy")

    class Status(models.TextChoices):
        # "program": masculine; a strategy's own (feminine) forms: ``get_status_display``.
        DRAFT = "draft", pgettext_lazy("programme status", "draft")
        CONSULTATION = "consultation", pgettext_lazy("programme status", "in consultation")
        ADOPTED = "adopted", pgettext_lazy("programme status", "adopted")
        FINISHED = "finished", pgettext_lazy("programme status", "finished")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    resolution_number = models.CharField(_("resolution number"), max_length=100, blank=True)
    resolution_date = models.DateField(_("resolution date"), null=True, blank=True)
    resolution_body = models.CharField(_("adopted by"), max_length=200, blank=True)
    coordinator = models.ForeignKey(
        Organisation,
        verbose_name=_("coordinator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_programmes",
    )
    main_goal = models.TextField(_("main goal"), blank=True)
    # The sections every programme resolution has besides its goal tree (text as adopted).
    specific_goals = models.TextField(_("specific goals"), blank=True)
    beneficiaries = models.TextField(_("beneficiaries"), blank=True)
    main_tasks = models.TextField(_("main tasks"), blank=True)
    expected_effects = models.TextField(_("expected effects"), blank=True)
    implementers_description = models.TextField(_("implementers of the programme"), blank=True)
    funding_description = models.TextField(_("funding of the programme"), blank=True)
    monitoring_description = models.TextField(_("monitoring and evaluation"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    level_names = models.JSONField(
        _("names of goal-tree levels"),
        default=list,
        blank=True,
        help_text=_('From the top, e.g. ["Cel strategiczny", "Priorytet", "Zadanie"].'),
    )
    keep_tolerance = models.DecimalField(
        _('tolerance for "keep at a similar level" (%)'),
        max_digits=5,
        decimal_places=2,
        default=10,
    )
    typo_guard_factor = models.DecimalField(
        _("typo guard factor"),
        max_digits=6,
        decimal_places=2,
        default=3,
        help_text=_(
            "A value that differs from the previous year by more than this factor "
            "must be confirmed when entered."
        ),
    )
    diagnosis_in_report = models.BooleanField(
        _("diagnosis printed in the yearly report"),
        default=False,
        help_text=_("The diagnosis tables follow the goal tables in the yearly report."),
    )
    uses_deviation_assessment = models.BooleanField(
        _("uses achieved result and deviation assessment"),
        default=False,
        help_text=_(
            "Organisations enter the achieved result and, where a target is missed, "
            "an assessment of the deviation with a corrective plan."
        ),
    )

    objects = ProgrammeQuerySet.as_manager()
    # The programme-level sections, in the order resolutions give them.
    SECTION_FIELDS = (
        "specific_goals",
        "beneficiaries",
        "main_tasks",
        "expected_effects",
        "implementers_description",
        "funding_description",
        "monitoring_description",
    )
    # The programme's text outside the goal tree, as a consultation proposal may name it.
    TEXT_SECTIONS = ("main_goal", *SECTION_FIELDS)

    class Meta:
        ordering = ["-first_year", "title"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_year__lte=models.F("last_year")),
                name="programme_years_in_order",
            ),
            models.CheckConstraint(
                condition=Q(keep_tolerance__gte=0), name="programme_tolerance_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(typo_guard_factor__gt=1), name="programme_typo_guard_above_one"
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.title

    def get_absolute_url(self) -> str:
        return reverse("programme_detail", kwargs={"slug": self.slug})

    def get_status_display(self) -> str:
        """The status in the grammatical gender of the noun: "program przyjęty", "strategia
        przyjęta" (Django's own ``get_status_display`` knows only the field's choices)."""
        if self.kind == self.Kind.STRATEGY:
            return str(STRATEGY_STATUS_LABELS.get(self.status, self.status))
        return str(self.Status(self.status).label) if self.status in self.Status else self.status

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    def sections(self) -> list[tuple[str, str, str]]:
        """(field, heading, text) of the programme-level sections it fills."""
        return [
            (name, str(self._meta.get_field(name).verbose_name), getattr(self, name))
            for name in self.SECTION_FIELDS
            if getattr(self, name)
        ]

    def level_name(self, level: int) -> str:
        """The programme's own name of a goal-tree level (1 = top)."""
        if 1 <= level <= len(self.level_names):
            return self.level_names[level - 1]
        return str(_("Level %(level)d") % {"level": level})


class ObjectiveQuerySet(models.QuerySet):
    def for_programme(self, programme):
        return self.filter(programme=programme).order_by("sort_key", "position", "pk")


class Objective(models.Model):
    """A node of a programme's goal tree: a goal, a priority, a task, an action…

    The depth of the tree is data (``level`` counts from 1 at the top); a node with indicators is
    a task. Codes sort naturally through ``sort_key``, kept in step with ``code`` on save (and by
    the services for bulk writes).
    """

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="objectives"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=30, blank=True)
    # The number as the document writes it ("CEL 1", "1.1"), which may restart in every branch or
    # repeat; ``code`` stays the unique key the application finds the node by.
    label = models.CharField(_("number in the document"), max_length=60, blank=True)
    sort_key = models.CharField(max_length=120, editable=False, db_index=True)
    title = models.TextField(_("title"))
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    position = models.PositiveIntegerField(_("position"), default=0)
    addressees = models.TextField(_("addressees"), blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    actions = models.TextField(_("actions"), blank=True)
    expected_result = models.TextField(_("expected result"), blank=True)
    period = models.CharField(_("period"), max_length=200, blank=True)
    coordinator = models.ForeignKey(
        Organisation,
        verbose_name=_("task coordinator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_objectives",
    )
    implementers = models.ManyToManyField(
        Organisation,
        verbose_name=_("implementers"),
        through="ObjectiveImplementer",
        blank=True,
        related_name="implemented_objectives",
    )
    responsible_institution = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsible_for_objectives",
    )
    funding_sources = models.ManyToManyField(
        FundingSource, verbose_name=_("funding sources"), blank=True, related_name="objectives"
    )

    objects = ObjectiveQuerySet.as_manager()
    # Derived from the code on save: a change of it alone is no change of the structure.
    AUDIT_IGNORED_FIELDS = ("sort_key",)

    class Meta:
        ordering = ["programme", "sort_key", "position", "pk"]
        verbose_name = _("goal-tree node")
        verbose_name_plural = _("goal tree")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                condition=~Q(code=""),
                name="objective_code_unique_in_programme",
            ),
            models.CheckConstraint(condition=Q(level__gte=1), name="objective_level_positive"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="objective_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    def save(self, *args, **kwargs):
        self.sort_key = natural_sort_key(self.code)
        if self.parent_id and self.parent is not None:
            self.level = self.parent.level + 1
        super().save(*args, **kwargs)

    @property
    def level_name(self) -> str:
        return self.programme.level_name(self.level)

    @property
    def shown_code(self) -> str:
        """The number pages and documents print: the document's own, else the key."""
        return self.label or self.code

    def heading_parts(self) -> tuple[str, str]:
        """(level name, number) a heading prints before the title: "Priorytet A.1", "CEL 1" (a
        label that carries its own word needs no level name), "Cel 1.2"."""
        if self.label and not self.label[0].isdigit():
            return "", self.label
        return self.level_name, self.shown_code

    def implementer_names(self) -> list[str]:
        """Implementers in the programme's order (uses a prefetch of
        ``objectiveimplementer_set__organisation`` where there is one)."""
        return [link.organisation.name for link in self.objectiveimplementer_set.all()]


class ObjectiveImplementer(models.Model):
    """An implementer of a task, in the order the programme lists them."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("implementer")
        verbose_name_plural = _("implementers")
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "organisation"], name="implementer_once_per_objective"
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class ReportingYearQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=ReportingYear.State.PUBLISHED)

    def newly_published(self, days: int = 90):
        """Published in the last ``days`` days, newest first (a council member's start page)."""
        since = timezone.now() - timedelta(days=days)
        return (
            self.published()
            .exclude(programme__status="draft")
            .filter(published_at__gte=since)
            .select_related("programme")
            .order_by("-published_at")
        )


class ReportingYear(models.Model):
    """One year of a programme's monitoring: data entry, review, acceptance and the report."""

    class State(models.TextChoices):
        # "rok": masculine (otwarty, zaakceptowany, opublikowany).
        OPEN = "open", pgettext_lazy("reporting year state", "open for entry")
        IN_REVIEW = "in_review", pgettext_lazy("reporting year state", "in review")
        ACCEPTED = "accepted", pgettext_lazy("reporting year state", "accepted")
        PUBLISHED = "published", pgettext_lazy("reporting year state", "published")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="reporting_years",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    prepared_by = models.ForeignKey(
        Organisation,
        verbose_name=_("prepared by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="prepared_reports",
    )
    prepared_on = models.DateField(_("prepared on"), null=True, blank=True)
    accepted_by = models.CharField(
        _("accepted by"),
        max_length=200,
        blank=True,
        help_text=_('The Mayor\'s title and name, e.g. "PREZYDENT MIASTA Jan Kowalski".'),
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    signatory_name = models.CharField(_("signatory"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's position"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    unpublish_reason = models.TextField(
        _("reason for the last withdrawal"), blank=True, editable=False
    )
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("locked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reopen_reason = models.TextField(
        _("reason for the last reopening"), blank=True, editable=False
    )

    # Every change of state (opened, locked, reopened with its reason) is kept with who and when.
    history = HistoricalRecords()
    objects = ReportingYearQuerySet.as_manager()
    # Who locked or published it is the audit event's "who".
    AUDIT_IGNORED_FIELDS = ("locked_by", "published_by")

    class Meta:
        ordering = ["programme", "-year"]
        verbose_name = _("reporting year")
        verbose_name_plural = _("reporting years")
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="one_reporting_year"),
            models.CheckConstraint(
                condition=Q(year__gte=EARLIEST_YEAR) & Q(year__lte=LATEST_YEAR),
                name="reporting_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} — {self.year}"

    def clean(self):
        # Also enforced by a database trigger (migration 0002); this gives the form a message.
        programme = self.programme if self.programme_id else None
        if programme and self.year and self.year not in programme.years:
            message = _("The year must lie within the programme's years (%(first)d–%(last)d).")
            raise ValidationError(
                {"year": message % {"first": programme.first_year, "last": programme.last_year}}
            )

    @property
    def is_locked(self) -> bool:
        return self.state in (self.State.ACCEPTED, self.State.PUBLISHED)

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    def is_overdue(self, today=None) -> bool:
        """Open for entry after its deadline (organisations that still owe values are late)."""
        return bool(
            self.deadline
            and self.state == self.State.OPEN
            and (today or timezone.localdate()) > self.deadline
        )


class DataVersion(models.Model):
    """How many times the data a programme's pages, reports and exports show has changed: one
    counter per programme and year, and one (``year`` 0, ``WHOLE_PROGRAMME``) for the programme
    as a whole.

    ``programs.services.programme_data_changed`` bumps them in the transaction of every change
    (values saved, submitted or reviewed, years opened or locked, a programme loaded, the
    structure edited in the admin). A change in year Y bumps the years from Y on — later years
    are judged against it — and the whole programme. Rendered files and cached reads are keyed
    by the version, so finding them costs one indexed lookup; a row is kept apart from
    ``Programme`` so that saving a programme can never write back a stale counter.
    """

    WHOLE_PROGRAMME = 0

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="data_versions"
    )
    year = models.PositiveSmallIntegerField()
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="one_data_version_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}/{self.year}: {self.version}"


class DiagnosisTable(models.Model):
    """A table of a programme's diagnosis: statistics for past years (rows × years) that
    describe the situation the programme answers. Outside the goal tree: no goal, no target,
    never asked from an organisation unless a row is marked as monitored yearly."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE,
        related_name="diagnosis_tables",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    number = models.CharField(_("number in the document"), max_length=60, blank=True,
                              help_text=_('E.g. "Tabela Nr 1".'))
    title = models.TextField(_("title"))
    source = models.TextField(_("source"), blank=True)
    footnotes = models.TextField(_("footnotes"), blank=True)

    class Meta:
        ordering = ["programme", "position", "pk"]
        verbose_name = _("diagnosis table")
        verbose_name_plural = _("diagnosis tables")
        constraints = [
            models.UniqueConstraint(fields=["programme", "position"],
                                    name="one_diagnosis_table_per_position"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def caption(self) -> str:
        """As the document heads the table: "Tabela Nr 1. Liczba osób …"."""
        return f"{self.number}. {self.title}" if self.number else self.title

    @property
    def years(self) -> list[int]:
        """The years any row has a value for (uses a prefetch of ``rows``)."""
        return sorted({int(year) for row in self.rows.all() for year in row.values})


class DiagnosisRow(models.Model):
    """One row of a diagnosis table: what is counted, its unit and its value in each year.

    ``values`` maps a year to what the document prints: ``{"2019": {"number": "7689",
    "footnote_mark": "*"}}`` (a number as a plain decimal string, or ``"text"``). ``unit`` and
    ``value_kind`` are the codes indicators use."""

    table = models.ForeignKey(DiagnosisTable, verbose_name=_("diagnosis table"),
                              on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField(_("position"), default=0)
    label = models.TextField(_("row"))
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    value_kind = models.CharField(_("kind of value"), max_length=20, default="integer")
    source = models.TextField(_("source"), blank=True)
    values = models.JSONField(_("values by year"), default=dict, blank=True)
    monitored_yearly = models.BooleanField(
        _("monitored yearly"), default=False,
        help_text=_("Only then is the row's value asked from its organisation each year."),
    )
    reporting_organisation = models.ForeignKey(
        Organisation, verbose_name=_("reporting organisation"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="diagnosis_rows",
    )

    class Meta:
        ordering = ["table", "position", "pk"]
        verbose_name = _("diagnosis row")
        verbose_name_plural = _("diagnosis rows")
        constraints = [
            models.UniqueConstraint(fields=["table", "position"],
                                    name="one_diagnosis_row_per_position"),
        ]

    def __str__(self) -> str:
        return self.label


class DiagnosisValueQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        """Values of the rows this organisation reports."""
        return self.filter(row__reporting_organisation=organisation)


class DiagnosisValue(models.Model):
    """A monitored diagnosis row's value for one reporting year, entered by the row's reporting
    organisation (the entry page's "Dane diagnozy" section or its value sheet).

    Kept apart from ``DiagnosisRow.values`` (the years the programme's document prints, which a
    programme import replaces): an import never erases what organisations entered, and every
    entered value says who and when. Where both have a year, the entered value is shown.
    ``number`` has the digits of an indicator value (``indicators.models.VALUE_MAX_DIGITS``);
    a row of kind "text" keeps ``text`` instead."""

    row = models.ForeignKey(DiagnosisRow, verbose_name=_("diagnosis row"),
                            on_delete=models.CASCADE, related_name="entered_values")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.DecimalField(_("number"), max_digits=18, decimal_places=4, null=True,
                                 blank=True)
    text = models.TextField(_("text"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"))

    objects = DiagnosisValueQuerySet.as_manager()
    # Who and when are the audit event's own.
    AUDIT_IGNORED_FIELDS = ("entered_by", "entered_at")

    class Meta:
        ordering = ["row", "year"]
        verbose_name = _("diagnosis value")
        verbose_name_plural = _("diagnosis values")
        constraints = [
            models.UniqueConstraint(fields=["row", "year"], name="one_diagnosis_value_per_year"),
            models.CheckConstraint(condition=Q(number__isnull=False) | ~Q(text=""),
                                   name="diagnosis_value_not_empty"),
            models.CheckConstraint(
                condition=Q(year__gte=EARLIEST_YEAR) & Q(year__lte=LATEST_YEAR),
                name="diagnosis_value_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.row} — {self.year}"
IDENTITY_CACHE_KEY = "programs:identity:v1"


def validate_logo_size(file) -> None:
    if file.size > settings.MAX_UPLOAD_SIZE:
        raise ValidationError(_("The file is larger than %(size)s MB.") % {
            "size": f"{settings.MAX_UPLOAD_SIZE / (1024 * 1024):g}".replace(".", ",")})


def forget_identity() -> None:
    """Drop the cached identity (``programs.identity``) of this process's cache, now and when
    the transaction that changed it commits (a read in between cached the old one again)."""
    cache.delete(IDENTITY_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(IDENTITY_CACHE_KEY))


class InstanceIdentity(models.Model):
    """The institution that runs this instance of the application (DOMAIN.md: the instance's
    identity) — its name, city, address, the accessibility statement's contact, the Mayor's
    title, a logo. One record, edited by the administrator; every page, e-mail and document reads
    it through ``programs.identity.current_identity`` (cached, forgotten when it is saved).
    Nothing of it is written in code: an instance without the record uses neutral wording."""

    SINGLETON_PK = 1

    name = models.CharField(
        _("name of the institution"), max_length=300, blank=True,
        help_text=_('In the nominative, as it opens a letter, e.g. "Miejski Ośrodek Pomocy '
                    'Rodzinie w …".'),
    )
    short_name = models.CharField(
        _("short name"), max_length=80, blank=True,
        help_text=_("After the title of every page and as the author of spreadsheets."),
    )
    city = models.CharField(
        _("city"), max_length=100, blank=True,
        help_text=_("The place written on documents (e.g. the consultation report)."),
    )
    address = models.TextField(_("address"), blank=True)
    accessibility_contact_person = models.CharField(
        _("accessibility contact: person"), max_length=200, blank=True,
        help_text=_("Required in the accessibility statement by the Act of 4 April 2019."),
    )
    accessibility_contact_email = models.EmailField(_("accessibility contact: e-mail"),
                                                    blank=True)
    accessibility_contact_phone = models.CharField(_("accessibility contact: phone"),
                                                   max_length=50, blank=True)
    mayor_title = models.CharField(
        _("title of the Mayor"), max_length=200, blank=True,
        help_text=_('Who accepts the yearly reports, e.g. "Prezydent Miasta …" or '
                    '"Burmistrz …".'),
    )
    logo = models.ImageField(
        _("logo"), upload_to="identity/", blank=True,
        # Pillow checks that it is an image; PNG or JPEG only (never SVG: scripts), and small.
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"]), validate_logo_size],
        help_text=_("Shown in the header of every page (PNG or JPEG)."),
    )

    class Meta:
        verbose_name = _("instance identity")
        verbose_name_plural = _("instance identity")

    def __str__(self) -> str:
        return self.name or str(_("instance identity"))

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK  # one record: a second save replaces the first
        super().save(*args, **kwargs)
        forget_identity()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        forget_identity()
        return result
