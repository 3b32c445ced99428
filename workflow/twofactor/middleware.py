"""The gate: a logged-in staff member who has not confirmed a second factor in this session
reaches only the second-factor pages (enrolment at first login, a code afterwards)."""

from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.urls import reverse

from workflow.twofactor.rules import OPEN_PATH_PREFIXES, second_factor_pending

# The staff API answers for itself (workflow.twofactor.api): JSON, not a redirect. The
# public API authenticates nobody, so a session there changes nothing.
API_PREFIX = "/api/"


class SecondFactorMiddleware:
    """Install after django_otp.middleware.OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(OPEN_PATH_PREFIXES) or path.startswith(API_PREFIX):
            return self.get_response(request)
        if second_factor_pending(request.user):
            target = reverse("second-factor")
            return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
