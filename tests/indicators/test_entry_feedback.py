"""Feedback on the entry form people can act on: a summary at the top linking to each field,
each message beside its own field with the field marked, one banner that does not contradict
itself, the "no data" reason tied to its box."""

import re

from django.contrib.messages import get_messages

from indicators.models import IndicatorValue

from .test_views import entry_url, row_data


def banners(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_bad_number_is_listed_at_the_top_with_a_link_to_its_field(client, setup, data_entry):
    client.force_login(data_entry)
    response = client.post(entry_url(setup), row_data(setup.count, "12,5,3"))
    page = response.text
    assert response.status_code == 200
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S).group(0)
    field_id = f"id_v{setup.count.pk}-value"
    assert f'href="#{field_id}"' in summary and setup.count.name in summary
    field = re.search(rf'<input[^>]*id="{field_id}"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in field
    assert f'aria-describedby="err-v{setup.count.pk}-value"' in field
    assert not IndicatorValue.objects.filter(indicator=setup.count, year=2021).exists()


def test_submit_problems_sit_beside_their_own_fields(client, setup, data_entry):
    client.force_login(data_entry)
    response = client.post(entry_url(setup), {
        **row_data(setup.count, "130"), **row_data(setup.amount, "500"), "submit": "1"})
    page = response.text
    amount, text = setup.amount.pk, setup.text.pk
    # The missing deviation assessment is beside the assessment, not under "no data".
    deviation_box = re.search(
        rf'<div class="field-error" id="err-v{amount}-deviation_assessment">(.*?)</div>',
        page, re.S)
    assert deviation_box and deviation_box.group(1).strip()
    assert re.search(rf'<textarea[^>]*id="id_v{amount}-deviation_assessment"[^>]*'
                     r'aria-invalid="true"', page)
    # The missing text value is beside the value field.
    value_box = re.search(rf'<div id="err-v{text}-value"[^>]*>(.*?)</div>', page, re.S)
    assert value_box and value_box.group(1).strip()
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S).group(0)
    assert f'href="#id_v{amount}-deviation_assessment"' in summary
    assert f'href="#id_v{text}-value"' in summary
    # One banner: what was saved, and that nothing was submitted — no "0 changes".
    [banner] = banners(response)
    assert "0 " not in banner.split(".")[0]
    assert IndicatorValue.objects.filter(year=2021, state="submitted").count() == 0


def test_saving_nothing_new_says_so_instead_of_zero_changes(client, setup, data_entry):
    client.force_login(data_entry)
    response = client.post(entry_url(setup), {"save": "1"}, follow=True)
    [banner] = banners(response)
    assert "0" not in banner


def test_submit_failure_without_changes_does_not_claim_a_save(client, setup, data_entry):
    client.force_login(data_entry)
    response = client.post(entry_url(setup), {"submit": "1"})
    [banner] = banners(response)
    assert not re.search(r"\b0\b", banner)
    assert 'class="error-summary"' in response.text


def test_the_no_data_reason_is_tied_to_its_box(client, setup, data_entry):
    client.force_login(data_entry)
    page = client.get(entry_url(setup)).text
    pk = setup.count.pk
    assert f'aria-controls="reason-{pk}"' in page
    assert f'<div class="no-data-reason" id="reason-{pk}">' in page
    assert 'class="error-summary"' not in page  # nothing to correct, no summary
