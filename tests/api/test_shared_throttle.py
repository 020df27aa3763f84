"""The API's anonymous throttle counts in the cache every web worker shares (``CACHES['shared']``,
the database cache by default): two processes — two gunicorn workers — share one count."""

import os
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings

WORKER = textwrap.dedent("""
    import django
    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory
    from rest_framework.request import Request
    from api.throttling import AnonymousRateThrottle

    allowed = 0
    for _ in range(3):
        request = RequestFactory().get("/api/v1/programmes/", REMOTE_ADDR="127.0.0.1",
                                       HTTP_X_FORWARDED_FOR="203.0.113.77")
        request.user = AnonymousUser()
        allowed += AnonymousRateThrottle().allow_request(Request(request), view=None)
    print(allowed)
""")


def _run(env):
    result = subprocess.run([sys.executable, "-c", WORKER], cwd=settings.BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip().splitlines()[-1])


@pytest.mark.database_independent
def test_two_worker_processes_share_the_anonymous_throttle(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "API_ANONYMOUS_RATE": "5/minute",
        "TRUSTED_PROXIES": "1",
    }
    env.pop("SHARED_CACHE_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "accounts", "--no-input"],
                   cwd=settings.BASE_DIR, env=env, check=True, capture_output=True, timeout=300)
    first, second = _run(env), _run(env)
    assert first == 3
    assert second == 2  # the fifth request of the minute is the last one allowed
