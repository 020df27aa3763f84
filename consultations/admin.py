from django.contrib import admin

from consultations.models import Consultation, ConsultationDraft, Proposal, Submission


class DraftInline(admin.TabularInline):
    model = ConsultationDraft
    extra = 0
    autocomplete_fields = ["programme"]


class ProposalInline(admin.StackedInline):
    model = Proposal
    extra = 0
    raw_id_fields = ["objective"]


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["title", "start_date", "end_date", "status"]
    list_filter = ["status"]
    search_fields = ["title", "reference_numbers"]
    inlines = [DraftInline]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["organisation", "consultation", "draft", "received_on", "channel",
                    "not_considered"]
    list_filter = ["consultation", "channel", "not_considered"]
    autocomplete_fields = ["organisation"]
    inlines = [ProposalInline]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "section_reference", "outcome"]
    list_filter = ["outcome", "submission__consultation"]
    raw_id_fields = ["objective", "submission"]
