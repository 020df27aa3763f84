"""Production settings: ``check --deploy`` is clean, and templates stay within the CSP."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    # A <style> with the request's CSP nonce is allowed (the printable report's @page rules).
    (re.compile(r"<style\b(?![^>]*\bnonce=)", re.I), "<style> element without a nonce"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event-handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def _check_deploy(tmp_path, **overrides):
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; production never does.
    inherited = {k: v for k, v in os.environ.items()
                 if k != "DJANGO_ALLOW_ASYNC_UNSAFE" and not k.startswith("EMAIL_")}
    env = {
        **inherited,
        "DEBUG": "0",
        "SECRET_KEY": "x7#Kq9!vR2$mZp4@Lw8^Nt6&Yb3*Hc5(Jd1)Fg0-Se+Ua=Ai_Ox~Iu" * 2,
        "ALLOWED_HOSTS": "monitoring.mopr.bialystok.pl",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.pl",
        "EMAIL_PORT": "587",
        "EMAIL_USE_TLS": "1",
        "EMAIL_HOST_USER": "monitoring",
        "EMAIL_HOST_PASSWORD": "secret",
        "DEFAULT_FROM_EMAIL": "monitoring@example.pl",
        **overrides,
    }
    env = {name: value for name, value in env.items() if value is not None}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.database_independent
def test_check_deploy_passes_with_production_environment(tmp_path):
    result = _check_deploy(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.database_independent
def test_check_deploy_fails_when_the_smtp_server_is_not_configured(tmp_path):
    result = _check_deploy(tmp_path, EMAIL_HOST=None, DEFAULT_FROM_EMAIL=None)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "accounts.E001" in output and "EMAIL_HOST" in output
    assert "accounts.E004" in output


def _templates():
    return sorted(str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize(
    "name",
    _templates(),
)
def test_template_has_no_inline_script_or_style_the_csp_would_block(name):
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    found = [what for pattern, what in INLINE if pattern.search(text)]
    assert not found, f"{name}: {', '.join(found)}"
