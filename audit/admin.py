"""The audit log in the admin (read-only), and ``AuditedModelAdmin``: the admin of a model whose
changes the log records.

Edits in the admin go through the model admin's own hooks (``save_model``, ``delete_model``,
``delete_queryset``, ``save_formset``), so an administrator's change of the programme structure
is recorded like a service's, in the same transaction — no signal copies it afterwards.
"""

from django.contrib import admin
from django.db import transaction

from audit.models import AuditEvent
from audit.services import AuditTrail, snapshot


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "username", "action", "object_type", "object_label"]
    list_filter = ["action", "object_type"]
    search_fields = ["username", "object_label", "comment"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class Audited:
    """What an admin (or an inline) records: ``audit_actions`` = (created, changed, deleted)
    actions of ``AuditEvent.Action``; empty: nothing is recorded."""

    audit_actions: tuple[str, str, str] | tuple = ()

    def audit_changed_action(self, changed: dict) -> str:
        """The action of a change of these fields (``ReportingYear`` tells a state change from
        another change)."""
        return self.audit_actions[1]


class AuditedInline(Audited):
    """Mix into an inline whose objects' changes are recorded with the parent's edit."""


class AuditedModelAdmin(Audited, admin.ModelAdmin):
    """A model admin that records every save and deletion of its objects, and of the objects of
    its ``AuditedInline`` inlines, in the audit log; then calls ``changed_data`` (where
    subclasses say what else the change means, e.g. a new data version)."""

    def changed_data(self, request, objects: list) -> None:
        """Called once after an edit: ``objects`` were created, changed or deleted through this
        admin (for an edit with inlines: the edited object, its inlines' objects are its own)."""

    # --- the model admin's hooks ------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        # The form has already put the new values on ``obj``: the stored row is the "before".
        before = _stored(type(obj), [obj.pk]).get(obj.pk) if change else None
        super().save_model(request, obj, form, change)
        trail = AuditTrail(user=request.user, request=request)
        _record_save(self, trail, obj, before)
        trail.save()

    def save_related(self, request, form, formsets, change):
        # After save_model and the inlines' save_formset, on every save (also list_editable).
        super().save_related(request, form, formsets, change)
        self.changed_data(request, [form.instance])

    def delete_model(self, request, obj):
        trail = AuditTrail(user=request.user, request=request)
        if self.audit_actions:
            trail.deleted(self.audit_actions[2], obj)
        super().delete_model(request, obj)
        trail.save()
        self.changed_data(request, [obj])

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            objects = list(queryset)
            trail = AuditTrail(user=request.user, request=request)
            if self.audit_actions:
                for obj in objects:
                    trail.deleted(self.audit_actions[2], obj)
            super().delete_queryset(request, queryset)
            trail.save()
            self.changed_data(request, objects)

    def save_formset(self, request, form, formset, change):
        inline = next(
            (
                i
                for i in self.get_inline_instances(request, form.instance)
                if i.model is formset.model
            ),
            None,
        )
        audited = isinstance(inline, Audited) and inline.audit_actions
        trail = AuditTrail(user=request.user, request=request)
        changed_pks = [f.instance.pk for f in formset.initial_forms if f.has_changed()]
        before = _stored(formset.model, changed_pks) if audited else {}
        deleted = [f.instance for f in formset.deleted_forms if f.instance.pk is not None]
        if audited:  # while they still have their ids
            for obj in deleted:
                trail.deleted(inline.audit_actions[2], obj)
        super().save_formset(request, form, formset, change)
        if audited:
            for obj in formset.new_objects:
                _record_save(inline, trail, obj, None)
            for obj, _fields in formset.changed_objects:
                _record_save(inline, trail, obj, before.get(obj.pk))
            trail.save()



def _stored(model, pks) -> dict:
    """The audited fields of these objects as stored (one query)."""
    return {obj.pk: snapshot(obj) for obj in model._base_manager.filter(pk__in=pks)}


def _record_save(audited: Audited, trail: AuditTrail, obj, before: dict | None) -> None:
    if not audited.audit_actions:
        return
    if before is None:
        trail.created(audited.audit_actions[0], obj)
        return
    changed = {name for name, value in snapshot(obj).items() if before.get(name) != value}
    if changed:
        trail.changed(audited.audit_changed_action(changed), obj, before)
