"""An uploaded spreadsheet kept on the server between its preview and the confirmation.

The confirmation applies exactly the file that was previewed: the browser sends back only the
token, never the file (a client-side copy could be swapped between preview and confirm).
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# How long a previewed file waits for its confirmation.
PENDING_LIFETIME = timedelta(hours=1)


class PendingUploadQuerySet(models.QuerySet):
    def expired(self):
        return self.filter(created_at__lt=timezone.now() - PENDING_LIFETIME)

    def live(self):
        return self.filter(created_at__gte=timezone.now() - PENDING_LIFETIME)


class PendingUpload(models.Model):
    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("programme set-up")
        VALUES = "values", _("value sheet")

    token = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    reporting_year = models.ForeignKey("programs.ReportingYear", on_delete=models.CASCADE,
                                       null=True, blank=True, related_name="+")
    organisation = models.ForeignKey("programs.Organisation", on_delete=models.CASCADE,
                                     null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = PendingUploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("uploaded spreadsheet awaiting confirmation")
        verbose_name_plural = _("uploaded spreadsheets awaiting confirmation")

    def __str__(self) -> str:
        return self.filename
