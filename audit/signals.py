"""Where audit events come from: Django's login signals, django-axes' lockout signal,
django-simple-history's records, and model saves of the programme structure.

Nothing here is imported by the other apps; ``connect()`` (from ``AuditConfig.ready``) attaches
the receivers, and models of apps that may not exist yet (consultations) are looked up guarded.
"""

from axes.signals import user_locked_out
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from simple_history.signals import post_create_historical_record

from accounts import signals as accounts_signals
from audit import history
from audit.models import AuditEvent
from audit.services import audit_record, current_request

Action = AuditEvent.Action

STRUCTURE_MODELS = ("programs.Programme", "programs.Objective", "indicators.Indicator")
# Derived from other fields on save; a change of them alone is no change of the structure.
DERIVED_FIELDS = {"id", "sort_key"}


# Logins -----------------------------------------------------------------------------------


def logged_in(sender, request, user, **kwargs):
    audit_record(action=Action.LOGIN_SUCCEEDED, user=user, request=request)


def login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or "")[:150]
    user = get_user_model().objects.filter(username=username).first() if username else None
    audit_record(action=Action.LOGIN_FAILED, user=user, username=username, request=request)


def logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=Action.LOGGED_OUT, user=user, request=request)


def password_changed(sender, user, request, **kwargs):
    audit_record(action=Action.PASSWORD_CHANGED, user=user, request=request)


def locked_out(sender, request, username, ip_address, **kwargs):
    username = str(username or "")[:150]
    user = get_user_model().objects.filter(username=username).first() if username else None
    audit_record(action=Action.LOCKED_OUT, user=user, username=username, request=request)


# History-tracked models (values, reporting years) -----------------------------------------


def historical_record_created(sender, instance, history_instance, **kwargs):
    model = type(instance)
    if model in history.tracked_models():
        history.record_history(model, [history_instance], request=current_request())


# Models tracked by their saves (structure; reporting years without history; proposals) ------


def _fields(model) -> list[str]:
    return [
        field.attname
        for field in model._meta.concrete_fields
        if field.attname not in DERIVED_FIELDS
    ]


def _state_of(instance) -> dict:
    return {name: getattr(instance, name) for name in _fields(type(instance))}


def remember_before(sender, instance, raw=False, **kwargs):
    """Load the stored state before a save, to record what the save changed."""
    if raw or instance.pk is None:
        instance._audit_before = None
        return
    instance._audit_before = (
        sender._base_manager.filter(pk=instance.pk).values(*_fields(sender)).first()
    )


def _changes(instance) -> tuple[dict, dict]:
    before = getattr(instance, "_audit_before", None) or {}
    now = _state_of(instance)
    if not before:
        return {}, {name: value for name, value in now.items() if value not in (None, "")}
    changed = [name for name, value in now.items() if before.get(name) != value]
    return {name: before.get(name) for name in changed}, {name: now[name] for name in changed}


def structure_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before, after = _changes(instance)
    if not created and not after:
        return
    action = Action.STRUCTURE_CREATED if created or not before else Action.STRUCTURE_CHANGED
    audit_record(action=action, obj=instance, before=before, after=after)


def structure_deleted(sender, instance, **kwargs):
    audit_record(action=Action.STRUCTURE_DELETED, obj=instance, before=_state_of(instance))


def year_saved(sender, instance, created, raw=False, **kwargs):
    """Reporting years without a history of their own (see ``history.tracked_models``)."""
    if raw:
        return
    before, after = _changes(instance)
    if not created and not after:
        return
    action = Action.YEAR_STATE_CHANGED if created or "state" in after else Action.YEAR_CHANGED
    audit_record(action=action, obj=instance, before=before, after=after)


OUTCOME_FIELDS = ("outcome", "reasoning", "final_wording")


def proposal_saved(sender, instance, created, raw=False, **kwargs):
    """A consultation proposal's outcome was decided or changed."""
    if raw:
        return
    before, after = _changes(instance)
    if "outcome" not in after:
        return
    audit_record(
        action=Action.CONSULTATION_OUTCOME_CHANGED,
        obj=instance,
        before={name: before.get(name) for name in OUTCOME_FIELDS if name in after},
        after={name: after[name] for name in OUTCOME_FIELDS if name in after},
    )


def _optional_model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def connect():
    uid = "audit"
    user_logged_in.connect(logged_in, dispatch_uid=f"{uid}-logged-in")
    user_login_failed.connect(login_failed, dispatch_uid=f"{uid}-login-failed")
    user_logged_out.connect(logged_out, dispatch_uid=f"{uid}-logged-out")
    accounts_signals.password_changed.connect(
        password_changed, dispatch_uid=f"{uid}-password-changed"
    )
    user_locked_out.connect(locked_out, dispatch_uid=f"{uid}-locked-out")
    post_create_historical_record.connect(historical_record_created, dispatch_uid=f"{uid}-history")

    for label in STRUCTURE_MODELS:
        model = apps.get_model(label)
        pre_save.connect(remember_before, sender=model, dispatch_uid=f"{uid}-pre-{label}")
        post_save.connect(structure_saved, sender=model, dispatch_uid=f"{uid}-post-{label}")
        post_delete.connect(structure_deleted, sender=model, dispatch_uid=f"{uid}-del-{label}")

    year = apps.get_model("programs.ReportingYear")
    if not hasattr(year, "history"):
        pre_save.connect(remember_before, sender=year, dispatch_uid=f"{uid}-pre-year")
        post_save.connect(year_saved, sender=year, dispatch_uid=f"{uid}-post-year")

    proposal = _optional_model("consultations.Proposal")
    if proposal is not None:
        pre_save.connect(remember_before, sender=proposal, dispatch_uid=f"{uid}-pre-proposal")
        post_save.connect(proposal_saved, sender=proposal, dispatch_uid=f"{uid}-post-proposal")
