"""WebSocket consumers: who may listen, and what they hear (event types and ids only)."""

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client
from django.urls import reverse

from intake.models import Report
from project.asgi import application
from workflow.models import Case, Officer
from workflow.signals import CaseEvent, TaskEvent, case_changed, task_changed

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def cookie_for(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}".encode()


def communicator(
    path: str, user=None, origin: bytes = b"http://127.0.0.1:8000", host: bytes = b"127.0.0.1:8000"
) -> WebsocketCommunicator:
    headers = [(b"origin", origin), (b"host", host)]
    if user is not None:
        headers.append((b"cookie", cookie_for(user)))
    return WebsocketCommunicator(application, path, headers=headers)


def connects(path, user=None, **kwargs) -> bool:
    ws = communicator(path, user, **kwargs)

    async def attempt():
        connected, _ = await ws.connect()
        await ws.disconnect()
        return connected

    return async_to_sync(attempt)()


def listen(path, user, action, count=1):
    """Connect, run `action` (sync, in a thread, like a request would), collect events."""
    from asgiref.sync import sync_to_async

    ws = communicator(path, user)

    async def run():
        connected, _ = await ws.connect()
        assert connected
        await sync_to_async(action)()
        events = [await ws.receive_json_from(timeout=3) for _ in range(count)]
        assert await ws.receive_nothing(timeout=0.2)
        await ws.disconnect()
        return events

    return async_to_sync(run)()


@pytest.fixture
def case(submit, make_case):
    return make_case(submit(source=Report.Source.WEB).report, bureau_code="hrss")


def test_case_socket_refuses_an_officer_of_another_bureau(case, psb_officer):
    assert connects(f"/ws/cases/{case.reference}/", psb_officer) is False


def test_case_socket_refuses_anonymous_visitors_and_unknown_cases(case, hrss_officer):
    assert connects(f"/ws/cases/{case.reference}/") is False
    assert connects("/ws/cases/DZ-2000-999999/", hrss_officer) is False


def test_sockets_refuse_a_foreign_origin(case, hrss_officer):
    assert connects(f"/ws/cases/{case.reference}/", hrss_officer, origin=b"http://evil.example") is False


@pytest.mark.parametrize(
    "origin",
    [
        b"http://127.0.0.1:6666",
        b"http://127.0.0.1",
        b"https://127.0.0.1",
        b"null",
        b"",
        b"http://localhost:8000",
    ],
)
def test_sockets_refuse_another_port_of_the_same_host(case, hrss_officer, origin):
    assert connects(f"/ws/cases/{case.reference}/", hrss_officer, origin=origin) is False


def test_sockets_accept_the_site_itself_behind_a_proxy_on_the_default_port(case, hrss_officer):
    assert connects(
        f"/ws/cases/{case.reference}/", hrss_officer, origin=b"http://127.0.0.1", host=b"127.0.0.1"
    )
    assert connects(
        f"/ws/cases/{case.reference}/", hrss_officer, origin=b"https://localhost", host=b"localhost:443"
    )


def test_case_page_of_the_handling_bureau_hears_others_changes(case, hrss_officer, triage_user):
    def act():
        case_changed.send(sender=Case, case_id=case.pk, event=CaseEvent.SIGNED, actor_id=triage_user.pk)

    [event] = listen(f"/ws/cases/{case.reference}/", hrss_officer, act)
    assert event == {"event": "case.signed", "case_id": case.pk}


def test_inbox_hears_a_task_assigned_to_the_officer(case, hrss_officer):
    def act():
        task_changed.send(
            sender=Case,
            task_id=501,
            case_id=case.pk,
            bureau_id=case.bureau_id,
            user_id=hrss_officer.pk,
            event=TaskEvent.ASSIGNED,
        )

    events = listen("/ws/inbox/", hrss_officer, act, count=2)
    # The task event (once, though it went to both the officer's and the bureau's group)
    # and the in-app notice.
    kinds = sorted(e["event"] for e in events)
    assert kinds == ["notice", "task.assigned"]
    for event in events:
        assert set(event) <= {"event", "task_id", "case_id", "notice_id"}


def test_inbox_of_another_bureau_hears_nothing(case, psb_officer):
    def act():
        task_changed.send(
            sender=Case,
            task_id=502,
            case_id=case.pk,
            bureau_id=case.bureau_id,
            user_id=None,
            event=TaskEvent.CREATED,
        )

    ws = communicator("/ws/inbox/", psb_officer)

    async def run():
        assert (await ws.connect())[0]
        from asgiref.sync import sync_to_async

        await sync_to_async(act)()
        assert await ws.receive_nothing(timeout=0.3)
        await ws.disconnect()

    async_to_sync(run)()


def test_inbox_refuses_anonymous_visitors():
    assert connects("/ws/inbox/") is False


def test_supervision_socket_is_for_those_the_dashboard_shows_figures(
    case, supervisor, hrss_officer, psb_head
):
    assert connects("/ws/supervision/", hrss_officer) is False
    assert connects("/ws/supervision/", psb_head) is True  # a head sees their own bureau's

    def act():
        case_changed.send(sender=Case, case_id=case.pk, event=CaseEvent.DISPUTED, actor_id=None)

    events = listen("/ws/supervision/", supervisor, act, count=2)
    # the event, and the figures it changed once refreshed (the task runs in-process here)
    assert sorted(events, key=str) == [
        {"event": "case.disputed", "case_id": case.pk},
        {"event": "figures.changed"},
    ]


@pytest.mark.parametrize(
    "role", ["anonymous", "triage_user", "hrss_officer", "psb_head", "hrss_head", "supervisor"]
)
def test_dashboard_page_and_its_live_socket_agree_for_each_role(request, role, case, make_officer_in):
    """Who may open the dashboard may listen to its updates, and hears what it shows: a
    supervisor every bureau's cases, a head only their bureau's."""
    if role == "hrss_head":
        user = make_officer_in("hrss", Officer.Role.HEAD)
    else:
        user = None if role == "anonymous" else request.getfixturevalue(role)
    client = Client()
    if user is not None:
        client.force_login(user)
    page = client.get(reverse("supervision:dashboard"))
    may_see = page.status_code == 200
    assert page.status_code in (200, 302, 403)
    assert connects("/ws/supervision/", user) is may_see
    if not may_see:
        return

    def act():
        case_changed.send(sender=Case, case_id=case.pk, event=CaseEvent.DISPUTED, actor_id=None)

    scope = page.context["scope"]
    if scope.bureau_id in (None, case.bureau_id):  # the case is on this user's dashboard
        assert sorted(listen("/ws/supervision/", user, act, count=2), key=str) == [
            {"event": "case.disputed", "case_id": case.pk},
            {"event": "figures.changed"},
        ]
    else:
        assert listen("/ws/supervision/", user, act, count=0) == []


@pytest.mark.parametrize("role, hears", [("supervisor", True), ("hrss_head", True), ("psb_head", False)])
def test_dashboards_hear_when_the_worker_has_refreshed_the_figures(
    request, role, hears, case, make_officer_in
):
    """The case event reaches the dashboard before the worker refreshes the figures it
    changed; the refresh itself tells city-wide supervisors and the heads of the case's bureau."""
    from supervision.services.rollups import case_facts_refresh

    if role == "hrss_head":
        user = make_officer_in("hrss", Officer.Role.HEAD)
    else:
        user = request.getfixturevalue(role)
    Case.objects.filter(pk=case.pk).update(state=Case.State.CLOSED, stage=Case.Stage.CLOSED)

    def act():
        case_facts_refresh(case_ids=[case.pk])

    expected = [{"event": "figures.changed"}] if hears else []
    assert listen("/ws/supervision/", user, act, count=len(expected)) == expected


def test_an_event_reaches_every_socket_without_a_query_or_a_database_thread(case, hrss_officer, monkeypatch):
    """The database is read when a socket connects, never per event per socket: an event to
    many sockets of one process must not line them up behind channels' one database thread."""
    from asgiref.sync import SyncToAsync
    from channels.layers import get_channel_layer
    from django.db.backends.utils import CursorWrapper

    from notifications.live import case_group

    hops, queries = [], []
    call, execute = SyncToAsync.__call__, CursorWrapper.execute

    async def counted_call(self, *args, **kwargs):
        hops.append(getattr(self.func, "__qualname__", type(self.func).__name__))
        return await call(self, *args, **kwargs)

    def counted_execute(self, sql, params=None):
        queries.append(sql)
        return execute(self, sql, params)

    monkeypatch.setattr(SyncToAsync, "__call__", counted_call)
    monkeypatch.setattr(CursorWrapper, "execute", counted_execute)
    sockets = [communicator(f"/ws/cases/{case.reference}/", hrss_officer) for _ in range(3)]
    layer = get_channel_layer()

    async def run():
        for ws in sockets:
            assert (await ws.connect())[0]
        assert hops and queries  # connect checks who may listen: the counters see it
        hops.clear()
        queries.clear()
        for number in range(20):
            await layer.group_send(
                case_group(case.pk),
                {"type": "live.event", "event": "task.created", "eid": f"e{number}", "task_id": number},
            )
        heard = [[await ws.receive_json_from(timeout=3) for _ in range(20)] for ws in sockets]
        for ws in sockets:
            assert await ws.receive_nothing(timeout=0.1)
        during_events = (list(hops), list(queries))
        for ws in sockets:
            await ws.disconnect()
        return heard, during_events

    heard, (event_hops, event_queries) = async_to_sync(run)()
    assert heard == [[{"event": "task.created", "task_id": n} for n in range(20)]] * 3
    assert event_hops == []
    assert event_queries == []


def test_the_web_process_keeps_what_it_loaded_out_of_full_collections():
    """The collector's full passes walk only what the server made since it started, not all
    of Django's modules, in the middle of an event's fan-out to the sockets."""
    import subprocess
    import sys

    from django.conf import settings as django_settings

    frozen = subprocess.run(
        [sys.executable, "-c", "import gc, project.asgi; print(gc.get_freeze_count())"],
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[-1]
    assert int(frozen) > 10_000


def test_a_case_moved_to_another_bureau_refreshes_the_heads_of_both(case, psb_head, make_officer_in):
    from supervision.services.rollups import case_facts_refresh

    hrss_head = make_officer_in("hrss", Officer.Role.HEAD)
    case_facts_refresh(case_ids=[case.pk])  # the fact as it stands, with hrss
    Case.objects.filter(pk=case.pk).update(bureau=psb_head.officer.bureau)

    def act():
        case_facts_refresh(case_ids=[case.pk])

    assert listen("/ws/supervision/", hrss_head, act) == [{"event": "figures.changed"}]
    case_facts_refresh(case_ids=[case.pk])
    Case.objects.filter(pk=case.pk).update(bureau=hrss_head.officer.bureau)
    assert listen("/ws/supervision/", psb_head, act) == [{"event": "figures.changed"}]
