"""Audit events made from django-simple-history records (indicator values, reporting years).

Values are mostly written in bulk (``bulk_create_with_history``/``bulk_update_with_history``),
which sends no signals; so events are made from the history tables themselves: right after a
single save (``post_create_historical_record``), at the end of every writing request (the audit
middleware) and before the audit log is read. The unique (history model, history id) pair makes
each history record one event, however many of these paths see it.
"""

from itertools import islice

from django.apps import apps

from audit.models import AuditEvent
from audit.services import client_ip, request_user

Action = AuditEvent.Action

# Fields that are not part of "what changed": the history bookkeeping and who saved it (shown
# as "who").
IGNORED_FIELDS = {"id", "entered_by_id", "locked_by_id"}
BATCH = 500


def tracked_models():
    """The models whose changes the audit log reads from their history (if they have one)."""
    models = []
    for label in ("indicators.IndicatorValue", "programs.ReportingYear"):
        model = apps.get_model(label)
        if hasattr(model, "history"):
            models.append(model)
    return models


def _snapshot(record, fields) -> dict:
    return {field: getattr(record, field) for field in fields}


def _diff(before: dict, after: dict) -> tuple[dict, dict]:
    changed = [field for field in after if before.get(field) != after[field]]
    return {f: before.get(f) for f in changed}, {f: after[f] for f in changed}


def _action(model, history_type: str, before: dict, after: dict) -> str:
    if model._meta.label == "programs.ReportingYear":
        if history_type == "+" or "state" in after:
            return Action.YEAR_STATE_CHANGED
        return Action.YEAR_CHANGED
    return {"+": Action.VALUE_CREATED, "-": Action.VALUE_DELETED}.get(
        history_type, Action.VALUE_CHANGED
    )


def _labels(model, records) -> dict:
    """``{object id: label}`` for the records, in one query."""
    if model._meta.label == "indicators.IndicatorValue":
        parents = apps.get_model("indicators.Indicator").objects.in_bulk(
            {record.indicator_id for record in records}
        )
        parent_of = {record.id: parents.get(record.indicator_id) for record in records}
    else:
        parents = apps.get_model("programs.Programme").objects.in_bulk(
            {record.programme_id for record in records}
        )
        parent_of = {record.id: parents.get(record.programme_id) for record in records}
    return {
        record.id: f"{parent_of[record.id] or '?'} — {record.year}"[:500] for record in records
    }


def record_history(model, records, *, request=None) -> int:
    """Make audit events for these history records of ``model`` (skipping ones already made).

    The previous record of each object is read in one query per batch, so saving hundreds of
    values costs a handful of queries. Who is the record's history user; the request's address
    is recorded for records its own user made.
    """
    history_model = model.history.model
    fields = [
        field.attname
        for field in history_model.tracked_fields
        if field.attname not in IGNORED_FIELDS
    ]
    label = history_model._meta.label_lower
    records = sorted(records, key=lambda record: record.history_id)
    made = 0
    iterator = iter(records)
    while batch := list(islice(iterator, BATCH)):
        earlier = history_model.objects.filter(
            id__in={record.id for record in batch}, history_id__lt=batch[-1].history_id
        ).order_by("history_id")
        batch_ids = {record.history_id for record in batch}
        latest = {}
        for record in earlier:
            if record.history_id not in batch_ids:
                latest.setdefault(record.id, [])
                latest[record.id].append(record)
        labels = _labels(model, batch)
        user = request_user(request)
        ip = client_ip(request)
        events = []
        for record in batch:
            previous = [r for r in latest.get(record.id, []) if r.history_id < record.history_id]
            before = _snapshot(previous[-1], fields) if previous else {}
            now = _snapshot(record, fields)
            if record.history_type == "-":
                before, after = now, {}
            elif record.history_type == "+" or not previous:
                before, after = {}, {k: v for k, v in now.items() if v not in (None, "")}
            else:
                before, after = _diff(before, now)
            latest.setdefault(record.id, []).append(record)
            who = record.history_user if record.history_user_id else None
            events.append(
                AuditEvent(
                    created_at=record.history_date,
                    user=who or user,
                    username=(who or user).get_username() if (who or user) else "",
                    action=_action(model, record.history_type, before, after),
                    object_type=model._meta.label_lower,
                    object_id=str(record.id),
                    object_label=labels.get(record.id, ""),
                    before=before,
                    after=after,
                    remote_ip=ip if user is not None and (who is None or who == user) else None,
                    comment=record.history_change_reason or "",
                    history_model=label,
                    history_id=record.history_id,
                )
            )
        AuditEvent.objects.bulk_create(events, ignore_conflicts=True)
        made += len(events)
    return made


def sync_history(*, since=None, request=None) -> int:
    """Make the events of every history record that has none yet (those since ``since``)."""
    made = 0
    for model in tracked_models():
        history_model = model.history.model
        label = history_model._meta.label_lower
        records = history_model.objects.select_related("history_user").order_by("history_id")
        if since is not None:
            # A request's own records: few, found through the history_date index; then the
            # ones already recorded (by the signal) are looked up by id.
            pending = list(records.filter(history_date__gte=since))
            done = set(
                AuditEvent.objects.filter(
                    history_model=label,
                    history_id__in=[record.history_id for record in pending],
                ).values_list("history_id", flat=True)
            ) if pending else set()
            pending = [record for record in pending if record.history_id not in done]
        else:
            done = AuditEvent.objects.filter(
                history_model=label, history_id__isnull=False
            ).values("history_id")
            pending = records.exclude(history_id__in=done)
        made += record_history(model, pending, request=request)
    return made
