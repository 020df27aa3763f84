"""Rendered report files, kept so a download is served at once.

A ``RenderedReport`` is keyed by the fingerprint of the data it was made from (values, structure,
statuses, acceptance, layout settings and the layout's source files, see
``reports.builder.Report.fingerprint``): any change of those gives a new fingerprint and so a new
render; the superseded file of the same report is deleted once the new one is ready.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RenderedReport(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("rendering")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    programme = models.ForeignKey(
        "programs.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="rendered_reports",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    layout = models.CharField(_("layout"), max_length=20)
    file_format = models.CharField(_("format"), max_length=10)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    content = models.BinaryField(_("content"), blank=True, default=b"")
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    render_seconds = models.FloatField(_("render time (s)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rendered report")
        verbose_name_plural = _("rendered reports")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "layout", "file_format", "fingerprint"],
                name="rendered_report_once_per_fingerprint",
            )
        ]
        indexes = [models.Index(fields=["programme", "year", "layout", "file_format"])]

    def __str__(self) -> str:
        return f"{self.programme_id}/{self.year}/{self.layout}.{self.file_format} ({self.status})"
