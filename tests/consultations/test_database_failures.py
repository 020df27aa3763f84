"""The consultation forms when the database cannot write: the Polish message, the input kept,
nothing saved (see tests/database_failures.py)."""

import pytest
from django.urls import reverse

from consultations.models import Proposal, Submission
from tests.database_failures import BUSY, database_fails

pytestmark = pytest.mark.django_db


def test_outcomes_table_keeps_every_decision_and_saves_none(client, coordinator, consultation,
                                                            ngo, other_organisation, record):
    first = record(ngo).proposals.get()
    second = record(other_organisation).proposals.get()
    client.force_login(coordinator)
    data = {
        "form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "2",
        "form-0-id": str(first.pk), "form-0-outcome": "accepted",
        "form-0-reasoning": "", "form-0-final_wording": "Nowy zapis uzgodniony",
        "form-1-id": str(second.pk), "form-1-outcome": "rejected",
        "form-1-reasoning": "Poza zakresem programu", "form-1-final_wording": "",
    }
    with database_fails("consultations_proposal"):  # one UPDATE for every row (bulk_update)
        response = client.post(reverse("consultations:outcomes", args=[consultation.pk]), data)
    assert response.status_code == 200
    assert BUSY in response.text
    assert "Nowy zapis uzgodniony" in response.text and "Poza zakresem programu" in response.text
    assert set(Proposal.objects.values_list("outcome", flat=True)) == {""}


def test_submission_form_keeps_what_was_typed(client, coordinator, consultation, ngo):
    client.force_login(coordinator)
    url = reverse("consultations:submission_create", args=[consultation.pk])
    form = client.get(url)
    assert form.status_code == 200
    data = {"draft": consultation.drafts.first().pk, "organisation": ngo.pk,
            "received_on": "2020-10-15", "channel": "email"}
    with database_fails("consultations_submission"):
        response = client.post(url, data)
    assert response.status_code == 200
    assert BUSY in response.text
    assert 'value="2020-10-15"' in response.text
    assert not Submission.objects.exists()
