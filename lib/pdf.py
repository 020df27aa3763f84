"""HTML to PDF with WeasyPrint: the one place documents become PDF.

Templates link the vendored DejaVu fonts (``static/fonts``, every Polish glyph) through
``@font-face`` with URLs relative to the project's ``static/`` folder, so rendering needs neither
the network nor fonts installed on the machine. Yearly and consultation reports both go through
``html_to_pdf``.
"""

from pathlib import Path

from django.conf import settings
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

PDF_CONTENT_TYPE = "application/pdf"
STATIC_BASE_URL = (Path(settings.BASE_DIR) / "static").as_uri() + "/"


def html_to_pdf(html: str, *, tagged: bool = True) -> bytes:
    """Render an HTML document (with its print CSS inline or linked relative to ``static/``).

    ``tagged`` produces a tagged PDF (PDF/UA structure) for screen readers.
    """
    font_config = FontConfiguration()
    document = HTML(string=html, base_url=STATIC_BASE_URL)
    options = {"pdf_tags": True} if tagged else {}
    return document.write_pdf(font_config=font_config, **options)
