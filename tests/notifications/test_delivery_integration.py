"""Against real Redis, PostgreSQL and Celery workers started as separate processes.

Run in CI (REDIS_URL and DATABASE_URL set).
"""

import base64
import json
import os
import uuid

import pytest
import redis
from asgiref.sync import async_to_sync
from django.db import connection

from intake.models import Report
from notifications.models import Message
from project.celery import app as celery_app
from tests.notifications.processes import RedisServer, Worker, database_url, manage, wait_for
from tests.notifications.test_live_consumers import communicator

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = "13512345678"
PRIVATE_REDIS_PORT = int(os.environ.get("NOTIFY_TEST_REDIS_PORT", "6391"))


@pytest.fixture
def real_broker(settings, tmp_path):
    """Tasks go through the broker to a queue of this test's own; undone afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("a worker process shares the test database only on PostgreSQL")
    queue = f"notify-test-{uuid.uuid4().hex[:10]}"
    before = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    outbox = tmp_path / "sent"
    settings.NOTIFICATIONS_FILE_OUTBOX = outbox
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "VAR_DIR": str(tmp_path / "var"),
        "NOTIFICATIONS_FILE_OUTBOX": str(outbox),
        "CELERY_QUEUE": queue,
        "PYTHONUNBUFFERED": "1",
    }
    yield {"queue": queue, "env": env, "tmp": tmp_path}
    celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = before
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.delete(queue, f"_kombu.binding.{queue}")


@pytest.fixture
def workers(real_broker):
    started: list[Worker] = []

    def start(**overrides) -> Worker:
        env = {**real_broker["env"], **{k: str(v) for k, v in overrides.pop("env", {}).items()}}
        log = real_broker["tmp"] / f"worker-{len(started)}.log"
        worker = Worker(env, log, queue=real_broker["queue"], **overrides)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def sent_sms(outbox_dir) -> dict[int, str]:
    folder = outbox_dir / "sms"
    return {int(p.stem): p.read_text() for p in folder.glob("*.txt")} if folder.exists() else {}


def test_report_filed_through_the_api_is_acknowledged_through_a_real_worker(
    real_broker, workers, client, settings
):
    worker = workers()
    response = client.post(
        "/api/v1/reports/",
        json.dumps({"description": "工地老板拖欠我们三个月工资,一直不给。", "reporter_phone": PHONE}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 201, response.content
    report = Report.objects.get(reference=response.json()["reference"])

    message = wait_for(
        lambda: Message.objects.filter(report=report, status="sent").first(), what="the acknowledgement"
    )
    assert message.channel == "sms" and message.attempts == 1
    sent = sent_sms(settings.NOTIFICATIONS_FILE_OUTBOX)
    assert list(sent) == [message.pk]
    assert PHONE in sent[message.pk] and report.reference in sent[message.pk]
    assert "message sent" in worker.text() and PHONE not in worker.text()


def test_broker_payload_carries_the_message_id_and_nothing_personal(real_broker, submit, settings):
    report = submit(
        source=Report.Source.HOTLINE,
        anonymous=False,
        reporter_name="李四",
        reporter_phone=PHONE,
        reporter_id_number="11010519491231002X",
        reporter_email="li.si@example.cn",
    ).report
    message = Message.objects.get()
    broker = redis.Redis.from_url(settings.REDIS_URL)

    def queued() -> dict[str, list]:
        tasks: dict[str, list] = {}
        for item in broker.lrange(real_broker["queue"], 0, -1):
            envelope = json.loads(item)
            body = base64.b64decode(envelope["body"]).decode()
            tasks.setdefault(envelope["headers"]["task"], []).append(json.loads(body)[0])
            for text in (item.decode(), body):
                for secret in ("李四", PHONE, "li.si@example.cn", "11010519491231002X"):
                    assert secret not in text
        return tasks

    # The request hands one task over, by the report's id.
    assert queued() == {"intake.tasks.report_received_send": [[report.pk]]}
    # The worker's run of it hands the acknowledgement over by the message's id.
    from notifications.services import report_messages_hand_over

    assert report_messages_hand_over(report_id=report.pk) == 1
    assert queued()["notifications.tasks.messages_send"] == [[[message.pk]]]


def test_worker_killed_mid_delivery_delivers_once_after_restart(real_broker, workers, submit, settings):
    gate = real_broker["tmp"] / "gate"
    gate.touch()
    slow = {
        "NOTIFY_SMS_SENDER": "tests.notifications.fakes.GatedFileSender",
        "NOTIFY_TEST_GATE": gate,
        "NOTIFICATIONS_SENDING_LEASE": 2,
        "NOTIFICATIONS_RELAY_STALE": 1,
        "NOTIFICATIONS_RELAY_SETTLE": 0,
        "NOTIFICATIONS_RELAY_INTERVAL": 1,
        "CELERY_VISIBILITY_TIMEOUT": 5,
    }
    first = workers(env=slow)
    report = submit(source=Report.Source.HOTLINE, reporter_phone=PHONE).report
    message = Message.objects.get(report=report)
    wait_for(lambda: list(gate.parent.glob(f"started-{message.pk}-*")), what="the sender to start")

    first.kill()
    message.refresh_from_db()
    assert message.status == "sending"
    assert sent_sms(settings.NOTIFICATIONS_FILE_OUTBOX) == {}

    gate.unlink()
    workers(env=slow, beat=True)
    wait_for(
        lambda: Message.objects.filter(pk=message.pk, status="sent").exists(),
        timeout=60,
        what="delivery after the restart",
    )
    message.refresh_from_db()
    assert message.attempts == 2
    assert list(sent_sms(settings.NOTIFICATIONS_FILE_OUTBOX)) == [message.pk]
    # Whatever else reaches a worker for this message later (the relay's copy, or the
    # killed delivery restored by Redis after its visibility timeout) finds it sent.
    from notifications.services import message_deliver

    assert message_deliver(message_id=message.pk) is False


def test_report_accepted_while_redis_is_down_goes_out_when_it_is_back(real_broker, workers, settings):
    private = RedisServer(PRIVATE_REDIS_PORT, real_broker["tmp"] / "redis")
    private.start()
    private.stop()
    env = {**real_broker["env"], "REDIS_URL": private.url}
    try:
        filed = manage(
            env,
            (
                "from intake.services import ReportDraft, ReporterDraft, report_submit\n"
                "s = report_submit(ReportDraft(source='hotline', description='工地老板拖欠工资三个月不给。',"
                " reporter=ReporterDraft(phone='13512345678')))\n"
                "print('REPORT', s.report.pk)\n"
            ),
        )
        assert filed.returncode == 0, filed.stderr[-3000:]
        report_id = int(filed.stdout.split("REPORT")[1].split()[0])
        message = Message.objects.get(report_id=report_id)
        assert (message.status, message.queued_at) == ("pending", None)
        assert PHONE not in filed.stderr

        private.start()
        workers(
            env={
                "REDIS_URL": private.url,
                "NOTIFICATIONS_RELAY_INTERVAL": 1,
                "NOTIFICATIONS_RELAY_SETTLE": 0,
            },
            beat=True,
        )
        wait_for(
            lambda: Message.objects.filter(pk=message.pk, status="sent").exists(),
            timeout=60,
            what="the relay to send the message",
        )
        assert list(sent_sms(settings.NOTIFICATIONS_FILE_OUTBOX)) == [message.pk]
    finally:
        private.stop()


def test_websocket_client_hears_a_task_assigned_in_another_process(
    real_broker, submit, make_case, hrss_officer
):
    case = make_case(submit(source=Report.Source.WEB).report)
    ws = communicator("/ws/inbox/", hrss_officer)
    code = (
        "from workflow.signals import task_changed\n"
        f"task_changed.send(sender=None, task_id=901, case_id={case.pk}, bureau_id={case.bureau_id}, "
        f"user_id={hrss_officer.pk}, event='assigned')\n"
    )

    async def run():
        from asgiref.sync import sync_to_async

        connected, _ = await ws.connect()
        assert connected
        done = await sync_to_async(manage)(real_broker["env"], code)
        assert done.returncode == 0, done.stderr[-3000:]
        events = [await ws.receive_json_from(timeout=10) for _ in range(2)]
        await ws.disconnect()
        return events

    events = async_to_sync(run)()
    assert {"event": "task.assigned", "task_id": 901, "case_id": case.pk} in events
    assert any(e["event"] == "notice" for e in events)
