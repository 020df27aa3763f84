"""Rendered report files, kept so a download is served at once.

A ``RenderedReport`` records the data version it was made from (``programs.DataVersion`` of its
programme and year) and the version of the layout's source files: a download of unchanged data
finds its file with one indexed lookup, with no report built. The fingerprint — a digest of
everything the file shows — lets a new data version reuse a file whose content did not change
(a value's state changed, say): it is re-keyed instead of rendered again. The superseded file of
the same report is deleted once a new one is ready.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.rendering import RenderedFile


class RenderedReport(RenderedFile):
    programme = models.ForeignKey(
        "programs.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="rendered_reports",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # The layout asked for ("" = chosen by the data) and the one the file has.
    requested_layout = models.CharField(_("requested layout"), max_length=20, blank=True)
    layout = models.CharField(_("layout"), max_length=20)
    file_format = models.CharField(_("format"), max_length=10)
    data_version = models.PositiveBigIntegerField(_("data version"), null=True, blank=True)
    layout_version = models.CharField(_("layout version"), max_length=16, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)

    class Meta:
        verbose_name = _("rendered report")
        verbose_name_plural = _("rendered reports")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "requested_layout", "file_format", "fingerprint"],
                name="rendered_report_once_per_fingerprint",
            )
        ]
        indexes = [
            models.Index(
                fields=["programme", "year", "requested_layout", "file_format", "data_version"],
                name="rendered_report_by_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}/{self.year}/{self.layout}.{self.file_format} ({self.status})"


class DigestSubscription(models.Model):
    """A department head's or council member's wish to get a summary by e-mail every week or
    month (``reports.digests``). One per user; deleting it is unsubscribing."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("every week")
        MONTHLY = "monthly", _("every month")

    user = models.OneToOneField(
        "accounts.User", verbose_name=_("user"), on_delete=models.CASCADE,
        related_name="digest_subscription",
    )
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    created_at = models.DateTimeField(_("subscribed at"), auto_now_add=True)
    # The end of the period the last digest covered; the next one starts there.
    last_sent_at = models.DateTimeField(_("last sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail digest subscription")
        verbose_name_plural = _("e-mail digest subscriptions")
        constraints = [
            models.CheckConstraint(condition=models.Q(frequency__in=["weekly", "monthly"]),
                                   name="digest_frequency_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_frequency_display()})"
