"""API tokens, stored hashed.

DRF's own ``authtoken`` keeps the key itself in the database (and lists it in the admin): anyone
who reads the table or a backup acts as every user. Here only a SHA-256 digest of the key is
kept, as django-rest-knox does; the key is shown once, when it is made. A key is 160 random bits,
so an unsalted fast digest is enough (nobody can guess keys from it); a slow password hash would
cost every API request its time. One token per user; changing the password revokes it
(``api.signals``).
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                                on_delete=models.CASCADE, related_name="api_token")
    digest = models.CharField(_("digest of the key"), max_length=64, unique=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return str(self.user)

    @classmethod
    def issue(cls, user) -> str:
        """A new token for the user (replacing any other); returns the key, which is not kept."""
        key = secrets.token_hex(20)
        with transaction.atomic():
            cls.objects.filter(user=user).delete()
            cls.objects.create(user=user, digest=digest_of(key))
        return key

    @classmethod
    def find(cls, key: str):
        return cls.objects.select_related("user").filter(digest=digest_of(key)).first()
