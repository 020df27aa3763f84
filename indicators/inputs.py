"""What a user sends for indicator values: the input of the services, whatever the path.

The entry form, the API and the value-sheet upload all build these and hand them to
``indicators.services.values`` and ``indicators.services.review``; the limits are the forms' and
the API's too.
"""

from dataclasses import dataclass

# django-simple-history keeps a change reason of at most 100 characters.
CHANGE_REASON_MAX_LENGTH = 100
# The longest value text, remark, reason or assessment (the API's limit too): longer texts are
# not what a yearly report holds, and a single unbroken word of 100,000 characters would keep
# the PDF layout busy for many minutes.
TEXT_MAX_LENGTH = 5000


@dataclass
class ValueInput:
    """What a user typed for one indicator, and the version of the value they started from.

    ``version`` is 0 when there was no value yet. ``confirmed`` answers the typo guard;
    ``change_reason`` is needed when a submitted or accepted value is changed. ``parts``: for
    an indicator with parts (``Indicator.parts``), the text typed for each part, in order (the
    entry form's one field per part); ``value`` may instead carry them as "9 / 5" or "9; 5".
    """

    indicator_id: int
    value: str = ""
    no_data: bool = False
    no_data_reason: str = ""
    remarks: str = ""
    achieved_result: str = ""
    deviation_assessment: str = ""
    version: int = 0
    confirmed: bool = False
    change_reason: str = ""
    parts: list[str] | None = None


@dataclass
class ReviewDecision:
    """The coordinator's decision on one value. ``version`` is the value's version the page
    showed: a value changed since (corrected, or decided by a colleague) is refused, not
    decided unseen; ``None`` skips the check."""

    value_id: int
    action: str  # "accept" or "return"
    comment: str = ""
    version: int | None = None
