"""Cleaning text people typed (forms, the API, uploaded sheets) before it is checked or stored."""


def clean_text(text: str | None) -> str:
    """Windows line ends made plain and surrounding whitespace gone; ``None`` is empty."""
    return (text or "").replace("\r\n", "\n").strip()
