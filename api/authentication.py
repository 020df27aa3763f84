"""``Authorization: Token <key>`` against the hashed tokens of ``api.models.ApiToken``."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from api.models import ApiToken


class HashedTokenAuthentication(TokenAuthentication):
    """DRF's token authentication (header, keyword, 401 with ``WWW-Authenticate: Token``), the
    key looked up by its digest."""

    def authenticate_credentials(self, key):
        token = ApiToken.find(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return token.user, token
