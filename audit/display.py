"""How an audit event's object type and before → after values read on the page and in CSV."""

from decimal import Decimal

from django.apps import apps
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.formatting import format_number

# The object types the log knows, in the order the filter offers them.
OBJECT_TYPES = [
    ("programs.programme", gettext_lazy("programme")),
    ("programs.objective", gettext_lazy("goal-tree node")),
    ("indicators.indicator", gettext_lazy("indicator")),
    ("indicators.indicatorvalue", gettext_lazy("indicator value")),
    ("programs.reportingyear", gettext_lazy("reporting year")),
    ("consultations.proposal", gettext_lazy("consultation proposal")),
]
OBJECT_TYPE_LABELS = dict(OBJECT_TYPES)


def object_type_label(object_type: str) -> str:
    return str(OBJECT_TYPE_LABELS.get(object_type, object_type))


def _field(object_type: str, attname: str):
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return None
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field
    return None


def value_display(field, value) -> str:
    """A stored value as people read it: choice labels, "yes"/"no", Polish numbers and dates."""
    if value is None or value == "":
        return "—"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field is not None and field.get_internal_type() == "DecimalField":
        try:
            return format_number(Decimal(str(value)))
        except ArithmeticError:
            return str(value)
    if field is not None and field.get_internal_type() == "DateField":
        parsed = parse_date(str(value))
        return date_format(parsed, "DATE_FORMAT") if parsed else str(value)
    if isinstance(value, (list, dict)):
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return str(value)


def change_rows(event) -> list[tuple[str, str, str]]:
    """``(field label, before, after)`` for each field the event records."""
    rows = []
    for name in dict.fromkeys([*event.before, *event.after]):
        field = _field(event.object_type, name)
        label = str(field.verbose_name) if field is not None else name
        rows.append(
            (
                label,
                value_display(field, event.before.get(name)),
                value_display(field, event.after.get(name)),
            )
        )
    return rows


def changes_text(event) -> str:
    """The changes on one line, for CSV: "value: 12 → 15; state: draft → submitted"."""
    return "; ".join(f"{label}: {before} → {after}" for label, before, after in change_rows(event))
