import io
from datetime import date

import pytest
from pypdf import PdfReader

from consultations.models import Consultation, Proposal
from consultations.report import ConsultationReportHTML, ConsultationReportPDF, report_context
from demo.consultations import load_consultations
from programs.models import Organisation

pytestmark = pytest.mark.django_db


def _points(consultation) -> list[str]:
    return [point.text for point in report_context(consultation)["points"]]


def _count_points(consultation) -> list[str]:
    return [text for text in _points(consultation) if "terminie" in text and "opini" in text]


def test_no_submissions_says_no_opinion_came_for_each_draft(consultation):
    points = _count_points(consultation)
    assert len(points) == 2
    assert all("nie wpłynęła żadna opinia" in text for text in points)
    assert report_context(consultation)["annex"] == []


def test_one_submission_is_counted_in_words(consultation, ngo, record):
    record(ngo)
    first, second = _count_points(consultation)
    assert "opinię na temat projektu uchwały w sprawie przyjęcia Programu Testowy Pomocy" in first
    assert "złożył jeden uprawniony podmiot, którego propozycje" in first
    assert "nie wpłynęła żadna opinia" in second


def test_several_submissions_are_counted_per_organisation(consultation, record):
    organisations = [Organisation.objects.create(name=f"Fundacja {i}") for i in range(5)]
    for organisation in organisations:
        record(organisation)
    record(organisations[0])  # a second opinion of the same body is not a sixth body
    record(organisations[0], draft=1)
    record(organisations[1], draft=1)
    first, second = _count_points(consultation)
    assert "złożyło pięć uprawnionych podmiotów, których propozycje" in first
    assert "opinie na temat projektu uchwały w sprawie przyjęcia Programu Testowy Rodziny" in second
    assert "złożyły dwa uprawnione podmioty" in second


def test_late_opinion_is_not_counted_as_in_time_and_is_reported(consultation, ngo, record):
    record(ngo, received_on=date(2020, 10, 30), not_considered=True)
    points = _points(consultation)
    assert any("nie wpłynęła żadna opinia na temat projektu uchwały w sprawie przyjęcia "
               "Programu Testowy Pomocy" in text for text in points)
    assert any(text.startswith("Po wskazanym wyżej terminie opinię")
               and text.endswith("opinia nie była rozpatrywana.") for text in points)
    assert report_context(consultation)["annex"] == []


def test_annex_groups_proposals_by_organisation(consultation, record):
    beta = Organisation.objects.create(name="Beta")
    alfa = Organisation.objects.create(name="Alfa")
    record(beta)
    record(alfa)
    record(beta)
    (section,) = report_context(consultation)["annex"]
    assert [(g.organisation.name, len(g.proposals)) for g in section.groups] == [
        ("Alfa", 1), ("Beta", 2)
    ]


def test_report_is_numbered_and_dated(consultation):
    context = report_context(consultation)
    assert context["heading_date"] == "10 listopada 2020 r."
    assert ("Konsultacje prowadzone były w terminie: 08 października 2020 r. - "
            "21 października 2020 r.") in _points(consultation)


def test_report_context_uses_a_fixed_number_of_queries(
    consultation, record, django_assert_max_num_queries
):
    for i in range(6):
        record(Organisation.objects.create(name=f"Org {i}"), draft=i % 2)
    consultation = Consultation.objects.get(pk=consultation.pk)
    with django_assert_max_num_queries(5):
        report_context(consultation)


def test_html_is_a_titled_polish_document_and_escapes_text(consultation, ngo, record):
    proposal = record(ngo).proposals.get()
    Proposal.objects.filter(pk=proposal.pk).update(proposed_text="<script>alert(1)</script>")
    _, content_type, content = ConsultationReportHTML(consultation).render()
    html = content.decode()
    assert content_type.startswith("text/html")
    assert '<html lang="pl">' in html
    assert "<title>Raport z konsultacji społecznych projektu uchwały" in html
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_pdf_has_portrait_report_and_landscape_annex(consultation, ngo, record):
    record(ngo)
    filename, content_type, content = ConsultationReportPDF(consultation).render()
    assert filename.endswith(".pdf") and content_type == "application/pdf"
    reader = PdfReader(io.BytesIO(content))
    first, last = reader.pages[0].mediabox, reader.pages[-1].mediabox
    assert first.width < first.height
    assert last.width > last.height
    assert reader.metadata.title.startswith("Raport z konsultacji społecznych")
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    text = "".join(page.extract_text() for page in reader.pages)
    assert "złożył jeden uprawniony podmiot" in " ".join(text.split())


def test_demo_consultation_reproduces_the_seed_report(seed_text):
    load_consultations()
    load_consultations()  # idempotent: still one consultation, one submission
    consultation = Consultation.objects.get(reference_numbers__icontains="DSP-II.8110.8.2020")
    assert consultation.submissions.count() == 1
    _, _, content = ConsultationReportHTML(consultation).render()
    report = " ".join(content.decode().split())
    seed = " ".join(seed_text("002").split())
    key_phrases = [
        "DSP-II.8110.8.2020",
        "DSP-II.8110.11.2020",
        "Białystok, 10 listopada 2020 r.",
        "Przedmiotem konsultacji społecznych był projekt uchwały w sprawie przyjęcia Programu "
        "Pomocy Społecznej Miasta Białegostoku na lata 2021-2024 oraz projekt uchwały w sprawie "
        "przyjęcia Programu Wspierania Rodziny i Rozwoju Pieczy Zastępczej dla Miasta "
        "Białegostoku na lata 2021-2023.",
        "Konsultacje prowadzone były w terminie: 08 października 2020 r. - 21 października "
        "2020 r.",
        "Za przeprowadzenie konsultacji odpowiadał Departament Spraw Społecznych Urzędu "
        "Miejskiego w Białymstoku.",
        "We wskazanym wyżej terminie opinię na temat projektu uchwały w sprawie przyjęcia "
        "Programu Pomocy Społecznej Miasta Białegostoku na lata 2021-2024 złożył jeden "
        "uprawniony podmiot, którego propozycje dotyczące projektu uchwały znajdują się w "
        "załączniku nr 1 do Raportu.",
        "We wskazanym wyżej terminie nie wpłynęła żadna opinia na temat projektu uchwały w "
        "sprawie przyjęcia Programu Wspierania Rodziny i Rozwoju Pieczy Zastępczej dla Miasta "
        "Białegostoku na lata 2021-2023.",
        "należy uznać je za ważne.",
        "Załącznik nr 1",
        "Stowarzyszenie „MY DLA INNYCH”",
        "Postanowiono częściowo uwzględnić propozycję Stowarzyszenia",
        "2.1. Pomoc osobom zagrożonym wykluczeniem społecznym",
        "w modelu Zatrudnienia Wspomaganego",
    ]
    for phrase in key_phrases:
        assert phrase in seed, phrase  # the phrase really is the seed's
        assert phrase in report, phrase
    proposal = Proposal.objects.get(submission__consultation=consultation)
    assert proposal.outcome == Proposal.Outcome.PARTIALLY_ACCEPTED
    assert proposal.submission.draft.programme.slug == "program-pomocy-spolecznej-2021-2024"
    drafts = [d.programme.slug for d in consultation.drafts.select_related("programme")]
    assert drafts == ["program-pomocy-spolecznej-2021-2024", "program-wspierania-rodziny-2021-2023"]
