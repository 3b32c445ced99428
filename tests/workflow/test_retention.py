"""Retention: expired closed cases lose identity, evidence files and free text; anonymous
figures stay; legal holds are kept; --dry-run changes nothing."""

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from intake.models import Attachment, Report, ReportMessage
from notifications.models import Message
from tests import factories
from workflow.models import Case, HistoryEntry, RetentionPolicy
from workflow.services.retention import retention_days, retention_purge

pytestmark = pytest.mark.django_db

NAME, PHONE, ID_NUMBER = "张三", "13800138000", "11010519491231002X"
DESCRIPTION = "老板拖欠我们三个月工资,一直不给。"


def png_upload() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "PNG")
    return SimpleUploadedFile("工资条.png", buffer.getvalue(), content_type="image/png")


def close(case: Case, *, days_ago: int, resolution=Case.Resolution.REJECTED) -> Case:
    Case.objects.filter(pk=case.pk).update(
        state=Case.State.CLOSED,
        stage=Case.Stage.CLOSED,
        resolution=resolution,
        closed_at=timezone.now() - datetime.timedelta(days=days_ago),
        findings="调查发现张三所说属实。",
    )
    case.refresh_from_db()
    return case


@pytest.fixture
def expired(file_report):
    case = file_report(
        anonymous=False,
        reporter_name=NAME,
        reporter_phone=PHONE,
        reporter_id_number=ID_NUMBER,
        attachments=[png_upload()],
    )
    return close(case, days_ago=400)  # draft default for rejected cases: 365 days


@pytest.fixture
def purge(django_capture_on_commit_callbacks):
    """Run the purge and what it does after commit (deleting files, telling other apps)."""

    def _purge(command: list[str] | None = None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            if command is not None:
                return call_command("retention_purge", *command)
            return retention_purge(**kwargs)

    return _purge


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_purge_deletes_identity_evidence_and_free_text_and_keeps_the_figures(expired, purge):
    attachment = Attachment.objects.get(report=expired.report)
    paths = [Path(attachment.file.path)] + ([Path(attachment.thumbnail.path)] if attachment.thumbnail else [])
    assert all(path.exists() for path in paths)
    message_ids = list(Message.objects.filter(report=expired.report).values_list("pk", flat=True))

    summary = purge()

    assert summary.cases == [expired.reference]
    report = Report.objects.get(pk=expired.report_id)
    for name in (
        "reporter_name",
        "reporter_phone",
        "reporter_id_number",
        "reporter_id_hash",
        "reporter_phone_hash",
    ):
        assert getattr(report, name) == "", name
    assert report.description == "" and report.answers == {} and report.subject_name == ""
    assert not Attachment.objects.filter(report=expired.report).exists()
    assert not any(path.exists() for path in paths)
    assert stored_files() == []
    case = Case.objects.get(pk=expired.pk)
    assert case.findings == "" and case.purged_at is not None
    assert not ReportMessage.objects.filter(report=report).exclude(text="").exists()
    assert not HistoryEntry.objects.filter(case=case).exclude(note="").exists()
    assert not Message.objects.filter(pk__in=message_ids).exclude(text="", address_encrypted="").exists()
    # The anonymous figures stay.
    assert (case.area_id, case.resolution, case.state, case.created_at) == (
        expired.area_id,
        Case.Resolution.REJECTED,
        Case.State.CLOSED,
        expired.created_at,
    )
    assert report.area_id == expired.report.area_id and report.source == expired.report.source


def test_nothing_personal_is_left_in_the_database(expired, purge):
    from django.db import connection

    purge()
    with connection.cursor() as cursor:
        for model in (Report, Case, ReportMessage, HistoryEntry):
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")  # table names come from the models
            dump = repr(cursor.fetchall())
            for secret in (NAME, PHONE, ID_NUMBER, DESCRIPTION):
                assert secret not in dump, (model.__name__, secret)


def test_a_case_on_legal_hold_is_kept(expired, client, django_user_model, purge):
    admin = factories.admin()
    client.force_login(admin)
    response = client.post(
        "/admin/workflow/case/", {"action": "legal_hold_place", "_selected_action": [expired.pk]}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=expired.pk).legal_hold

    summary = purge()

    assert summary.cases == [] and summary.held == 1
    report = Report.objects.get(pk=expired.report_id)
    assert report.reporter_name == NAME and report.description == DESCRIPTION
    assert Attachment.objects.filter(report=report).exists() and stored_files()


def test_cases_within_their_period_and_open_cases_are_kept(file_report, purge):
    recent = close(file_report(), days_ago=100)
    open_case = file_report()
    assert purge().cases == []
    assert Report.objects.get(pk=recent.report_id).description == DESCRIPTION
    assert Report.objects.get(pk=open_case.report_id).description == DESCRIPTION


def test_dry_run_lists_and_changes_nothing(expired, capsys, purge):
    purge(["--dry-run"])
    out = capsys.readouterr().out
    assert f"would purge {expired.reference}" in out and "1 cases would purge" in out
    assert Report.objects.get(pk=expired.report_id).reporter_name == NAME
    assert stored_files()

    purge([])
    out = capsys.readouterr().out
    assert f"purged {expired.reference}" in out
    assert Report.objects.get(pk=expired.report_id).reporter_name == ""
    purge([])
    assert "0 cases purged" in capsys.readouterr().out  # a second run is harmless


def test_the_periodic_task_purges(expired, django_capture_on_commit_callbacks):
    from workflow.tasks import retention_purge as task

    with django_capture_on_commit_callbacks(execute=True):
        assert task.delay().get()["purged"] == 1
    assert Case.objects.get(pk=expired.pk).purged_at is not None


def test_the_most_specific_policy_decides(file_report):
    policies = list(RetentionPolicy.objects.all())
    case = Case(resolution=Case.Resolution.HANDLED)
    assert retention_days(case=case, outcome_kinds={"penalty"}, policies=policies) == 3650
    assert retention_days(case=case, outcome_kinds=set(), policies=policies) == 5 * 365
    assert retention_days(case=case, outcome_kinds={"unfounded", "blacklist"}, policies=policies) == 3650
    assert (
        retention_days(case=Case(resolution=Case.Resolution.REJECTED), outcome_kinds=set(), policies=policies)
        == 365
    )


def test_policies_are_data_edited_in_the_admin_and_marked_draft(client, django_user_model):
    assert RetentionPolicy.objects.exists() and not RetentionPolicy.objects.filter(draft=False).exists()
    admin = factories.admin()
    client.force_login(admin)
    page = client.get("/admin/workflow/retentionpolicy/")
    assert page.status_code == 200
