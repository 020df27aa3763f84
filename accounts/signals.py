"""Events of the accounts app that other apps record (the audit log), like Django's own
``user_logged_in``: accounts stands below them and cannot call them."""

from django.dispatch import Signal

# Sent by the password change page after the new password is saved; arguments: user, request.
password_changed = Signal()
