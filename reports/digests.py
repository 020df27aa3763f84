"""E-mail digests: a weekly or monthly summary for the department heads and council members
who ask for one — reports published since the last digest, goals off track, organisations late.

``digest_for(user, since)`` gathers what the user may see (the public's view for a council
member: published years only; lateness only for staff readers). ``send_due_digests(now)`` sends
every digest that is due, each with a signed link that unsubscribes without logging in, and is
what the task worker runs every hour (``reports.tasks.send_digests_task``). A digest with
nothing to say is not sent; its period still moves on.
"""

import logging
import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts import roles
from indicators.judging import Status, judge_indicators
from indicators.selectors import year_progress
from indicators.tree import programme_tree
from programs import access
from programs.models import ReportingYear
from reports.models import DigestSubscription

logger = logging.getLogger(__name__)
SIGNING_SALT = "reports.digest.unsubscribe"
PERIOD = {
    DigestSubscription.Frequency.WEEKLY: timedelta(days=7),
    DigestSubscription.Frequency.MONTHLY: timedelta(days=30),
}
LOCKED = (ReportingYear.State.ACCEPTED, ReportingYear.State.PUBLISHED)


def may_subscribe(user) -> bool:
    """Department heads, coordinators and council members get digests; data entry does not."""
    return roles.is_staff_reader(user) or roles.is_council_member(user)


@dataclass
class GoalOffTrack:
    code: str
    title: str
    not_met: int
    judged: int


@dataclass
class ProgrammeSummary:
    programme: object
    year: int
    goals: list[GoalOffTrack]


@dataclass
class LateOrganisation:
    name: str
    programme: object
    year: int
    missing: int


@dataclass
class Digest:
    since: datetime | None
    until: datetime
    published: list[ReportingYear] = field(default_factory=list)
    off_track: list[ProgrammeSummary] = field(default_factory=list)
    late: list[LateOrganisation] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.published or self.off_track or self.late)


def _latest_judged_year(user, programme) -> ReportingYear | None:
    """The latest year whose values are final for this reader: published for the public's view,
    accepted or published for staff."""
    years = access.visible_years(user, programme).filter(state__in=LOCKED)
    return years.order_by("-year").first()


def _off_track(user, programme) -> ProgrammeSummary | None:
    reporting_year = _latest_judged_year(user, programme)
    if reporting_year is None:
        return None
    tree = programme_tree(programme, years=[reporting_year.year], bodies=False)
    indicators = [row.indicator for root in tree for row in root.indicator_rows()]
    judged = judge_indicators(indicators, reporting_year.year, user=user)
    goals = []
    for root in tree:
        statuses = [judged[row.indicator.pk].status for row in root.indicator_rows()]
        not_met = statuses.count(Status.NOT_MET)
        if not_met:
            goals.append(GoalOffTrack(
                code=root.objective.shown_code, title=root.objective.title, not_met=not_met,
                judged=sum(s in (Status.MET, Status.NOT_MET) for s in statuses)))
    return ProgrammeSummary(programme, reporting_year.year, goals) if goals else None


def digest_for(user, since: datetime | None, until: datetime) -> Digest:
    """What the user's digest for the period (``since``, ``until``] says."""
    digest = Digest(since=since, until=until)
    programmes = list(access.visible_programmes(user).order_by("first_year", "title"))
    published = ReportingYear.objects.filter(
        programme__in=programmes, state=ReportingYear.State.PUBLISHED,
        published_at__isnull=False, published_at__lte=until,
    ).select_related("programme").order_by("-published_at")
    if since is not None:
        published = published.filter(published_at__gt=since)
    digest.published = list(published)
    for programme in programmes:
        summary = _off_track(user, programme)
        if summary is not None:
            digest.off_track.append(summary)
    if roles.is_staff_reader(user):
        open_years = ReportingYear.objects.filter(
            programme__in=programmes, state=ReportingYear.State.OPEN, deadline__isnull=False
        ).select_related("programme")
        for reporting_year in open_years:
            if not reporting_year.is_overdue(timezone.localdate(until)):
                continue
            for row in year_progress(reporting_year):
                if row.missing:
                    digest.late.append(LateOrganisation(
                        row.organisation.name, reporting_year.programme, reporting_year.year,
                        len(row.missing)))
    return digest


def unsubscribe_token(user) -> str:
    return signing.Signer(salt=SIGNING_SALT).sign(str(user.pk))


def user_id_from_token(token: str) -> int | None:
    try:
        return int(signing.Signer(salt=SIGNING_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def _message(subscription: DigestSubscription, digest: Digest, base_url: str) -> EmailMessage:
    user = subscription.user
    unsubscribe = base_url + reverse("reports:digest_unsubscribe",
                                     args=[unsubscribe_token(user)])
    context = {
        "user": user, "digest": digest, "subscription": subscription, "base_url": base_url,
        "unsubscribe_url": unsubscribe, "settings_url": base_url + reverse("reports:digest"),
    }
    subject = _("Monitoring of social programmes: summary until %(date)s") % {
        "date": timezone.localtime(digest.until).strftime("%d.%m.%Y")}
    return EmailMessage(
        subject=subject,
        body=render_to_string("reports/digest_email.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def due_subscriptions(now: datetime):
    """Subscriptions whose period has passed (or that never got a digest)."""
    for subscription in DigestSubscription.objects.select_related("user").filter(
        user__is_active=True
    ).exclude(user__email=""):
        last = subscription.last_sent_at
        if last is None or now - last >= PERIOD[subscription.frequency]:
            yield subscription


def send_due_digests(now: datetime | None = None, base_url: str | None = None) -> int:
    """Send every due digest; returns how many e-mails went out. Each subscription is moved on
    only after its e-mail was handed to the mailer: a mail failure is logged and leaves that
    one due (tried again next hour) while the others go on."""
    now = now or timezone.now()
    base_url = (base_url or settings.SITE_URL).rstrip("/")
    sent = 0
    with override(settings.LANGUAGE_CODE):
        for subscription in due_subscriptions(now):
            if not may_subscribe(subscription.user):
                continue  # the role was taken away: nothing to send
            since = subscription.last_sent_at or (now - PERIOD[subscription.frequency])
            digest = digest_for(subscription.user, since, now)
            if not digest.is_empty:
                try:
                    mailers.default.send_messages([_message(subscription, digest, base_url)])
                except (OSError, smtplib.SMTPException):
                    logger.exception("The digest for %s could not be sent", subscription.user)
                    continue
                sent += 1
            with transaction.atomic():
                DigestSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=now)
    return sent


@transaction.atomic
def subscription_set(*, user, frequency: str | None) -> DigestSubscription | None:
    """Subscribe the user (``frequency`` weekly or monthly) or unsubscribe (``None``/empty)."""
    if not frequency:
        DigestSubscription.objects.filter(user=user).delete()
        return None
    subscription, _created = DigestSubscription.objects.update_or_create(
        user=user, defaults={"frequency": frequency})
    return subscription
