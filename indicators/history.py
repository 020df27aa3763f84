"""The history of a value as the pages show it: who changed what, when and why.

``describe_history`` turns django-simple-history's records into entries (field label, old, new);
``history_html`` gives the entry and review pages each row's history rendered
(``indicators/_history.html``). A value's list of changes is kept in the cache under its latest
history record: records are never changed, so the list of a value nobody touched since is never
read or rendered again — a page of many long-edited values costs one query and one cache read.
"""

from django.core.cache import cache
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from indicators.formatting import format_with_unit
from indicators.models import IndicatorValue

TIMEOUT = 60 * 60
HISTORY_FIELDS = [
    "number",
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
    if name == "state":
        return str(IndicatorValue.State(value).label)
    if name == "no_data":
        return str(_("yes") if value else _("no"))
    return value or ""


def describe_history(records, indicator) -> list[dict]:
    """History records (oldest first) as entries, newest first: the record (who, when, why) and
    its changes as (field label, old, new) texts. Uses no queries."""
    labels = {name: IndicatorValue._meta.get_field(name).verbose_name for name in HISTORY_FIELDS}
    entries, previous = [], None
    for record in records:
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
        entries.append({"record": record, "changes": changes})
        previous = record
    entries.reverse()
    return entries


def history_html(rows, year: int) -> dict[int, str]:
    """``{indicator id: rendered history}`` of the rows' values of ``year`` (rows with a value:
    ``row.indicator`` and ``row.value``). Two queries at most: the latest record of each value,
    then the records of the values whose rendering is not kept."""
    indicators = {row.indicator.pk: row.indicator for row in rows if row.value is not None}
    if not indicators:
        return {}
    latest = dict(
        IndicatorValue.history.filter(indicator_id__in=list(indicators), year=year)
        .values("indicator_id")
        .annotate(last=Max("history_id"))
        .values_list("indicator_id", "last")
    )
    language = get_language()
    keys = {
        pk: ":".join(
            map(
                str,
                (
                    "v1:value-history",
                    pk,
                    year,
                    last,
                    language,
                    indicators[pk].unit,
                    indicators[pk].value_kind,
                ),
            )
        )
        for pk, last in latest.items()
    }
    kept = cache.get_many(list(keys.values()))
    missing = [pk for pk, key in keys.items() if key not in kept]
    if missing:
        records: dict[int, list] = {pk: [] for pk in missing}
        for record in (
            IndicatorValue.history.filter(indicator_id__in=missing, year=year)
            .select_related("history_user")
            .order_by("history_date", "history_id")
        ):
            records[record.indicator_id].append(record)
        made = {
            keys[pk]: render_to_string(
                "indicators/_history.html",
                {"entries": describe_history(records[pk], indicators[pk])},
            )
            for pk in missing
        }
        cache.set_many(made, TIMEOUT)
        kept |= made
    # Rendered by our own template, which escapes what it shows.
    return {pk: mark_safe(kept[key]) for pk, key in keys.items()}
