from datetime import date

import pytest
from django.urls import reverse

from consultations.models import Consultation, Proposal, Submission
from consultations.rendering import render_and_store
from programs.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(consultation):
    consultation.status = Consultation.Status.REPORT_PUBLISHED
    consultation.save()
    return consultation


def _login(client, user):
    client.force_login(user)
    return client


# Public pages


def test_public_list_shows_open_consultations_first_to_anyone(
    client, consultation, django_assert_max_num_queries
):
    Consultation.objects.create(
        title="Otwarte konsultacje", start_date=date(2019, 1, 1), end_date=date(2019, 1, 14),
        status="open", submission_email="opinie@example.pl",
    )
    with django_assert_max_num_queries(4):
        response = client.get(reverse("consultations:public_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Otwarte konsultacje") < html.index("Konsultacje testowe")
    assert "opinie@example.pl" in html
    assert "Program Testowy Pomocy" in html


def test_public_list_links_only_published_reports(client, published):
    response = client.get(reverse("consultations:public_list"))
    assert reverse("consultations:report_pdf", args=[published.pk]) in response.content.decode()


def test_public_list_has_an_empty_state(client, db):
    Consultation.objects.all().delete()
    response = client.get(reverse("consultations:public_list"))
    assert "Nie ogłoszono jeszcze żadnych konsultacji" in response.content.decode()


def test_unpublished_report_is_404_for_anonymous_and_council(client, consultation, council_member):
    url = reverse("consultations:report_html", args=[consultation.pk])
    assert client.get(url).status_code == 404
    assert _login(client, council_member).get(url).status_code == 404


def test_published_report_is_public_in_html_and_pdf(client, published, settings):
    settings.REPORTS_RENDER_INLINE = True  # the PDF is rendered in the request here
    html = client.get(reverse("consultations:report_html", args=[published.pk]))
    pdf = client.get(reverse("consultations:report_pdf", args=[published.pk]))
    assert html.status_code == 200 and "Raport z konsultacji" in html.content.decode()
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Type"] == "application/pdf"


def test_pdf_is_rendered_in_the_background_then_kept(client, published, monkeypatch):
    """The first download asks for the render and says the PDF is being prepared; once it is
    ready, downloads are served from the kept file until the consultation changes."""
    url = reverse("consultations:report_pdf", args=[published.pk])
    requested = []
    monkeypatch.setattr("consultations.services.request_render",
                        lambda task, *args: requested.append(args))
    waiting = client.get(url)
    assert waiting.status_code == 202 and "jest przygotowywany" in waiting.content.decode()
    assert 'http-equiv="refresh"' in waiting.content.decode()
    assert requested == [(published.pk,)]
    assert client.get(url).status_code == 202 and len(requested) == 1  # already under way
    render_and_store(published)
    ready = client.get(url)
    assert ready.status_code == 200 and ready.content.startswith(b"%PDF")

    def no_render(self):
        raise AssertionError("rendered again")

    monkeypatch.setattr("consultations.report.ConsultationReportPDF.render", no_render)
    assert client.get(url).content == ready.content
    published.validity_conclusion = "Konsultacje są ważne (poprawione)."
    published.save()
    assert client.get(url).status_code == 202 and len(requested) == 2


def test_department_head_may_preview_an_unpublished_report(client, consultation, department_head):
    url = reverse("consultations:report_html", args=[consultation.pk])
    assert _login(client, department_head).get(url).status_code == 200


def test_report_of_missing_consultation_is_404(client, coordinator):
    assert _login(client, coordinator).get(
        reverse("consultations:report_html", args=[999999])).status_code == 404


# Staff pages: who may do what


def test_anonymous_is_sent_to_login_from_staff_pages(client, consultation):
    response = client.get(reverse("consultations:manage_detail", args=[consultation.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("role", ["data_entry", "council_member"])
def test_other_roles_are_refused_staff_pages(client, consultation, role, request):
    _login(client, request.getfixturevalue(role))
    for url in [
        reverse("consultations:manage_list"),
        reverse("consultations:manage_detail", args=[consultation.pk]),
        reverse("consultations:outcomes", args=[consultation.pk]),
    ]:
        assert client.get(url).status_code == 403


def test_department_head_reads_but_cannot_write(client, consultation, department_head, ngo,
                                                 record):
    submission = record(ngo)
    proposal = submission.proposals.get()
    _login(client, department_head)
    for url in [
        reverse("consultations:manage_list"),
        reverse("consultations:manage_detail", args=[consultation.pk]),
        reverse("consultations:outcomes", args=[consultation.pk]),
        reverse("consultations:proposal_detail", args=[proposal.pk]),
    ]:
        assert client.get(url).status_code == 200, url
    for url in [
        reverse("consultations:consultation_create"),
        reverse("consultations:consultation_edit", args=[consultation.pk]),
        reverse("consultations:submission_create", args=[consultation.pk]),
        reverse("consultations:submission_edit", args=[submission.pk]),
        reverse("consultations:proposal_create", args=[submission.pk]),
        reverse("consultations:proposal_edit", args=[proposal.pk]),
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("consultations:outcomes", args=[consultation.pk])).status_code \
        == 403
    assert client.post(reverse("consultations:publish_report", args=[consultation.pk])) \
        .status_code == 403


def test_staff_pages_404_on_a_bad_id(client, coordinator):
    _login(client, coordinator)
    for name in ["manage_detail", "consultation_edit", "outcomes", "submission_edit",
                 "proposal_detail", "proposal_edit", "proposal_create"]:
        assert client.get(reverse(f"consultations:{name}", args=[999999])).status_code == 404


def test_manage_list_query_count_does_not_grow_with_consultations(
    client, coordinator, consultation, ngo, record, draft_programme,
    django_assert_max_num_queries,
):
    record(ngo)
    for i in range(5):
        other = Consultation.objects.create(
            title=f"K{i}", start_date=date(2021, 1, 1), end_date=date(2021, 1, 14)
        )
        other.drafts.create(programme=draft_programme, resolution_subject="w sprawie X")
    _login(client, coordinator)
    # session, user, groups, consultations, drafts, programmes (+ the session's save)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("consultations:manage_list"))
    assert response.status_code == 200
    assert "K4" in response.content.decode()


# Coordinator's writes


def test_coordinator_creates_a_consultation_with_drafts(client, coordinator, draft_programme):
    _login(client, coordinator)
    response = client.post(reverse("consultations:consultation_create"), {
        "title": "Nowe konsultacje",
        "reference_numbers": "DSP-1.2024\nDSP-2.2024",
        "status": "planned",
        "start_date": "2024-03-01",
        "end_date": "2024-03-14",
        "announcement_channels": "www.bialystok.pl\nwww.mopr.bialystok.pl",
        "report_place": "Białystok",
        "drafts-TOTAL_FORMS": "1", "drafts-INITIAL_FORMS": "0",
        "drafts-0-programme": str(draft_programme.pk), "drafts-0-resolution_subject": "",
    })
    consultation = Consultation.objects.get(title="Nowe konsultacje")
    assert response.status_code == 302
    assert consultation.reference_numbers == ["DSP-1.2024", "DSP-2.2024"]
    assert consultation.announcement_channels == ["www.bialystok.pl", "www.mopr.bialystok.pl"]
    assert consultation.drafts.get().programme == draft_programme


def test_end_before_start_is_refused_with_a_message(client, coordinator):
    _login(client, coordinator)
    response = client.post(reverse("consultations:consultation_create"), {
        "title": "Złe daty", "status": "planned", "start_date": "2024-03-14",
        "end_date": "2024-03-01", "report_place": "Białystok",
        "drafts-TOTAL_FORMS": "0", "drafts-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    assert "Data zakończenia nie może być wcześniejsza" in response.content.decode()
    assert not Consultation.objects.filter(title="Złe daty").exists()


def test_draft_choice_lists_drafts_first(client, coordinator, draft_programme):
    _login(client, coordinator)
    html = client.get(reverse("consultations:consultation_create")).content.decode()
    assert html.index("Program Testowy Pomocy") < html.index("Strategia")


def test_submission_form_states_the_end_date_in_polish(client, coordinator, consultation):
    _login(client, coordinator)
    html = client.get(reverse("consultations:submission_create", args=[consultation.pk])
                      ).content.decode()
    end = consultation.end_date.strftime("%d.%m.%Y")
    assert f"Konsultacje zakończyły się {end}; opinia złożona później" in html


def test_coordinator_records_a_submission_from_a_new_organisation(client, coordinator,
                                                                  consultation):
    _login(client, coordinator)
    response = client.post(reverse("consultations:submission_create", args=[consultation.pk]), {
        "draft": str(consultation.drafts.first().pk),
        "new_organisation_name": "Fundacja Z Formularza",
        "received_on": "2020-10-22", "channel": "post",
    })
    submission = Submission.objects.get(organisation__name="Fundacja Z Formularza")
    assert response.status_code == 302
    assert submission.is_late


def test_unconsidering_an_on_time_submission_shows_the_error_and_saves_nothing(
    client, coordinator, consultation, ngo
):
    _login(client, coordinator)
    response = client.post(reverse("consultations:submission_create", args=[consultation.pk]), {
        "draft": str(consultation.drafts.first().pk), "organisation": str(ngo.pk),
        "received_on": "2020-10-10", "channel": "post", "not_considered": "on",
    })
    assert response.status_code == 200
    assert "po terminie" in response.content.decode()
    assert not Submission.objects.exists()


def test_coordinator_adds_a_proposal(client, coordinator, ngo, record):
    submission = record(ngo, proposal=False)
    _login(client, coordinator)
    response = client.post(reverse("consultations:proposal_create", args=[submission.pk]), {
        "section_reference": "2.1", "current_text": "A", "proposed_text": "B",
        "justification": "C", "outcome": "", "reasoning": "", "final_wording": "",
    })
    proposal = submission.proposals.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("consultations:proposal_detail", args=[proposal.pk])


def test_diff_view_marks_changes_and_escapes_text(client, coordinator, ngo, record):
    proposal = record(ngo).proposals.get()
    proposal.current_text = "Pomoc osobom\nbezrobotnym <b>teraz</b>"
    proposal.proposed_text = "Pomoc osobom bezrobotnym oraz innym <b>teraz</b>"
    proposal.save()
    html = _login(client, coordinator).get(
        reverse("consultations:proposal_detail", args=[proposal.pk])).content.decode()
    assert "<ins>oraz innym </ins>" in html
    assert "<del>" not in html.split('id="proposed-heading"')[0].split('id="current-heading"')[1]
    assert "&lt;b&gt;teraz&lt;/b&gt;" in html
    assert "<b>teraz</b>" not in html


def test_outcomes_table_saves_all_rows(client, coordinator, consultation, ngo,
                                       other_organisation, record):
    first = record(ngo).proposals.get()
    second = record(other_organisation).proposals.get()
    _login(client, coordinator)
    url = reverse("consultations:outcomes", args=[consultation.pk])
    data = {
        "form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "2",
        "form-0-id": str(first.pk), "form-0-outcome": "accepted",
        "form-0-reasoning": "", "form-0-final_wording": "Nowy zapis",
        "form-1-id": str(second.pk), "form-1-outcome": "rejected",
        "form-1-reasoning": "Nie pasuje", "form-1-final_wording": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.outcome, second.outcome) == ("accepted", "rejected")


def test_outcomes_table_saves_nothing_when_one_row_is_wrong(client, coordinator, consultation,
                                                           ngo, other_organisation, record):
    first = record(ngo).proposals.get()
    second = record(other_organisation).proposals.get()
    _login(client, coordinator)
    response = client.post(reverse("consultations:outcomes", args=[consultation.pk]), {
        "form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "2",
        "form-0-id": str(first.pk), "form-0-outcome": "accepted",
        "form-0-reasoning": "", "form-0-final_wording": "Nowy zapis",
        "form-1-id": str(second.pk), "form-1-outcome": "rejected",
        "form-1-reasoning": "", "form-1-final_wording": "",
    })
    assert response.status_code == 200
    assert "Nic nie zostało zapisane" in response.content.decode()
    assert set(Proposal.objects.values_list("outcome", flat=True)) == {""}


def test_publish_and_withdraw_report(client, coordinator, consultation):
    _login(client, coordinator)
    client.post(reverse("consultations:publish_report", args=[consultation.pk]))
    consultation.refresh_from_db()
    assert consultation.is_report_published
    client.post(reverse("consultations:withdraw_report", args=[consultation.pk]))
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.CLOSED


def test_outcomes_page_has_an_empty_state(client, coordinator, consultation):
    html = _login(client, coordinator).get(
        reverse("consultations:outcomes", args=[consultation.pk])).content.decode()
    assert "Brak propozycji" in html


def test_organisation_register_is_offered_in_the_submission_form(client, coordinator,
                                                                 consultation, ngo):
    html = _login(client, coordinator).get(
        reverse("consultations:submission_create", args=[consultation.pk])).content.decode()
    assert Organisation.objects.get(pk=ngo.pk).name in html


def test_diff_view_counts_changed_words_in_polish(client, coordinator, ngo, record):
    proposal = record(ngo).proposals.get()  # "Stary zapis" → "Nowy zapis"
    html = _login(client, coordinator).get(
        reverse("consultations:proposal_detail", args=[proposal.pk])).content.decode()
    assert "Usunięto jedno słowo, dodano jedno słowo." in html
