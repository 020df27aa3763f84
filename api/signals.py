"""A changed password revokes the user's API token: whoever had the old password may have made
it. Django marks a real change (``set_password`` with a new password: the password page, the
admin, ``changepassword``) by keeping the raw password on the user until it is saved; a hash
upgraded at login does not, so tokens survive Django's upgrades."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save

from api.models import ApiToken


def revoke_tokens_on_password_change(sender, instance, created, **kwargs):
    if not created and getattr(instance, "_password", None) is not None:
        ApiToken.objects.filter(user=instance).delete()


def connect():
    post_save.connect(revoke_tokens_on_password_change, sender=get_user_model(),
                      dispatch_uid="api-revoke-tokens-on-password-change")
