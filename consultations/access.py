"""Who may see and change consultations: coordinators record and decide, department heads read,
the public sees the list and published reports."""

from django.shortcuts import get_object_or_404

from accounts import roles
from consultations.models import Consultation


def get_consultation_record_for_staff(user, model, pk: int, *, write: bool = False):
    """A consultation, submission or proposal (``model``) for the staff pages.

    Department heads may read, only coordinators write; others get PermissionDenied, a bad id 404.
    """
    if write:
        roles.require_coordinator(user)
    else:
        roles.require_staff_reader(user)
    return get_object_or_404(model, pk=pk)


def get_consultation_report_for_user(user, pk: int) -> Consultation:
    """A consultation whose report the user may read: published ones for everyone, any for staff
    readers (a preview before publication); otherwise 404."""
    consultations = Consultation.objects.all()
    if not roles.is_staff_reader(user):
        consultations = consultations.filter(status=Consultation.Status.REPORT_PUBLISHED)
    return get_object_or_404(consultations, pk=pk)
