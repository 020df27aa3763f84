"""The history of a value as the pages show it: who changed what, when and why.

``describe_history`` turns django-simple-history's records into entries (field label, old, new);
``history_html`` gives the entry and review pages each row's history rendered
(``indicators/_history.html``). A value's list of changes is kept in the cache under its latest
history record: records are never changed, so the list of a value nobody touched since is never
read or rendered again — a page of many long-edited values costs one query and one cache read.
"""

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from indicators.formatting import format_parts, format_with_unit
from indicators.models import IndicatorValue, part_values

TIMEOUT = 60 * 60
HISTORY_FIELDS = [
    "number",
    "part_numbers",
    "text",
    "no_data",
    "no_data_reason",
    "remarks",
    "achieved_result",
    "deviation_assessment",
    "state",
    "review_comment",
]


def _shown(record, name: str, indicator) -> str:
    value = getattr(record, name)
    if name == "number":
        return "" if value is None else format_with_unit(value, indicator)
    if name == "part_numbers":
        return format_parts(indicator, pairs) if (pairs := part_values(indicator, value)) else ""
    if name == "state":
        return str(IndicatorValue.State(value).label)
    if name == "no_data":
        return str(_("yes") if value else _("no"))
    return value or ""


def describe_record(record, previous, indicator, labels=None) -> dict:
    """One history record as an entry: the record (who, when, why) and its changes as (field
    label, old, new) texts, against the value's ``previous`` record (``None`` for the first).
    Uses no queries."""
    labels = labels or _labels()
    changes = []
    if record.history_type == "+":
        changes = [
            (labels[name], "", _shown(record, name, indicator))
            for name in HISTORY_FIELDS
            if _shown(record, name, indicator) and name != "no_data"
        ]
    elif record.history_type == "~" and previous is not None:
        changes = [
            (labels[name], _shown(previous, name, indicator), _shown(record, name, indicator))
            for name in HISTORY_FIELDS
            if getattr(previous, name) != getattr(record, name)
        ]
    return {"record": record, "changes": changes}


def _labels() -> dict:
    return {name: IndicatorValue._meta.get_field(name).verbose_name for name in HISTORY_FIELDS}


def describe_history(records, indicator) -> list[dict]:
    """History records (oldest first) as entries, newest first (``describe_record``). Uses no
    queries."""
    labels = _labels()
    entries = [
        describe_record(record, previous, indicator, labels)
        for previous, record in zip([None, *records], records, strict=False)
    ]
    entries.reverse()
    return entries


def history_html(rows, year: int) -> dict[int, str]:
    """``{indicator id: rendered history}`` of the rows' values of ``year`` (rows with a value:
    ``row.indicator`` and ``row.value``).

    Each record is drawn once (``indicators/_history_entry.html``, kept in the cache under its
    id and its predecessor's: neither ever changes) and each value's list once per latest
    record. A page costs one query of the records' ids, and one of the few records not drawn
    yet."""
    indicators = {row.indicator.pk: row.indicator for row in rows if row.value is not None}
    if not indicators:
        return {}
    # The records are the measures' values' (shared by the programmes using a measure).
    by_measure: dict[int, list[int]] = {}
    for indicator in indicators.values():
        by_measure.setdefault(indicator.measure_id, []).append(indicator.pk)
    ids: dict[int, list[int]] = {}
    for measure_id, history_id in (
        IndicatorValue.history.filter(measure_id__in=list(by_measure), year=year)
        .order_by("history_date", "history_id")
        .values_list("measure_id", "history_id")
    ):
        for indicator_id in by_measure[measure_id]:
            ids.setdefault(indicator_id, []).append(history_id)
    language = get_language()

    def style(pk) -> str:  # what the drawing of a number depends on (and its parts' labels)
        indicator = indicators[pk]
        parts = ""
        if indicator.parts:
            parts = ":" + hashlib.sha256(repr((indicator.parts, indicator.parts_summed))
                                         .encode()).hexdigest()[:16]
        return f"{language}:{indicator.unit}:{indicator.value_kind}{parts}"

    list_keys = {
        pk: f"v1:value-history:{pk}:{year}:{found[-1]}:{style(pk)}" for pk, found in ids.items()
    }
    lists = cache.get_many(list(list_keys.values()))
    missing = [pk for pk, key in list_keys.items() if key not in lists]
    previous_of = {
        (pk, history_id): previous
        for pk in missing
        for previous, history_id in zip([None, *ids[pk]], ids[pk], strict=False)
    }
    entry_keys = {
        (pk, history_id): f"v1:history-entry:{history_id}:{previous}:{style(pk)}"
        for (pk, history_id), previous in previous_of.items()
    }
    entries = cache.get_many(list(entry_keys.values()))
    undrawn = [pair for pair, key in entry_keys.items() if key not in entries]
    if undrawn:
        needed = {history_id for _pk, history_id in undrawn}
        needed |= {previous_of[pair] for pair in undrawn if previous_of[pair] is not None}
        records = {
            record.history_id: record
            for record in IndicatorValue.history.filter(history_id__in=needed).select_related(
                "history_user"
            )
        }
        labels = _labels()
        drawn = {}
        for pk, history_id in undrawn:
            previous = records.get(previous_of[(pk, history_id)])
            entry = describe_record(records[history_id], previous, indicators[pk], labels)
            drawn[entry_keys[(pk, history_id)]] = render_to_string(
                "indicators/_history_entry.html", {"entry": entry}
            )
        cache.set_many(drawn, TIMEOUT)
        entries |= drawn
    made = {
        list_keys[pk]: render_to_string(
            "indicators/_history.html",
            {
                "entry_html": [
                    mark_safe(entries[entry_keys[(pk, history_id)]])
                    for history_id in reversed(ids[pk])
                ]
            },
        )
        for pk in missing
    }
    cache.set_many(made, TIMEOUT)
    lists |= made
    # Drawn by our own templates, which escape what they show.
    return {pk: mark_safe(lists[key]) for pk, key in list_keys.items()}
