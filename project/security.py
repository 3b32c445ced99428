"""Request and response guards: Content-Security-Policy, and no NUL characters in parameters.

Content-Security-Policy goes on every response that does not set its own.

Scripts come from our own static files only: no inline script, no eval, no other origin.
Styles allow inline `style` attributes (templates and the workbench's components use them;
an injected style cannot run code). Paths in CSP_EXCEPTIONS widen single directives for
third-party pages that cannot do without (listed in the README).
"""

from django.conf import settings
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _

from intake.errors import UnreadableInput


def policy_for(request) -> str:
    directives = dict(settings.CSP_POLICY)
    # WebSockets of this host (the live inbox and dashboard): 'self' does not name ws: in
    # every browser.
    host = request.get_host()
    own = directives.get("connect-src", "'self'")
    directives["connect-src"] = f"{own} wss://{host} ws://{host}"
    for prefix, widened in settings.CSP_EXCEPTIONS.items():
        if request.path.startswith(prefix):
            directives.update(widened)
    return "; ".join(f"{name} {value}".strip() for name, value in directives.items())


class ContentSecurityPolicyMiddleware(MiddlewareMixin):
    def process_response(self, request, response):
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy_for(request)
        return response


FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def nul_character_field(request) -> str | None:
    """The first part of the request that carries a NUL character: the path, a query or form
    parameter (name or value; uploaded files may hold any bytes), or None.

    NUL is the one character no page shows, no XML document holds and no PostgreSQL text
    column stores or compares: a lookup with it fails in the database. Forms refuse it with
    a field error already; this catches every other place a parameter reaches a query.
    """
    if "\x00" in request.path:
        return "path"
    parameters = [request.GET]
    if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
        parameters.append(request.POST)
    for query in parameters:
        for name, values in query.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                return name.replace("\x00", "") or "non_field_errors"
    return None


class RefuseNulCharactersMiddleware:
    """400, in the caller's language and the endpoint's format, for a NUL in any parameter."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        field = nul_character_field(request)
        if field:
            raise UnreadableInput(
                _("The request holds a NUL character (U+0000), which no text here may contain."),
                field=field,
            )
        return self.get_response(request)
