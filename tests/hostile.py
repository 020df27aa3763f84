"""Hostile inputs for the bad-input tests: every text field a user can fill gets each of these,
and each must be refused with a message or stored and shown inert (escaped) in pages, PDFs and
spreadsheets.

``HOSTILE_TEXTS`` are single-line strings a form should accept or refuse with a message (never a
500); ``MULTILINE_TEXTS`` are for text areas; ``is_inert_in_html`` checks a rendered page.
"""

HOSTILE_TEXTS = {
    "script": "<script>alert('xss')</script>",
    "img_onerror": '<img src=x onerror="alert(1)">',
    "html_markup": "<b>bold</b> <a href=\"javascript:alert(1)\">link</a>",
    "attribute_break": '" onmouseover="alert(1)" x="',
    "template_tags": "{{ request.user.password }} {% debug %}",
    "sql_quote": "'; DROP TABLE indicators_indicator; --",
    "sql_or": "' OR '1'='1",
    "formula_equals": "=HYPERLINK(\"http://evil.example\",\"klik\")",
    "formula_plus": "+48 85 000 00 00",
    "formula_minus": "-2+3+cmd|' /C calc'!A0",
    "formula_at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "rtl_override": "abc\u202edcba.exe",
    "rtl_marks": "\u200fשלום\u200e mixed",
    "zero_width": "zero\u200bwidth\ufeffjoiner",
    "emoji": "Rodzina 👨‍👩‍👧‍👦 i flaga 🇵🇱",
    "polish": "Zażółć gęślą jaźń — „cytat”",
    "control_chars": "bell\x07 escape\x1b[31m backspace\x08",
    "nul_byte": "before\x00after",
    "very_long": "A" * 100_000,
    "long_word": "Ż" * 5_000,
    "only_spaces": "   \t  ",
    "path_traversal": "../../etc/passwd",
    "unicode_normalisation": "e\u0301 vs \u00e9",
}

MULTILINE_TEXTS = {
    **HOSTILE_TEXTS,
    "many_lines": "\n".join(f"linia {n}" for n in range(5_000)),
    "crlf_injection": "line\r\nSet-Cookie: hacked=1",
}

# Substrings that must never appear unescaped in a page that shows hostile input.
DANGEROUS_MARKUP = ["<script>alert", "<img src=x", '" onmouseover="', "<b>bold</b>"]


def is_inert_in_html(html: str) -> bool:
    """True if none of the dangerous fragments appears unescaped in ``html``."""
    return not any(fragment in html for fragment in DANGEROUS_MARKUP)
