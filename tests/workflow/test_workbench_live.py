"""The workbench follows changes live: its pages mark the regions to refresh and the sockets
to listen to, and those sockets carry a nudge to whoever may take the new task (the bureau's
queue, the complaint centre's triage queue, the supervisors' steps)."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client
from django.urls import reverse

from project.asgi import application


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def cookie_for(user) -> bytes:
    client = client_for(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}".encode()


def heard(path: str, user, action) -> list[dict]:
    """Connect as `user`, run `action` (sync, in a thread, like a request), collect events."""
    ws = WebsocketCommunicator(
        application,
        path,
        headers=[
            (b"origin", b"http://127.0.0.1:8000"),
            (b"host", b"127.0.0.1:8000"),
            (b"cookie", cookie_for(user)),
        ],
    )

    async def run():
        connected, _ = await ws.connect()
        assert connected
        await sync_to_async(action)()
        events = []
        while not await ws.receive_nothing(timeout=0.5):
            events.append(await ws.receive_json_from(timeout=1))
        await ws.disconnect()
        return events

    return async_to_sync(run)()


@pytest.mark.django_db
def test_workbench_pages_mark_their_live_regions(file_report, drive, hrss_officer):
    case = file_report()
    drive.dispatch(case)
    client = client_for(hrss_officer)
    queue = client.get(reverse("case:queue")).content.decode()
    assert 'data-live-socket="/ws/inbox/"' in queue and "workflow/live.js" in queue
    assert 'id="wb-live-list" data-live-swap' in queue and 'id="wb-count-queue" data-live-swap' in queue
    page = client.get(reverse("case:case_detail", args=[case.reference])).content.decode()
    assert f'data-live-socket="/ws/cases/{case.reference}/"' in page
    for region in ("wb-live-actions", "wb-live-history", "wb-live-facts", "wb-live-chart"):
        assert f'id="{region}" data-live-swap' in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_triage_queue_hears_a_new_report(file_report, triage_user, hrss_officer):
    events = heard("/ws/inbox/", triage_user, file_report)
    assert "task.created" in {event["event"] for event in events}
    assert all(set(event) <= {"event", "task_id", "case_id"} for event in events)  # ids only
    assert heard("/ws/inbox/", hrss_officer, file_report) == []  # not the bureau's yet


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_supervisors_hear_an_extension_request(file_report, drive, act, hrss_officer, supervisor):
    from workflow import services

    case = file_report()
    drive.to_investigation(case)

    def ask_for_time():
        act(
            case,
            "investigate",
            hrss_officer,
            services.case_investigate,
            next_step="extend",
            working_days=5,
            reason="需要调取银行流水。",
        )

    events = heard("/ws/inbox/", supervisor, ask_for_time)
    assert any(event["event"] == "task.created" and event.get("case_id") == case.pk for event in events)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_case_page_hears_its_next_step(file_report, drive, hrss_officer):
    case = file_report()
    drive.dispatch(case)
    events = heard(f"/ws/cases/{case.reference}/", hrss_officer, lambda: drive.sign(case))
    assert {"case_id": case.pk}.items() <= events[0].items() or any(
        e.get("case_id") == case.pk for e in events
    )
    assert any(event["event"].startswith("task.") for event in events)
