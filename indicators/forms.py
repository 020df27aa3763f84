"""Forms of data entry and review. They only carry what was typed: parsing and every rule live
in ``indicators.services`` so that the API and the spreadsheet upload apply the same ones."""

import hashlib
import re

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from indicators.formatting import format_number
from indicators.inputs import CHANGE_REASON_MAX_LENGTH, TEXT_MAX_LENGTH, ValueInput
from lib.text import CleanTextFormMixin
from programs.identity import example_signatory
from programs.models import Organisation

CONTENT_FIELDS = (
    "value", "no_data", "no_data_reason", "remarks", "achieved_result", "deviation_assessment",
)


def part_field(position: int) -> str:
    """The entry form's field of an indicator's part (``part1``, ``part2`` …)."""
    return f"part{position}"


def _fingerprint(content: dict) -> str:
    """A digest of what a row showed, so rows the user did not touch are not sent to the
    service (a colleague's change to them is then not reported as a conflict)."""
    parts = []
    part_names = sorted((name for name in content if re.fullmatch(r"part\d+", name)),
                        key=lambda name: int(name[4:]))
    for name in (*CONTENT_FIELDS, *part_names):
        raw = content.get(name)
        if isinstance(raw, bool):
            raw = "1" if raw else ""
        text = str(raw or "").replace("\r\n", "\n").replace("\u00a0", " ")
        parts.append(text.strip())
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def initial_for(value, indicator) -> dict:
    """What the form shows for a stored value (numbers written the Polish way)."""
    if value is None:
        content = {"version": 0}
    else:
        shown = value.text
        if value.number is not None:
            shown = format_number(
                value.number, value_kind=indicator.value_kind, unit=indicator.unit
            )
        pairs = value.part_values
        if pairs:
            shown = ""  # entered part by part
        content = {
            "value": shown,
            "no_data": value.no_data,
            "no_data_reason": value.no_data_reason,
            "remarks": value.remarks,
            "achieved_result": value.achieved_result,
            "deviation_assessment": value.deviation_assessment,
            "version": value.version,
        }
        for part, number in pairs:
            content[part_field(part.position)] = format_number(
                number, value_kind=indicator.value_kind, unit=indicator.part_unit(part))
    content["fingerprint"] = _fingerprint(content)
    return content


class ValueRowForm(forms.Form):
    """One indicator's row of the entry form (prefixed ``v<indicator id>``)."""

    value = forms.CharField(label=_("Value"), required=False, strip=False,
                            max_length=TEXT_MAX_LENGTH)
    no_data = forms.BooleanField(label=_("No data"), required=False)
    no_data_reason = forms.CharField(label=_("Reason for no data"), required=False,
                                     max_length=TEXT_MAX_LENGTH,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    remarks = forms.CharField(label=_("Remarks"), required=False, max_length=TEXT_MAX_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 2}))
    achieved_result = forms.CharField(label=_("Achieved result"), required=False,
                                      max_length=TEXT_MAX_LENGTH,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    deviation_assessment = forms.CharField(
        label=_("Assessment of the deviation and corrective plan"), required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirmed = forms.BooleanField(label=_("The value is correct"), required=False)
    change_reason = forms.CharField(label=_("Reason for the change"), required=False,
                                    max_length=CHANGE_REASON_MAX_LENGTH)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    fingerprint = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, indicator, **kwargs):
        self.indicator = indicator
        super().__init__(*args, prefix=f"v{indicator.pk}", **kwargs)
        # An indicator with parts: one number field per part, labelled with the part's label.
        for part in indicator.part_list:
            self.fields[part_field(part.position)] = forms.CharField(
                label=part.display_label, required=False, strip=False, max_length=TEXT_MAX_LENGTH)

    def part_fields(self) -> list:
        """(part, bound field) of each part, in order (the entry row's inputs)."""
        return [(part, self[part_field(part.position)]) for part in self.indicator.part_list]

    def is_untouched(self) -> bool:
        return _fingerprint(self.cleaned_data) == self.cleaned_data.get("fingerprint")

    def to_input(self) -> ValueInput:
        data = self.cleaned_data
        return ValueInput(
            indicator_id=self.indicator.pk,
            value=data.get("value") or "",
            no_data=bool(data.get("no_data")),
            no_data_reason=data.get("no_data_reason") or "",
            remarks=data.get("remarks") or "",
            achieved_result=data.get("achieved_result") or "",
            deviation_assessment=data.get("deviation_assessment") or "",
            version=data.get("version") or 0,
            confirmed=bool(data.get("confirmed")),
            change_reason=data.get("change_reason") or "",
            parts=[data.get(part_field(part.position)) or ""
                   for part in self.indicator.part_list] if self.indicator.has_parts else None,
        )


class ReviewDecisionForm(CleanTextFormMixin, forms.Form):
    """The coordinator's decision on one value (prefixed ``r<value id>``): a submitted value
    can be accepted or returned, an accepted one returned; ``version`` is the value's version
    the page showed (a value changed since is refused by the service)."""

    ACTIONS = [("", _("decide later")), ("accept", _("accept")), ("return", _("return"))]
    action = forms.ChoiceField(label=_("Decision"), choices=ACTIONS, required=False,
                               widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment for the organisation"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, state=None, **kwargs):
        super().__init__(*args, **kwargs)
        if state == "accepted":
            self.fields["action"].choices = [self.ACTIONS[0], self.ACTIONS[2]]


class YearOpenForm(CleanTextFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    deadline = forms.DateField(label=_("Deadline for organisations"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class MonthField(forms.DateField):
    """A month and year ("2023-06" from a month input, or "06.2023" typed), kept as its first
    day: what a report's title page prints ("czerwiec 2023 r.")."""

    input_formats = ["%Y-%m", "%m.%Y", "%m/%Y", "%Y-%m-%d"]
    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else day


class YearLockForm(CleanTextFormMixin, forms.Form):
    """What the report prints, asked when the year is locked (the cover, the closing page)."""

    conclusion = forms.CharField(label=_("Conclusion"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 6}))
    prepared_by = forms.ModelChoiceField(
        label=_("Prepared by"), queryset=Organisation.objects.order_by("name"), required=False,
        help_text=_("The body named on the title page; the programme's coordinator if empty."),
    )
    prepared_on = MonthField(
        label=_("Month of preparation"), required=False,
        help_text=_("Month and year as the title page prints them, e.g. 06.2023."),
    )
    signatory_name = forms.CharField(label=_("Signatory"), max_length=200, required=False)
    signatory_title = forms.CharField(label=_("Signatory's position"), max_length=300,
                                      required=False)
    accepted_by = forms.CharField(
        label=_("Accepted by"), max_length=200,
        help_text=lazy(example_signatory, str)(),
    )
    accepted_on = forms.DateField(label=_("Accepted on"), required=False,
                                  help_text=_("Today if empty."),
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class YearUnpublishForm(CleanTextFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawing the report"),
                             widget=forms.Textarea(attrs={"rows": 3}))


class YearReopenForm(CleanTextFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for reopening"),
                             widget=forms.Textarea(attrs={"rows": 3}))
