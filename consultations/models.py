"""Public consultations of draft programmes: the consultation, the opinions submitted and the
proposals in them, each with the city's outcome.

Vocabulary follows ../shared/DOMAIN.md ("Konsultacje społeczne"): a ``Consultation`` covers one or
more draft resolutions (``ConsultationDraft`` links a programme and says what the resolution is
"w sprawie"), a ``Submission`` is one organisation's opinion on one draft, a ``Proposal`` one
change it asks for, decided by the city.
"""

from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lib.rendering import RenderedFile
from programs.models import Objective, Organisation, Programme


class ConsultationQuerySet(models.QuerySet):
    def open_first(self):
        """Open consultations first, then planned, then the rest; newest first within each."""
        rank = Case(
            When(status=Consultation.Status.OPEN, then=Value(0)),
            When(status=Consultation.Status.PLANNED, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return self.annotate(status_rank=rank).order_by("status_rank", "-start_date", "-pk")

    def with_drafts(self):
        return self.prefetch_related("drafts__programme")


class Consultation(models.Model):
    """A public consultation of one or more draft resolutions adopting programmes."""

    class Status(models.TextChoices):
        # "konsultacje": plural (zaplanowane, trwające, zakończone).
        PLANNED = "planned", pgettext_lazy("consultation status", "planned")
        OPEN = "open", pgettext_lazy("consultation status", "open")
        CLOSED = "closed", pgettext_lazy("consultation status", "closed")
        REPORT_PUBLISHED = "report_published", pgettext_lazy(
            "consultation status", "report published")

    title = models.CharField(
        _("title"),
        max_length=300,
        help_text=_("A short name for lists, e.g. “Konsultacje programów pomocy społecznej 2020”."),
    )
    reference_numbers = models.JSONField(
        _("reference numbers"),
        default=list,
        blank=True,
        help_text=_("One per line, e.g. DSP-II.8110.8.2020."),
    )
    programmes = models.ManyToManyField(
        Programme,
        verbose_name=_("draft programmes"),
        through="ConsultationDraft",
        related_name="consultations",
        blank=True,
    )
    legal_basis = models.TextField(
        _("legal basis"),
        blank=True,
        help_text=_("Continues “Konsultacje były prowadzone w oparciu o …”."),
    )
    addressees = models.TextField(
        _("addressees"), blank=True, help_text=_("Continues “Adresatem konsultacji były …”.")
    )
    purpose = models.TextField(
        pgettext_lazy("consultation", "purpose"),
        blank=True,
        help_text=_("Continues “Konsultacje przeprowadzone były w celu …”."),
    )
    announcement_channels = models.JSONField(
        _("where it was announced"),
        default=list,
        blank=True,
        help_text=_("One channel per line; the report lists them as a), b), c)…"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    submission_method = models.TextField(
        _("how opinions are submitted"),
        blank=True,
        help_text=_("Continues “Opinie do projektów należało składać …”."),
    )
    submission_address = models.CharField(_("postal address"), max_length=300, blank=True)
    submission_email = models.EmailField(_("e-mail for opinions"), blank=True)
    responsible_department = models.CharField(
        _("responsible department"),
        max_length=300,
        blank=True,
        help_text=_("Continues “Za przeprowadzenie konsultacji odpowiadał …”."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    validity_conclusion = models.TextField(_("conclusion on validity"), blank=True)
    report_place = models.CharField(
        _("place of the report"), max_length=100, blank=True,
        help_text=_("Left empty, the city of the instance's identity."),
    )
    report_date = models.DateField(_("date of the report"), null=True, blank=True)
    report_published_at = models.DateTimeField(_("report published at"), null=True, blank=True)
    # Counts the changes of what the report shows of the consultation itself (the consultation,
    # its drafts, submissions and proposals): ``services.consultation_changed`` raises it in the
    # transaction of every such change; the published report's fingerprint is cached by it.
    content_version = models.PositiveIntegerField(_("version of the contents"), default=0,
                                                  editable=False)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="consultation_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "open", "closed", "report_published"]),
                name="consultation_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:manage_detail", kwargs={"pk": self.pk})

    @property
    def is_report_published(self) -> bool:
        return self.status == self.Status.REPORT_PUBLISHED

    def is_late(self, received_on) -> bool:
        return received_on is not None and received_on > self.end_date


class ConsultationDraft(models.Model):
    """One draft resolution under consultation: the programme and the resolution's subject.

    ``resolution_subject`` is the Polish "w sprawie …" phrase of the draft resolution (genitive,
    as the report needs it: "projekt uchwały w sprawie przyjęcia Programu …").
    """

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="drafts"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("draft programme"),
        on_delete=models.PROTECT,
        related_name="consultation_drafts",
    )
    resolution_subject = models.TextField(
        _("subject of the draft resolution"),
        help_text=_("E.g. “w sprawie przyjęcia Programu Pomocy Społecznej … na lata 2021-2024”."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("draft under consultation")
        verbose_name_plural = _("drafts under consultation")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "programme"], name="consultation_draft_once"
            )
        ]

    def __str__(self) -> str:
        return f"projekt uchwały {self.resolution_subject}"


class SubmissionQuerySet(models.QuerySet):
    def for_report(self):
        return self.select_related("organisation", "draft", "consultation").prefetch_related(
            "proposals__objective"
        )


class Submission(models.Model):
    """One organisation's opinion on one draft, as received by the city."""

    class Channel(models.TextChoices):
        POST = "post", _("post")
        EMAIL = "email", _("e-mail")
        IN_PERSON = "in_person", _("in person")
        EPUAP = "epuap", _("ePUAP")
        OTHER = "other", _("other")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="submissions",
    )
    draft = models.ForeignKey(
        ConsultationDraft,
        verbose_name=_("draft"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="consultation_submissions",
    )
    # Empty only for records transcribed from documents that do not give the date.
    received_on = models.DateField(_("date received"), null=True, blank=True)
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.EMAIL
    )
    not_considered = models.BooleanField(
        _("not considered"),
        default=False,
        help_text=_("Only an opinion received after the end date may be left unconsidered."),
    )
    remarks = models.TextField(_("remarks"), blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["draft__position", "organisation__name", "received_on", "pk"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        if self.received_on is None:
            return str(self.organisation)
        return f"{self.organisation} ({self.received_on:%d.%m.%Y})"

    @property
    def is_late(self) -> bool:
        """Received after the consultation's end date (derived, never stored)."""
        return self.consultation.is_late(self.received_on)


class Proposal(models.Model):
    """One change a submission asks for, and the city's decision on it."""

    class Outcome(models.TextChoices):
        # "propozycja/uwaga": feminine (uwzględniona / uwzględniona częściowo / nieuwzględniona).
        UNDECIDED = "", pgettext_lazy("proposal outcome", "not decided yet")
        ACCEPTED = "accepted", pgettext_lazy("proposal outcome", "accepted")
        PARTIALLY_ACCEPTED = "partially_accepted", pgettext_lazy(
            "proposal outcome", "partially accepted")
        REJECTED = "rejected", pgettext_lazy("proposal outcome", "rejected")
        NOT_CONSIDERED = "not_considered", pgettext_lazy("proposal outcome", "not considered")

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("submission"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("part of the draft"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_proposals",
    )
    # A section of the programme's text outside the goal tree (its main goal, specific goals,
    # beneficiaries…: ``Programme.TEXT_SECTIONS``), where the proposal is about one.
    programme_section = models.CharField(
        _("section of the programme"), max_length=40, blank=True,
        help_text=_("Where the proposal is about the programme's text rather than a part of its "
                    "goal tree."),
    )
    section_reference = models.CharField(
        _("section reference"),
        max_length=300,
        blank=True,
        help_text=_("As the submission names it, e.g. “2.1” or “rozdział III”."),
    )
    current_text = models.TextField(_("current text"), blank=True)
    proposed_text = models.TextField(_("proposed text"))
    justification = models.TextField(_("justification"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default="", blank=True
    )
    reasoning = models.TextField(_("reasoning"), blank=True)
    final_wording = models.TextField(_("final wording"), blank=True)

    class Meta:
        ordering = ["submission", "position", "pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    outcome__in=["", "accepted", "partially_accepted", "rejected", "not_considered"]
                ),
                name="proposal_outcome_valid",
            ),
            # Rejected and unconsidered proposals change nothing, so they have no final wording.
            models.CheckConstraint(
                condition=~Q(outcome__in=["rejected", "not_considered"]) | Q(final_wording=""),
                name="proposal_final_wording_only_when_accepted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission.organisation}: {self.section_reference or self.pk}"

    def get_programme_section_display(self) -> str:
        """The section's heading as the programme names it ("" without a section)."""
        if not self.programme_section:
            return ""
        return str(Programme._meta.get_field(self.programme_section).verbose_name)

    @property
    def is_decided(self) -> bool:
        return self.outcome != self.Outcome.UNDECIDED


class RenderedConsultationReport(RenderedFile):
    """The consultation report's PDF, kept so a download is served at once; keyed by the
    fingerprint of its HTML source (``consultations.report.pdf_fingerprint``), which holds
    everything the PDF shows. Rendered in the background (``consultations.rendering``)."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="rendered_reports",
    )

    class Meta:
        verbose_name = _("rendered consultation report")
        verbose_name_plural = _("rendered consultation reports")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "fingerprint"],
                name="consultation_report_once_per_fingerprint",
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id} ({self.status})"
