from django.contrib.auth.forms import AuthenticationForm

from lib.database import guarded_write


class LoginForm(AuthenticationForm):
    """Django's login form; a database failure while checking the password (django-axes records
    a failed attempt) is a message on the form, not an error page."""

    def clean(self):
        with guarded_write():
            return super().clean()
