"""Session authentication for the staff API that insists on the second factor. Tokens are
issued by an administrator to a system, not typed by a person, and stay as they are."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import AuthenticationFailed

from workflow.twofactor.rules import second_factor_pending


class VerifiedSessionAuthentication(SessionAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and second_factor_pending(request._request.user):
            raise AuthenticationFailed(
                _("Confirm your second factor first: log in to the workbench and enter your code.")
            )
        return result


class VerifiedSessionScheme(SessionScheme):
    """The schema describes it as the session cookie it is."""

    target_class = VerifiedSessionAuthentication
