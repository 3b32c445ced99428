"""The baseline for bench/intake.py: a bare Django view that inserts one row.

Mounted at /bench/insert/ only when settings.BENCH_ENDPOINTS is on. It parses a JSON body
and inserts one already-expired row into django_session (a table every deployment has,
so the bench needs no model or migration of its own; `clearsessions` removes the rows).
"""

import json
import secrets

from django.contrib.sessions.models import Session
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


@csrf_exempt
@require_POST
def bench_insert(request: HttpRequest) -> JsonResponse:
    """Insert one row holding the request body; the cheapest write a Django view can do."""
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"error": "not JSON"}, status=400)
    Session.objects.create(
        session_key=secrets.token_hex(20),
        session_data=json.dumps(payload)[:4000],
        expire_date=timezone.now(),
    )
    return JsonResponse({"stored": True}, status=201)
