"""Permission matrix: each role x a case of its own bureau or of another x every workbench
and API endpoint. What a role may not see answers 404 (or 403 for what it may see but not
do); nothing about another bureau's case leaks into pages, lists or the API."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from rest_framework.authtoken.models import Token

from intake.models import Bureau
from tests import factories
from workflow.flows import CaseFlow
from workflow.models import Officer

pytestmark = pytest.mark.django_db

# role -> (bureau code, Officer role); None: no Officer row.
ROLES = {
    "triage": ("complaint_centre", Officer.Role.TRIAGE),
    "officer": ("hrss", Officer.Role.OFFICER),
    "head": ("hrss", Officer.Role.HEAD),
    "tax_officer": ("tax", Officer.Role.OFFICER),
    "psb_head": ("psb", Officer.Role.HEAD),
    "supervisor": ("civilisation_office", Officer.Role.SUPERVISOR),
    "operator": ("complaint_centre", Officer.Role.OPERATOR),
    "admin": None,
    "no_role": None,
    "anonymous": None,
}
SEES_ALL = {"triage", "supervisor", "admin"}
HANDLES = {"officer": "own", "head": "own", "tax_officer": "other"}  # the case of their bureau


def png_upload():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 90, 200)).save(buffer, format="PNG")
    return SimpleUploadedFile("evidence.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def world(file_report, drive, officer, django_user_model):
    """A case dispatched to hrss (with evidence and a known reporter) and one to tax."""
    users = {}
    for role, spec in ROLES.items():
        if role == "anonymous":
            continue
        if spec is None:
            users[role] = factories.user(role, is_superuser=role == "admin", is_staff=role == "admin")
        else:
            users[role] = officer(f"m_{role}", *spec)
    hrss_case = file_report(
        attachments=[png_upload()],
        anonymous=False,
        reporter_name="李四",
        reporter_phone="13900139000",
        reporter_id_number="11010519491231002X",
    )
    drive.dispatch(hrss_case)
    tax_case = file_report(area_code="tax_fake_invoices", description="商店出售假发票,还主动推销给顾客。")
    drive.dispatch(tax_case)
    return users, {"own": hrss_case, "other": tax_case}


def client_of(users, role):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if role != "anonymous":
        client.force_login(users[role])
    return client


def visible(role, which):
    return role in SEES_ALL or HANDLES.get(role) == which


def may_take(role, which):
    return role == "admin" or HANDLES.get(role) == which


def page_status(role, which, *, allowed=None):
    """Expected status of a case page for `role`: login, forbidden or hidden as 404."""
    if role == "anonymous":
        return 302
    if role == "no_role":
        return 403
    if not visible(role, which):
        return 404
    return 200 if allowed is None or allowed else 403


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("role", list(ROLES))
def test_workbench_case_endpoints(world, role, which, flow):
    users, cases = world
    case = cases[which]
    client = client_of(users, role)
    attachment = case.report.attachments.first()

    assert client.get(reverse("case:case_detail", args=[case.reference])).status_code == page_status(
        role, which
    )
    if attachment:
        url = reverse("case:attachment", args=[case.reference, attachment.pk])
        assert client.get(url).status_code == page_status(role, which)
    identity_ok = role == "triage" or (role == "head" and which == "own")
    expected = page_status(role, which, allowed=identity_ok)
    assert client.get(reverse("case:reporter_identity", args=[case.reference])).status_code == expected

    redirect = client.get(reverse("case:process_detail", args=[case.process_id]))
    assert redirect.status_code == (page_status(role, which) if not visible(role, which) else 302)

    task = flow.open_task(case, "sign")
    detail = client.get(CaseFlow.sign.reverse("detail", args=[task.process_id, task.pk]))
    assign = client.get(CaseFlow.sign.reverse("assign", args=[task.process_id, task.pk]))
    execute = client.get(CaseFlow.sign.reverse("execute", args=[task.process_id, task.pk]))
    if role == "anonymous":
        assert {detail.status_code, assign.status_code, execute.status_code} == {302}
    elif role == "no_role":
        assert {detail.status_code, assign.status_code, execute.status_code} == {403}
    else:
        assert detail.status_code == (200 if visible(role, which) else 403)
        assert assign.status_code == (200 if may_take(role, which) else 403)
        assert execute.status_code == 403  # nobody has taken it yet


@pytest.mark.parametrize("role", list(ROLES))
def test_workbench_lists_show_only_what_the_role_may_see(world, role):
    users, cases = world
    client = client_of(users, role)
    for name in ("inbox", "queue", "process_list", "archive"):
        response = client.get(reverse(f"case:{name}"))
        if role == "anonymous":
            assert response.status_code == 302
            continue
        if role == "no_role":
            assert response.status_code == 403
            continue
        assert response.status_code == 200
        content = response.content.decode()
        for which, case in cases.items():
            if name == "process_list":
                assert (case.reference in content) == visible(role, which), (name, which)
            elif name == "queue":
                assert (case.reference in content) == may_take(role, which), (name, which)
            else:
                assert case.reference not in content


@pytest.mark.parametrize("role", list(ROLES))
def test_stock_viewflow_pages_without_a_visibility_rule_are_gone(world, role):
    users, cases = world
    client = client_of(users, role)
    case = cases["own"]
    for url in (
        "/workflow/case/tasks/",
        f"/workflow/case/{case.process_id}/chart/",
        f"/workflow/case/{case.process_id}/cancel/",
        "/workflow/case/queue/assign/",
        "/workflow/case/inbox/unassign/",
        "/workflow/case/flows/",
    ):
        assert client.get(url).status_code in (302, 403, 404), url
        if role not in ("anonymous", "no_role"):
            assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("role", list(ROLES))
def test_api_case_endpoints(world, role, which):
    users, cases = world
    case = cases[which]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if role != "anonymous":
        token = Token.objects.create(user=users[role])
        client = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Token {token.key}")
    listing = client.get(reverse("staff-case-list"))
    detail = client.get(reverse("staff-case-detail", args=[case.reference]))
    if role == "anonymous":
        assert (listing.status_code, detail.status_code) == (401, 401)
        return
    assert listing.status_code == 200
    references = {row["reference"] for row in listing.json()["results"]}
    assert (case.reference in references) == visible(role, which)
    assert detail.status_code == (200 if visible(role, which) else 404)
    body = detail.content.decode()
    assert "李四" not in body and "13900139000" not in body  # never the reporter's identity


def test_session_api_for_a_logged_in_officer(world):
    users, cases = world
    client = client_of(users, "officer")
    assert client.get(reverse("staff-case-detail", args=[cases["own"].reference])).status_code == 200
    assert client.get(reverse("staff-case-detail", args=[cases["other"].reference])).status_code == 404


def test_a_deactivated_officer_sees_nothing(world):
    users, cases = world
    user = users["officer"]
    client = client_of(users, "officer")
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    assert client.get(reverse("case:case_detail", args=[cases["own"].reference])).status_code in (
        302,
        403,
        404,
    )


def test_moving_an_officer_to_another_bureau_moves_what_they_see(world):
    users, cases = world
    user = users["officer"]
    Officer.objects.filter(user=user).update(bureau=Bureau.objects.get(code="tax"))
    client = client_of(users, "officer")
    assert client.get(reverse("case:case_detail", args=[cases["own"].reference])).status_code == 404
    assert client.get(reverse("case:case_detail", args=[cases["other"].reference])).status_code == 200
