"""Ids written into templates stay plain digits: with ``USE_THOUSAND_SEPARATOR`` Django writes an
integer 1244 as "1 244", which breaks every ``id``, ``for``, ``href="#…"`` and form value built
from it once ids pass 999 (as they soon do on PostgreSQL). A primary key or a foreign-key id is
written with ``|stringformat:"d"``; form fields' ``auto_id`` and other string ids are left
alone."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# ``form.id`` is a formset's hidden id field (it renders an input), not a number.
BARE_ID = re.compile(r"\{\{ *[a-z_.]*(?<!auto)(?<!err)(?<!object)(?<!form)(?:\.pk|_id|\.id) *\}\}")


def test_ids_in_templates_are_written_without_a_thousands_separator():
    found = [
        f"{path.relative_to(TEMPLATES)}:{number}: {match.group(0)}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for match in BARE_ID.finditer(line)
    ]
    assert not found, 'Write these with |stringformat:"d":\n' + "\n".join(found)
