import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from intake.models import Report
from workflow.models import Case, Officer


@pytest.mark.django_db
def test_demo_data_creates_role_users_and_reports():
    call_command("demo_data")
    users = get_user_model().objects
    for username, bureau, role in [
        ("triage", "complaint_centre", Officer.Role.TRIAGE),
        ("psb", "psb", Officer.Role.OFFICER),
        ("hrss", "hrss", Officer.Role.OFFICER),
        ("tax", "tax", Officer.Role.OFFICER),
        ("supervisor", "civilisation_office", Officer.Role.SUPERVISOR),
        ("operator", "complaint_centre", Officer.Role.OPERATOR),
    ]:
        user = users.get(username=username)
        assert user.check_password("demo12345")
        assert (user.officer.bureau.code, user.officer.role) == (bureau, role)
    assert users.get(username="admin").is_superuser
    assert Report.objects.count() >= 9
    assert (
        Case.objects.filter(state=Case.State.CLOSED).exists()
        and Case.objects.filter(state=Case.State.OPEN).exists()
    )


@pytest.mark.django_db
def test_demo_data_runs_twice_without_duplicating():
    call_command("demo_data")
    reports = Report.objects.count()
    call_command("demo_data")
    assert Report.objects.count() == reports
    assert get_user_model().objects.filter(username="psb").count() == 1


@pytest.mark.django_db
def test_demo_data_creates_the_open311_demo_key(client):
    call_command("demo_data")
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": "demo-open311-key",
            "service_code": "transport",
            "address_string": "那大镇中兴大街",
            "description": "一辆货车严重超载,每天经过这里。",
            "attribute[vehicle_plate]": "琼C12345",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()[0]["service_request_id"].startswith("DZ-")
