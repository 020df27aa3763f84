"""Free text (issue 18, row 12): a length limit with a Polish message on every free text, and
no bidirectional control characters stored (``lib.text``): a remark typed as ``‮evil‬`` must
not print "live" in the council's PDF."""

import pytest

from consultations.forms import ProposalForm, SubmissionForm
from indicators.forms import ReviewDecisionForm, YearLockForm, YearReopenForm
from indicators.inputs import ReviewDecision, ValueInput
from indicators.models import IndicatorValue
from indicators.services.review import values_review
from indicators.services.values import values_save
from lib.text import BIDI_CONTROLS, clean_text, strip_bidi
from spreadsheets.files import cell_text
from tests.consultations.conftest import (  # noqa: F401 - a consultation with a submission
    consultation,
    draft_programme,
    ngo,
    record,
    second_draft,
)
from tests.indicators.conftest import YEAR, setup  # noqa: F401 - the data-entry programme

EVIL = "\u202eevil\u202c"


def test_every_bidirectional_control_is_taken_out():
    text = "a" + BIDI_CONTROLS + "b \u2067x\u2069 \u200fy\u200e"
    assert strip_bidi(text) == "ab x y"
    assert clean_text(f"  {EVIL}\r\n") == "evil"
    assert cell_text(EVIL) == "evil"
    assert strip_bidi("Zażółć gęślą jaźń – „cytat”") == "Zażółć gęślą jaźń – „cytat”"


def test_a_remark_with_a_right_to_left_override_is_stored_as_typed_to_the_eye(setup,  # noqa: F811
                                                                             data_entry):
    result = values_save(user=data_entry, reporting_year=setup.reporting_year, inputs=[
        ValueInput(setup.count.pk, "130", remarks=f"Uwaga {EVIL}",
                   achieved_result=f"\u2066{EVIL}\u2069"),
        ValueInput(setup.text.pk, EVIL),
    ])
    assert result.ok, result.errors
    value = IndicatorValue.objects.get(indicator=setup.count, year=YEAR)
    assert value.remarks == "Uwaga evil" and value.achieved_result == "evil"
    assert IndicatorValue.objects.get(indicator=setup.text, year=YEAR).text == "evil"


def test_a_review_comment_is_limited_and_cleaned(setup, data_entry, coordinator):  # noqa: F811
    values_save(user=data_entry, reporting_year=setup.reporting_year,
                inputs=[ValueInput(setup.count.pk, "130")])
    IndicatorValue.objects.filter(indicator=setup.count, year=YEAR).update(
        state=IndicatorValue.State.SUBMITTED)
    value = IndicatorValue.objects.get(indicator=setup.count, year=YEAR)
    errors = values_review(user=coordinator, reporting_year=setup.reporting_year, decisions=[
        ReviewDecision(value.pk, "return", "x" * 100_000)])
    assert "najwyżej 5000 znakach" in errors[value.pk]
    value.refresh_from_db()
    assert value.state == IndicatorValue.State.SUBMITTED and not value.review_comment
    assert not values_review(user=coordinator, reporting_year=setup.reporting_year, decisions=[
        ReviewDecision(value.pk, "return", f"Popraw {EVIL}")])
    value.refresh_from_db()
    assert value.review_comment == "Popraw evil"


def test_the_review_form_says_the_limit_in_polish():
    form = ReviewDecisionForm({"action": "return", "comment": "x" * 100_000})
    assert not form.is_valid()
    assert "co najwyżej 5000 znaków" in form.errors["comment"][0]
    form = ReviewDecisionForm({"action": "return", "comment": EVIL})
    assert form.is_valid() and form.cleaned_data["comment"] == "evil"


@pytest.mark.parametrize("form_class, data, name", [
    (YearLockForm, {"accepted_by": "Prezydent", "conclusion": "x" * 5001}, "conclusion"),
    (YearReopenForm, {"reason": "x" * 5001}, "reason"),
])
def test_the_year_forms_limit_their_free_text(form_class, data, name, db):
    form = form_class(data)
    assert not form.is_valid() and name in form.errors


def test_consultation_texts_are_limited_and_cleaned(consultation, record, ngo):  # noqa: F811
    form = SubmissionForm({"remarks": "x" * 5001}, consultation=consultation)
    form.is_valid()
    assert "remarks" in form.errors
    form = ProposalForm({"current_text": "x" * 20_001, "proposed_text": EVIL},
                        submission=record(ngo, proposal=False))
    form.is_valid()
    assert "current_text" in form.errors
    assert form.cleaned_data.get("proposed_text") == "evil"
