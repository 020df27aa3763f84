"""The admin of consultations. A proposal's outcome changed here is recorded in the audit log,
as the outcome services record it (``consultations.services.record_outcome_change``), and every
change raises the consultation's content version, as the services do
(``consultations.services.consultation_changed``)."""

from django.contrib import admin

from audit.services import AuditTrail
from consultations.models import Consultation, ConsultationDraft, Proposal, Submission
from consultations.services import OUTCOME_FIELDS, consultation_changed, record_outcome_change


def _stored_outcomes(pks) -> dict:
    return {row["pk"]: row for row in Proposal.objects.filter(pk__in=pks).values("pk",
                                                                                  *OUTCOME_FIELDS)}


def _record_outcomes(request, proposals, stored: dict) -> None:
    trail = AuditTrail(user=request.user, request=request)
    for proposal in proposals:
        record_outcome_change(trail, proposal, stored.get(proposal.pk, {}))
    trail.save()


class ContentVersionAdmin(admin.ModelAdmin):
    """Raises the content version of the consultation an object belongs to when it is saved
    (with its inlines) or deleted here."""

    @staticmethod
    def consultation_id(obj) -> int:
        raise NotImplementedError

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        consultation_changed(self.consultation_id(form.instance))

    def delete_model(self, request, obj):
        consultation_id = self.consultation_id(obj)
        super().delete_model(request, obj)
        consultation_changed(consultation_id)

    def delete_queryset(self, request, queryset):
        consultation_ids = {self.consultation_id(obj) for obj in queryset}
        super().delete_queryset(request, queryset)
        for consultation_id in consultation_ids:
            consultation_changed(consultation_id)


class DraftInline(admin.TabularInline):
    model = ConsultationDraft
    extra = 0
    autocomplete_fields = ["programme"]


class ProposalInline(admin.StackedInline):
    model = Proposal
    extra = 0
    raw_id_fields = ["objective"]


@admin.register(Consultation)
class ConsultationAdmin(ContentVersionAdmin):
    @staticmethod
    def consultation_id(obj) -> int:
        return obj.pk

    list_display = ["title", "start_date", "end_date", "status"]
    list_filter = ["status"]
    search_fields = ["title", "reference_numbers"]
    inlines = [DraftInline]


@admin.register(Submission)
class SubmissionAdmin(ContentVersionAdmin):
    @staticmethod
    def consultation_id(obj) -> int:
        return obj.consultation_id

    def save_formset(self, request, form, formset, change):
        if formset.model is not Proposal:
            return super().save_formset(request, form, formset, change)
        stored = _stored_outcomes([f.instance.pk for f in formset.initial_forms])
        super().save_formset(request, form, formset, change)
        _record_outcomes(request, [*formset.new_objects,
                                   *(obj for obj, _fields in formset.changed_objects)], stored)

    list_display = ["organisation", "consultation", "draft", "received_on", "channel",
                    "not_considered"]
    list_filter = ["consultation", "channel", "not_considered"]
    autocomplete_fields = ["organisation"]
    inlines = [ProposalInline]


@admin.register(Proposal)
class ProposalAdmin(ContentVersionAdmin):
    @staticmethod
    def consultation_id(obj) -> int:
        return obj.submission.consultation_id

    def save_model(self, request, obj, form, change):
        stored = _stored_outcomes([obj.pk]) if change else {}
        super().save_model(request, obj, form, change)
        _record_outcomes(request, [obj], stored)

    list_display = ["__str__", "section_reference", "outcome"]
    list_filter = ["outcome", "submission__consultation"]
    raw_id_fields = ["objective", "submission"]
