"""Cleaning text people typed (forms, the API, uploaded sheets) before it is checked or stored.

Bidirectional control characters are taken out of everything typed: the embeddings and
overrides U+202A–U+202E, the isolates U+2066–U+2069 and the marks U+200E, U+200F and U+061C.
Polish text never needs them, and they make text print other than it reads: a remark typed as
``\u202eevil\u202c`` shows as "live" in the council's PDF. ``FREE_TEXT_MAX_LENGTH`` is the
longest free text a form takes (remarks, review comments, conclusions, consultation texts),
well within the 32,767 characters a spreadsheet cell keeps.
"""

from django import forms
from django.core.validators import MaxLengthValidator

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_WITHOUT_BIDI = str.maketrans("", "", BIDI_CONTROLS)
FREE_TEXT_MAX_LENGTH = 5000


def strip_bidi(text: str) -> str:
    """``text`` without bidirectional control characters."""
    return text.translate(_WITHOUT_BIDI)


def clean_text(text: str | None) -> str:
    """Windows line ends made plain, bidirectional controls and surrounding whitespace gone;
    ``None`` is empty."""
    return strip_bidi((text or "").replace("\r\n", "\n")).strip()


class CleanTextFormMixin:
    """For forms of free text: every text field gets a length limit (``text_max_length`` unless
    the field has its own; Django's Polish message), and every text value typed loses its
    bidirectional control characters before anything stores it."""

    text_max_length = FREE_TEXT_MAX_LENGTH

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field) is forms.CharField and field.max_length is None and not isinstance(
                    field.widget, forms.HiddenInput | forms.PasswordInput):
                field.max_length = self.text_max_length
                field.validators.append(MaxLengthValidator(self.text_max_length))
                field.widget.attrs.update(field.widget_attrs(field.widget))

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                cleaned[name] = strip_bidi(value)
            elif isinstance(value, list) and all(isinstance(item, str) for item in value):
                cleaned[name] = [strip_bidi(item) for item in value]
        return cleaned
