"""Content-Security-Policy on every response that does not set its own.

Scripts come from our own static files only: no inline script, no eval, no other origin.
Styles allow inline `style` attributes (templates and the workbench's components use them;
an injected style cannot run code). Paths in CSP_EXCEPTIONS widen single directives for
third-party pages that cannot do without (listed in the README).
"""

from django.conf import settings
from django.utils.deprecation import MiddlewareMixin


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
