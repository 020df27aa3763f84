"""The audit log: who did what, when, from where, and what changed (before → after)."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    def newest_first(self):
        return self.select_related("user").order_by("-created_at", "-pk")


class AuditEvent(models.Model):
    """One recorded event, written by ``audit.services`` in the transaction of the change it
    records (the services of the other apps say what they did); never edited afterwards."""

    class Action(models.TextChoices):
        LOGIN_SUCCEEDED = "login_succeeded", _("login succeeded")
        LOGIN_FAILED = "login_failed", _("login failed")
        LOCKED_OUT = "locked_out", _("locked out after failed logins")
        LOGGED_OUT = "logged_out", _("logged out")
        PASSWORD_CHANGED = "password_changed", _("password changed")
        ACCOUNT_UNLOCKED = "account_unlocked", _("account unlocked by the coordinator")
        VALUE_CREATED = "value_created", _("value entered")
        VALUE_CHANGED = "value_changed", _("value changed")
        VALUE_DELETED = "value_deleted", _("value deleted")
        STRUCTURE_CREATED = "structure_created", _("structure: added")
        STRUCTURE_CHANGED = "structure_changed", _("structure: changed")
        STRUCTURE_DELETED = "structure_deleted", _("structure: deleted")
        YEAR_STATE_CHANGED = "year_state_changed", _("reporting year: state changed")
        YEAR_CHANGED = "year_changed", _("reporting year: changed")
        CONSULTATION_OUTCOME_CHANGED = (
            "consultation_outcome_changed",
            _("consultation: outcome changed"),
        )

    created_at = models.DateTimeField(_("when"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as text too: the user name tried in a failed login, or a user deleted since.
    username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=500, blank=True)
    # How the log names the object's type ("wskaźnik"), in the instance's language.
    object_type_label = models.CharField(_("object type name"), max_length=100, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    remote_ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    comment = models.TextField(_("comment or reason"), blank=True)
    # ``before`` → ``after`` as people read them, written when the event is recorded (field
    # labels, choice labels, Polish numbers and dates): [[label, before, after], …]. The log's
    # pages and CSV show these, so they need no knowledge of the models the events are about.
    changes = models.JSONField(_("changes"), default=list, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_label}"


Action = AuditEvent.Action
# The (created, changed, deleted) actions of the kinds of objects the log follows, for the
# services' ``AuditTrail`` calls and ``audit.admin.AuditedModelAdmin.audit_actions``.
STRUCTURE_ACTIONS = (Action.STRUCTURE_CREATED, Action.STRUCTURE_CHANGED, Action.STRUCTURE_DELETED)
VALUE_ACTIONS = (Action.VALUE_CREATED, Action.VALUE_CHANGED, Action.VALUE_DELETED)
