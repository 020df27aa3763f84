"""Forms of the staff pages. They validate input; writes go through ``consultations.services``."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from consultations.models import Consultation, ConsultationDraft, Proposal, Submission
from lib.text import CleanTextFormMixin
from programs.identity import current_identity
from programs.models import Objective, Organisation, Programme


class LinesField(forms.CharField):
    """A list of strings edited as one per line (reference numbers, announcement channels)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        # CharField's own NUL check runs on the list, where it cannot see the byte; PostgreSQL's
        # jsonb refuses it (a 500), so it is refused here, with Django's message.
        ProhibitNullCharactersValidator()(text)
        return [line.strip() for line in text.splitlines() if line.strip()]


class ConsultationForm(CleanTextFormMixin, forms.ModelForm):
    reference_numbers = LinesField(label=_("reference numbers"), required=False,
                                   help_text=_("One per line, e.g. DSP-II.8110.8.2020."))
    announcement_channels = LinesField(
        label=_("where it was announced"),
        required=False,
        help_text=_("One channel per line; the report lists them as a), b), c)…"),
    )

    class Meta:
        model = Consultation
        fields = [
            "title", "reference_numbers", "status", "start_date", "end_date", "legal_basis",
            "addressees", "purpose", "announcement_channels", "submission_method",
            "submission_address", "submission_email", "responsible_department",
            "validity_conclusion", "report_place", "report_date",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "report_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "legal_basis": forms.Textarea(attrs={"rows": 4}),
            "addressees": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "submission_method": forms.Textarea(attrs={"rows": 3}),
            "validity_conclusion": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.initial.get("report_place"):
            self.initial["report_place"] = current_identity().city

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        if cleaned.get("status") == Consultation.Status.REPORT_PUBLISHED and (
            not self.instance.pk or not self.instance.is_report_published
        ):
            self.add_error("status", _("Publish the report with the “Publish report” button."))
        return cleaned


def programmes_drafts_first():
    """Programmes for the draft choice: drafts and those in consultation first."""
    rank = Case(
        When(status__in=[Programme.Status.DRAFT, Programme.Status.CONSULTATION], then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return Programme.objects.annotate(draft_rank=rank).order_by("draft_rank", "-first_year",
                                                                "title")


class ProgrammeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, programme):
        return f"{programme.title} ({programme.get_status_display()})"


class DraftForm(CleanTextFormMixin, forms.ModelForm):
    programme = ProgrammeChoiceField(
        queryset=programmes_drafts_first(),
        label=_("draft programme"),
        help_text=_(
            "Drafts are listed first. A programme adopted after its consultation can be chosen "
            "too, so that past consultations can be recorded."
        ),
    )

    class Meta:
        model = ConsultationDraft
        fields = ["programme", "resolution_subject"]
        widgets = {"resolution_subject": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resolution_subject"].required = False
        self.fields["resolution_subject"].help_text = _(
            "E.g. “w sprawie przyjęcia Programu Pomocy Społecznej … na lata 2021-2024”. "
            "Left empty, it is made from the programme's title."
        )


DraftFormSet = forms.formset_factory(DraftForm, extra=1, can_delete=True)


class SubmissionForm(CleanTextFormMixin, forms.ModelForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"),
        label=_("organisation from the register"),
        required=False,
    )
    new_organisation_name = forms.CharField(
        label=_("or the name of a new organisation"),
        required=False,
        max_length=300,
        help_text=_("It is added to the register of organisations."),
    )

    class Meta:
        model = Submission
        fields = ["draft", "organisation", "received_on", "channel", "not_considered", "remarks"]
        widgets = {
            "received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "remarks": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.fields["received_on"].required = True
        self.fields["draft"].queryset = consultation.drafts.select_related("programme")
        self.fields["draft"].label_from_instance = lambda draft: draft.programme.title
        self.fields["draft"].empty_label = None
        if self.instance.pk:
            del self.fields["new_organisation_name"]
            self.fields["organisation"].required = True

    def clean(self):
        cleaned = super().clean()
        if (
            "new_organisation_name" in self.fields
            and not cleaned.get("organisation")
            and not cleaned.get("new_organisation_name", "").strip()
        ):
            self.add_error(
                "organisation", _("Choose an organisation or type the name of a new one.")
            )
        if cleaned.get("organisation") and cleaned.get("new_organisation_name", "").strip():
            self.add_error(
                "new_organisation_name",
                _("Either choose an organisation from the register or type a new name."),
            )
        return cleaned

    def _post_clean(self):
        # The service checks the rules (and creates a new organisation); the model's own
        # validation would demand an organisation the service has not created yet.
        pass


class ProposalForm(CleanTextFormMixin, forms.ModelForm):
    text_max_length = 20_000  # a proposal quotes whole passages of the draft
    class Meta:
        model = Proposal
        fields = [
            "objective", "programme_section", "section_reference", "current_text",
            "proposed_text", "justification", "outcome", "reasoning", "final_wording",
        ]
        widgets = {
            "current_text": forms.Textarea(attrs={"rows": 8}),
            "proposed_text": forms.Textarea(attrs={"rows": 8}),
            "justification": forms.Textarea(attrs={"rows": 5}),
            "reasoning": forms.Textarea(attrs={"rows": 5}),
            "final_wording": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, submission: Submission, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.submission = submission
        objectives = Objective.objects.for_programme(submission.draft.programme)
        self.fields["objective"].queryset = objectives
        self.fields["objective"].required = False
        self.fields["objective"].help_text = _(
            "Where the draft has a goal tree; otherwise name the section below."
        )
        programme = submission.draft.programme
        self.fields["programme_section"] = forms.ChoiceField(
            label=_("Section of the programme"), required=False,
            choices=[("", self.fields["objective"].empty_label)] + [
                (name, str(Programme._meta.get_field(name).verbose_name).capitalize())
                for name in Programme.TEXT_SECTIONS
                if getattr(programme, name) or name == self.instance.programme_section
            ],
            help_text=_("Where the proposal is about the programme's text (its main goal, "
                        "specific goals, beneficiaries…) rather than a part of its goal tree."),
        )


class OutcomeForm(CleanTextFormMixin, forms.ModelForm):
    """One row of the outcomes table."""

    class Meta:
        model = Proposal
        fields = ["outcome", "reasoning", "final_wording"]
        widgets = {
            "reasoning": forms.Textarea(attrs={"rows": 3, "cols": 30}),
            "final_wording": forms.Textarea(attrs={"rows": 3, "cols": 30}),
        }

    def _post_clean(self):
        # Checked together, atomically, by services.proposal_outcomes_save.
        pass


OutcomeFormSet = forms.modelformset_factory(Proposal, form=OutcomeForm, extra=0)
