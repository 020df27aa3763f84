"""Deployment checks of our own (``manage.py check --deploy``): the mail and the proxy set-up a
production server needs, each refused with the environment variable to set."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.mail import DEFAULT_MAILER_ALIAS, InvalidMailer, mailers

PLACEHOLDER_SENDER_DOMAINS = ("@localhost", "@example.com")


@register(Tags.mail, deploy=True)
def check_production_mail(app_configs, **kwargs):
    """With the SMTP back end the server, its port, the account and the sender must be set:
    otherwise every reminder fails at the moment it is sent (HTTP 500 on the review page)."""
    config = getattr(settings, "MAILERS", {}).get(DEFAULT_MAILER_ALIAS, {})
    if config.get("BACKEND") != settings.SMTP_EMAIL_BACKEND:
        return []  # development back ends are Django's mail.E001
    errors = []
    options = config.get("OPTIONS", {})
    if not options.get("host"):
        errors.append(Error(
            "The SMTP mail back end has no server.",
            hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_USE_TLS or EMAIL_USE_SSL).",
            id="accounts.E001",
        ))
    if bool(options.get("username")) != bool(options.get("password")):
        errors.append(Error(
            "The SMTP account is incomplete: a user without a password or a password without "
            "a user.",
            hint="Set both EMAIL_HOST_USER and EMAIL_HOST_PASSWORD, or neither.",
            id="accounts.E002",
        ))
    if options.get("host"):
        try:
            mailers[DEFAULT_MAILER_ALIAS]  # builds the back end; nothing is connected
        except InvalidMailer as error:
            errors.append(Error(str(error), hint="Check the EMAIL_* variables.",
                                id="accounts.E003"))
    sender = settings.DEFAULT_FROM_EMAIL or ""
    if "@" not in sender or sender.lower().endswith(PLACEHOLDER_SENDER_DOMAINS):
        errors.append(Error(
            f"DEFAULT_FROM_EMAIL ({sender!r}) is not a real sender address.",
            hint="Set DEFAULT_FROM_EMAIL to the address the e-mails are sent from.",
            id="accounts.E004",
        ))
    return errors


@register(Tags.security, deploy=True)
def check_trusted_proxies(app_configs, **kwargs):
    """Behind the TLS proxy every request comes from the proxy's address: without
    ``TRUSTED_PROXIES`` the lockout would count everybody's failures together (anyone could
    lock anyone out) and the audit log would record the proxy."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not settings.TRUSTED_PROXIES:
        return [Error(
            "BEHIND_TLS_PROXY is on but TRUSTED_PROXIES is 0: the lockout and the audit log "
            "would see the proxy's address for every client.",
            hint="Set TRUSTED_PROXIES to the number of proxies in front (nginx alone: 1).",
            id="accounts.E005",
        )]
    return []
