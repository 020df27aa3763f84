"""Forms of the diagnosis: the coordinator's choice of rows monitored yearly, and the entry
page's "Dane diagnozy" section. They only carry what was chosen or typed; the rules live in
``indicators.services.diagnosis`` (which the value-sheet upload calls too)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.diagnosis import MonitoredRow, entered_text
from indicators.inputs import TEXT_MAX_LENGTH
from indicators.services.diagnosis import RowMonitoring
from programs.models import DiagnosisRow, Organisation


class RowMonitoringForm(forms.Form):
    """One diagnosis row on the coordinator's page (prefixed ``d<row id>``)."""

    monitored_yearly = forms.BooleanField(label=_("Monitored yearly"), required=False)
    # A choice of ids read once for the whole page (a model choice field would query per row);
    # the service checks that the organisation exists.
    reporting_organisation = forms.TypedChoiceField(
        label=_("Reporting organisation"), required=False, coerce=int, empty_value=None,
    )

    def __init__(self, *args, row: DiagnosisRow, organisations: list[Organisation], **kwargs):
        self.row = row
        kwargs.setdefault("initial", {"monitored_yearly": row.monitored_yearly,
                                      "reporting_organisation": row.reporting_organisation_id})
        super().__init__(*args, prefix=f"d{row.pk}", **kwargs)
        self.fields["reporting_organisation"].choices = [
            ("", _("(none)")), *[(o.pk, str(o)) for o in organisations]]

    def to_choice(self) -> RowMonitoring:
        return RowMonitoring(self.row.pk, bool(self.cleaned_data.get("monitored_yearly")),
                             self.cleaned_data.get("reporting_organisation"))


def field_name(row_id: int) -> str:
    return f"diagnosis-{row_id}"


def _same(first, second) -> bool:
    """Two texts of a field alike but for spaces (a browser may send a non-breaking one back
    as a normal one)."""
    def plain(text):
        return " ".join(str(text or "").replace("\u00a0", " ").split())
    return plain(first) == plain(second)


class DiagnosisEntryForm(forms.Form):
    """The entry page's "Dane diagnozy": one text field per monitored row of the organisation
    (``diagnosis-<row id>``), showing the stored value the Polish way, and beside it, hidden,
    what the page showed (``diagnosis-<row id>-shown``): a field sent as it was shown is no
    change, and a change to a value someone else changed since the page was shown is refused
    with the value saved meanwhile (the indicators' optimistic locking, by content)."""

    def __init__(self, *args, rows: list[MonitoredRow], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.stored = {item.row.pk: entered_text(item.row, item.value) for item in rows}
        for item in rows:
            label = item.row.label + (f" ({item.unit_label})" if item.unit_label else "")
            self.fields[field_name(item.row.pk)] = forms.CharField(
                label=label, required=False, strip=False, max_length=TEXT_MAX_LENGTH,
                initial=self.stored[item.row.pk],
            )

    def _sent_changes(self):
        """(row id, typed) of the fields sent with another text than the page showed."""
        for item in self.rows:
            name = field_name(item.row.pk)
            if name in self.data and not _same(self.data[name], self.data.get(f"{name}-shown")):
                yield item.row.pk, self.data.get(f"{name}-shown"), self.cleaned_data.get(name)

    def clean(self):
        for row_id, shown, _typed in self._sent_changes():
            if not _same(shown, self.stored[row_id]):
                self.add_error(field_name(row_id), _(
                    "Someone else changed this value while you were editing it; it is now: "
                    "%(value)s. Your text is kept: check it and save again.")
                    % {"value": self.stored[row_id] or _("(empty)")})
        return self.cleaned_data

    def typed(self) -> dict[int, str]:
        """Row id → what was typed, for the rows whose field was sent and changed (a field
        left out of the request is not a cleared value)."""
        return {row_id: typed or "" for row_id, _shown, typed in self._sent_changes()}

    def add_row_errors(self, errors: dict[int, list[str]]) -> None:
        for row_id, messages in errors.items():
            for message in messages:
                self.add_error(field_name(row_id) if field_name(row_id) in self.fields
                               else None, message)

    def bound_rows(self):
        """(monitored row, its bound field, the stored value as shown) in document order."""
        return [(item, self[field_name(item.row.pk)], self.stored[item.row.pk])
                for item in self.rows]
