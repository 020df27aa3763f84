from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from spreadsheets.files import SpreadsheetError, check_size


class SpreadsheetUploadForm(forms.Form):
    """One XLSX file; the size is checked before the file is read."""

    file = forms.FileField(
        label=_("Spreadsheet (XLSX)"),
        widget=forms.ClearableFileInput(attrs={
            "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
        except SpreadsheetError as error:
            raise ValidationError(error.messages) from None
        return upload

    def add_file_errors(self, messages) -> None:
        """Show ``messages`` under the file field, also on an unbound form (the errors of a file
        kept on the server, shown above an empty upload field)."""
        if not self.is_bound:
            # Django's add_error needs the cleaned_data of a validation an unbound form never ran.
            self._errors = ErrorDict()
            self.cleaned_data = {}
        for message in messages:
            self.add_error("file", message)
