"""The dashboard, drill-down lists, CSV export and who may see what."""

import csv
import io

import pytest
from django.urls import reverse

from intake.models import Bureau
from supervision.selectors.cases import FIGURES

pytestmark = pytest.mark.django_db

MARCH = {"start": "2026-03-01", "end": "2026-03-31"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def login(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_supervisor_sees_every_figure_of_the_period(client, supervisor, march, frozen):
    response = login(client, supervisor).get(reverse("supervision:dashboard"), MARCH, **EN)
    assert response.status_code == 200
    total = response.context["total"]
    assert (total.received, total.accepted, total.closed, total.overdue) == (8, 6, 3, 2)
    body = response.content.decode()
    assert "50.0%" in body  # closure rate
    assert "<svg" in body and "Received and closed per week" in body
    assert "/ws/supervision/" not in body  # the script connects, the page does not name it
    assert "supervision/live.js" in body


@pytest.mark.parametrize("figure", sorted(FIGURES))
def test_each_drilldown_list_holds_the_cases_behind_its_figure(client, supervisor, march, frozen, figure):
    login(client, supervisor)
    total = client.get(reverse("supervision:dashboard"), MARCH).context["total"]
    expected = {
        "received": total.received,
        "accepted": total.accepted,
        "closed": total.closed,
        "unclosed": total.accepted - total.closed,
        "closures": total.closures,
        "triage_on_time": total.triage_on_time,
        "triage_late": total.triage_late,
        "sign_on_time": total.sign_on_time,
        "sign_late": total.sign_late,
        "investigate_on_time": total.investigate_on_time,
        "investigate_late": total.investigate_late,
        "late": total.late,
        "returned": total.returned,
        "reopened": total.reopened,
        "rated": total.rated,
        "satisfied": total.satisfied,
        "disputed": total.disputed,
        "overdue": total.overdue,
    }[figure]
    page = client.get(reverse("supervision:cases"), {**MARCH, "figure": figure}).context["page"]
    assert page.paginator.count == expected
    assert len(page.object_list) == expected  # all on one page: the rows themselves, not a count
    export = client.get(reverse("supervision:cases_csv"), {**MARCH, "figure": figure})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert len(rows) - 1 == expected


def test_drilldown_names_the_cases(client, supervisor, march, frozen):
    login(client, supervisor)
    page = client.get(reverse("supervision:cases"), {**MARCH, "figure": "overdue"}).context["page"]
    assert {case.reference for case in page} == {march["C"].reference, march["F"].reference}
    page = client.get(reverse("supervision:cases"), {**MARCH, "figure": "closures"}).context["page"]
    assert {case.reference for case in page} == {march[k].reference for k in "ABDH"}


def test_bureau_rows_drill_down_to_their_own_cases(client, supervisor, march, frozen):
    login(client, supervisor)
    response = client.get(reverse("supervision:dashboard"), MARCH)
    for row in response.context["bureau_rows"]:
        params = {**row.figure_filter.params(), "figure": "received"}
        page = client.get(reverse("supervision:cases"), params).context["page"]
        assert page.paginator.count == row.figures.received


def test_bureau_head_sees_only_own_bureau(client, psb_head, march, frozen):
    login(client, psb_head)
    response = client.get(reverse("supervision:dashboard"), MARCH)
    assert response.status_code == 200
    assert response.context["total"].received == 4  # D E G I
    assert [row.figures.received for row in response.context["bureau_rows"]] == [4]
    assert [row.bureau.code for row in response.context["ranking"]] == ["psb"]
    page = client.get(reverse("supervision:cases"), {**MARCH, "figure": "received"}).context["page"]
    assert {case.bureau.code for case in page} == {"psb"}


def test_bureau_head_cannot_ask_for_another_bureau(client, psb_head, march, frozen):
    login(client, psb_head)
    hrss = str(Bureau.objects.get(code="hrss").pk)
    for name in ("dashboard", "counters", "cases", "cases_csv"):
        response = client.get(reverse(f"supervision:{name}"), {**MARCH, "bureau": hrss})
        assert response.status_code == 403, name
    response = client.get(reverse("supervision:case", args=[march["A"].reference]))
    assert response.status_code == 404


def test_bureau_head_cannot_manage_bulletins_or_typical_cases(client, psb_head, march):
    login(client, psb_head)
    assert client.get(reverse("supervision:bulletins")).status_code == 403
    response = client.post(reverse("supervision:typical_mark", args=[march["D"].reference]), {"note": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize("role", ["psb_officer", "triage_user", "operator"])
def test_other_staff_have_no_access(client, request, role, march):
    login(client, request.getfixturevalue(role))
    for name in ("dashboard", "counters", "cases", "cases_csv", "bulletins"):
        assert client.get(reverse(f"supervision:{name}")).status_code == 403, name


def test_anonymous_is_sent_to_log_in(client, march):
    response = client.get(reverse("supervision:dashboard"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"start": "2026-04-01", "end": "2026-03-01"}, "The period ends before it starts."),
        ({"start": "yesterday"}, "Enter a valid date."),
        ({"bureau": "999999"}, "Choose one of the listed options."),
        ({"area": "abc"}, "Choose one of the listed options."),
        ({"source": "fax"}, "Select a valid choice."),
        ({"start": "2000-01-01", "end": "2026-01-01"}, "at most ten years"),
    ],
)
def test_bad_filter_gets_a_clear_message_and_400(client, supervisor, march, params, message):
    response = login(client, supervisor).get(reverse("supervision:dashboard"), params, **EN)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_unknown_figure_is_a_400(client, supervisor, march):
    login(client, supervisor)
    assert client.get(reverse("supervision:cases"), {"figure": "secret"}).status_code == 400
    assert client.get(reverse("supervision:cases_csv"), {"figure": "secret"}).status_code == 400


def test_counters_fragment_has_the_same_figures(client, supervisor, march, frozen):
    login(client, supervisor)
    response = client.get(reverse("supervision:counters"), MARCH, **EN)
    assert response.status_code == 200
    assert response.context["total"].received == 8
    assert "<html" not in response.content.decode()


def test_csv_export_carries_no_reporter_identity(client, supervisor, march, frozen):
    report = march["A"].report
    report.anonymous = False
    report.reporter_name = "张三"
    report.reporter_phone = "13800138000"
    report.save()
    login(client, supervisor)
    export = client.get(reverse("supervision:cases_csv"), {**MARCH, "figure": "received"})
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert march["A"].reference in text
    assert "张三" not in text and "13800138000" not in text


def test_dashboard_query_count_does_not_grow_with_cases(
    client, supervisor, march, frozen, kit, django_assert_max_num_queries
):
    login(client, supervisor)
    with django_assert_max_num_queries(40):
        client.get(reverse("supervision:dashboard"), MARCH)
    for day in range(2, 28):
        kit.make_case(
            area="transport",
            bureau="transport",
            created=kit.at(f"2026-03-{day:02d}"),
            dispatched_at=kit.at(f"2026-03-{day:02d}", 16),
        )
    from supervision.services.rollups import rollup_rebuild

    rollup_rebuild()
    with django_assert_max_num_queries(40):
        response = client.get(reverse("supervision:dashboard"), MARCH)
    assert response.context["total"].received == 8 + 26


def test_drilldown_and_counters_query_budgets(
    client, supervisor, march, frozen, django_assert_max_num_queries
):
    login(client, supervisor)
    with django_assert_max_num_queries(15):
        client.get(reverse("supervision:cases"), {**MARCH, "figure": "received"})
    with django_assert_max_num_queries(8):
        client.get(reverse("supervision:counters"), MARCH)


def test_empty_drilldown_list_says_so(client, supervisor, march, frozen):
    response = login(client, supervisor).get(
        reverse("supervision:cases"), {"start": "2026-01-01", "end": "2026-01-31", "figure": "closed"}, **EN
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Cases closed: 0" in body
    assert "No cases." in body
