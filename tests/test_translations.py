"""Every string the code marks for translation has a Polish translation in some catalogue.

The sources are copied to a temporary folder without their catalogues, ``makemessages``
extracts every msgid there, and each must be translated (not fuzzy) in one of the project's
catalogues (``locale/`` or an app's ``locale/``). Needs GNU gettext's ``xgettext``, which
``makemessages`` runs; skipped with a message where it is missing.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

BASE = Path(settings.BASE_DIR)
SKIP = {".venv", ".git", "artifacts", "staticfiles", "locale", "node_modules", "__pycache__"}


def _msgid(message) -> tuple[str | None, str]:
    """The message's context and id: a translation given in one context ("spreadsheet") is not
    one for the same words without it, as gettext looks them up."""
    return message.context, message.id if isinstance(message.id, str) else message.id[0]


def _translated() -> set[str]:
    found = set()
    for path in BASE.glob("**/locale/pl/LC_MESSAGES/*.po"):
        if ".venv" in path.parts:
            continue
        with path.open("rb") as handle:
            found |= {_msgid(m) for m in read_po(handle) if m.id and m.string and not m.fuzzy}
    return found


@pytest.mark.database_independent
@pytest.mark.skipif(shutil.which("xgettext") is None,
                    reason="GNU gettext is missing: apt-get install gettext")
def test_every_marked_string_has_a_polish_translation(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(BASE, copy, ignore=lambda folder, names: [
        n for n in names if n in SKIP or n.endswith((".sqlite3", ".mo", ".pdf", ".xlsx"))])
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "pl", "--no-location",
         "--ignore", "tests/*", "--verbosity", "0"],
        cwd=copy, check=True, capture_output=True, timeout=300,
    )
    with (copy / "locale/pl/LC_MESSAGES/django.po").open("rb") as handle:
        extracted = {_msgid(m) for m in read_po(handle) if m.id}
    missing = sorted(extracted - _translated(), key=lambda key: (key[1], key[0] or ""))
    assert not missing, "Untranslated strings:\n" + "\n".join(
        f"{msgid} (context {context})" if context else msgid for context, msgid in missing)
