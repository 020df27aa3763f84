"""The digest pages: a reader chooses weekly, monthly or no summary; the link in every digest
unsubscribes without logging in (a confirmation page, then a POST; mail programs' one-click
unsubscribe posts to the same address, RFC 8058)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from lib.database import guarded_write
from reports import digests
from reports.models import DigestSubscription


class DigestForm(forms.Form):
    frequency = forms.ChoiceField(
        label=gettext_lazy("Send me a summary"),
        choices=[("", gettext_lazy("never"))] + list(DigestSubscription.Frequency.choices),
        required=False,
        widget=forms.RadioSelect,
    )


@login_required
@require_http_methods(["GET", "POST"])
def digest_settings(request):
    user = request.user
    if not digests.may_subscribe(user):
        raise PermissionDenied
    subscription = DigestSubscription.objects.filter(user=user).first()
    form = DigestForm(request.POST or None, initial={
        "frequency": subscription.frequency if subscription else ""})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["frequency"] and not user.email:
            form.add_error("frequency", _("Your account has no e-mail address: ask the "
                                          "coordinator to add it, then subscribe."))
        else:
            try:
                with guarded_write():
                    subscription = digests.subscription_set(
                        user=user, frequency=form.cleaned_data["frequency"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved: you will get a summary %(when)s.") % {
                    "when": subscription.get_frequency_display()} if subscription
                    else _("Saved: you will get no summaries."))
                return redirect("reports:digest")
    preview = digests.digest_for(user, timezone.now() - digests.PERIOD[
        subscription.frequency if subscription else DigestSubscription.Frequency.MONTHLY],
        timezone.now())
    return render(request, "reports/digest_settings.html", {
        "form": form, "subscription": subscription, "digest": preview})


@csrf_exempt  # the signed token is the authority; one-click unsubscribe posts without a form
@require_http_methods(["GET", "POST"])
def digest_unsubscribe(request, token):
    user_id = digests.user_id_from_token(token)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        raise Http404
    subscribed = DigestSubscription.objects.filter(user=user).exists()
    error = None
    if request.method == "POST" and subscribed:
        try:
            with guarded_write():
                digests.subscription_set(user=user, frequency=None)
            subscribed = False
        except ValidationError as failure:
            error = failure.messages[0]
    return render(request, "reports/digest_unsubscribe.html", {
        "token": token, "subscribed": subscribed, "done": request.method == "POST" and not error,
        "error": error})
