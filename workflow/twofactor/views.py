"""Second-factor pages: enrol an authenticator (QR code and manual key, then recovery codes
shown once) and confirm a code at login. Unverified staff can reach nothing else."""

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from intake.errors import errors_apply
from workflow.twofactor import services
from workflow.twofactor.rules import second_factor_verified


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return "/workflow/"


def _with_next(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


def _verified_login(request, device) -> None:
    """Mark the session verified by `device`, under a new session key (no fixation)."""
    request.session.cycle_key()
    otp_login(request, device)


@method_decorator([never_cache, login_required], name="dispatch")
class VerifyView(generic.View):
    """Enter a code from the authenticator app or a recovery code."""

    template_name = "twofactor/verify.html"

    def get(self, request):
        if not services.second_factor_enrolled(user=request.user):
            return redirect(_with_next("second-factor-setup", request))
        return self._render(CodeForm())

    def post(self, request):
        form = CodeForm(request.POST)
        if form.is_valid():
            try:
                device = services.second_factor_check(user=request.user, code=form.cleaned_data["code"])
            except ValidationError as exc:
                errors_apply(form, exc)
            else:
                _verified_login(request, device)
                return redirect(_next_url(request))
        return self._render(form, status=400)

    def _render(self, form, status=200):
        context = {"form": form, "next": _next_url(self.request)}
        return render(self.request, self.template_name, context, status=status)


@method_decorator([never_cache, login_required], name="dispatch")
class SetupView(generic.View):
    """Set up an authenticator: at first login, or later to replace one (then only from a
    verified session, so a stolen password alone cannot enrol a new device)."""

    template_name = "twofactor/setup.html"

    def dispatch(self, request, *args, **kwargs):
        if services.second_factor_enrolled(user=request.user) and not second_factor_verified(request.user):
            return redirect(_with_next("second-factor", request))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self._render(CodeForm())

    def post(self, request):
        form = CodeForm(request.POST)
        if form.is_valid():
            try:
                device, codes = services.authenticator_enrol_confirm(
                    user=request.user, code=form.cleaned_data["code"]
                )
            except ValidationError as exc:
                errors_apply(form, exc)
            else:
                _verified_login(request, device)
                context = {"codes": codes, "next": _next_url(request)}
                return render(request, "twofactor/recovery_codes.html", context)
        return self._render(form, status=400)

    def _render(self, form, status=200):
        device = services.authenticator_enrol_start(user=self.request.user)
        context = {
            "form": form,
            "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4),
            "manual_key": " ".join(_groups(b32encode(device.bin_key).decode())),
            "next": _next_url(self.request),
        }
        return render(self.request, self.template_name, context, status=status)


def _groups(text: str, size: int = 4) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]
