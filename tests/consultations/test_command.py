import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_command_writes_pdf(consultation, tmp_path):
    output = tmp_path / "raport.pdf"
    call_command("render_consultation_report", consultation.pk, "--output", str(output))
    assert output.read_bytes().startswith(b"%PDF")


def test_command_writes_html_by_extension(consultation, ngo, record, tmp_path):
    record(ngo)
    output = tmp_path / "raport.html"
    call_command("render_consultation_report", str(consultation.pk), "--output", str(output))
    html = output.read_text(encoding="utf-8")
    assert "złożył jeden uprawniony podmiot" in html
    assert "Załącznik nr 1" in html


def test_command_fails_clearly_for_a_missing_consultation(db, tmp_path):
    with pytest.raises(CommandError, match="Nie ma konsultacji"):
        call_command("render_consultation_report", "999999", "--output", str(tmp_path / "x.pdf"))
