"""What officers meet on the workbench pages, as each of them, through the test client:
one-click claiming, labels, history, the triage and decide forms, the flow chart, identity."""

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from workflow.flows import CaseFlow

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _urls_loaded():
    reverse("case:inbox")  # the flow's own URLs reverse once the workbench is mounted


def client_for(user, language="zh-hans") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def case_url(case):
    return reverse("case:case_detail", args=[case.reference])


# One-click claim.


def test_clicking_a_task_in_the_queue_takes_it_and_opens_its_form(file_report, triage_user, flow):
    case = file_report()
    task = flow.open_task(case, "triage")
    client = client_for(triage_user)
    queue = client.get(reverse("case:queue")).content.decode()
    assign = CaseFlow.triage.reverse("assign", args=[task.process_id, task.pk])
    assert f'<form method="post" action="{assign}" class="wb-claim">' in queue
    response = client.post(assign, follow=True)
    assert response.redirect_chain == [
        (CaseFlow.triage.reverse("execute", args=[task.process_id, task.pk]), 302)
    ]
    page = response.content.decode()
    assert "老板拖欠" in page and case.reference in page and 'name="action"' in page
    task.refresh_from_db()
    assert task.owner == triage_user


def test_the_case_page_take_button_lands_on_the_form(file_report, drive, hrss_officer, flow):
    case = file_report()
    drive.dispatch(case)
    task = flow.open_task(case, "sign")
    client = client_for(hrss_officer)
    page = client.get(case_url(case)).content.decode()
    assign = CaseFlow.sign.reverse("assign", args=[task.process_id, task.pk])
    assert f'action="{assign}"' in page and "领取并办理" in page
    response = client.post(assign, follow=True)
    assert response.status_code == 200 and 'name="decision"' in response.content.decode()


def test_returning_a_case_lands_on_the_inbox_not_on_a_case_no_longer_ones_own(
    file_report, drive, hrss_officer, flow
):
    case = file_report()
    drive.dispatch(case)
    task = flow.open_task(case, "sign")
    client = client_for(hrss_officer)
    client.post(CaseFlow.sign.reverse("assign", args=[task.process_id, task.pk]))
    execute = CaseFlow.sign.reverse("execute", args=[task.process_id, task.pk])
    response = client.post(execute, {"decision": "return", "reason": "不属于本局职责。"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("case:inbox")


def test_the_take_link_never_shows_viewflows_stock_assign_page(file_report, triage_user, flow):
    case = file_report()
    task = flow.open_task(case, "triage")
    client = client_for(triage_user)
    for url in (
        CaseFlow.triage.reverse("index", args=[task.process_id, task.pk]),
        CaseFlow.triage.reverse("assign", args=[task.process_id, task.pk]),
    ):
        response = client.get(url, follow=True)
        page = response.content.decode()
        assert response.status_code == 200
        assert "老板拖欠" in page and case.reference in page and "领取并办理" in page
        for stock in ("Assign and continue", "due_at", "Permission", "Unassigned", ">Assign<"):
            assert stock not in page
    task.refresh_from_db()
    assert task.owner is None  # looking takes nothing


def test_inbox_opens_the_form_directly(file_report, drive, hrss_officer, flow):
    case = file_report()
    drive.to_investigation(case)
    task = flow.open_task(case, "investigate")
    inbox = client_for(hrss_officer).get(reverse("case:inbox")).content.decode()
    assert CaseFlow.investigate.reverse("execute", args=[task.process_id, task.pk]) in inbox


def test_someone_elses_task_shows_the_facts_without_stock_fields(file_report, drive, hrss_head, flow):
    case = file_report()
    drive.to_investigation(case)
    task = flow.open_task(case, "investigate")
    response = client_for(hrss_head).get(
        CaseFlow.investigate.reverse("detail", args=[task.process_id, task.pk])
    )
    page = response.content.decode()
    assert response.status_code == 200 and "老板拖欠" in page and "due_at" not in page


# Labels.


def test_the_case_page_button_opens_the_form_and_says_so(file_report, drive, hrss_officer):
    case = file_report()
    drive.to_investigation(case)
    page = client_for(hrss_officer).get(case_url(case)).content.decode()
    assert "打开办理" in page
    assert '<span class="mdc-button__label">未办结</span>' not in page


# History in the reader's language.


def test_history_lines_follow_the_readers_language(file_report, drive, triage_user, hrss_officer, flow):
    from workflow import services

    case = file_report()
    task = flow.open_task(case, "triage")
    services.task_take(task=task, user=triage_user)  # written while the site speaks Chinese
    drive.dispatch(case)
    hrss = case.bureau
    english = client_for(triage_user, language="en").get(case_url(case)).content.decode()
    history = english.split("History", 1)[1]
    assert "Triage: triage" in history and hrss.name_en in history
    assert "分拣" not in history and hrss.name not in history
    chinese = client_for(triage_user).get(case_url(case)).content.decode()
    assert "分拣: triage" in chinese and hrss.name in chinese


# The triage form.


def open_triage(case, triage_user, flow, language="zh-hans"):
    task = flow.open_task(case, "triage")
    client = client_for(triage_user, language=language)
    client.post(CaseFlow.triage.reverse("assign", args=[task.process_id, task.pk]))
    return client, CaseFlow.triage.reverse("execute", args=[task.process_id, task.pk])


def test_triage_bureaus_start_with_the_areas_lead_and_participating_units(file_report, triage_user, flow):
    import re

    from intake.models import AreaBureau, Bureau

    case = file_report()
    client, url = open_triage(case, triage_user, flow)
    page = client.get(url).content.decode()
    select = page.split('<select id="id_bureau" name="bureau"', 1)[1].split("</select>", 1)[0]
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    assert [label for label, _options in groups] == ["该领域的牵头单位", "该领域的参与单位", "其他单位"]
    routing = AreaBureau.objects.filter(area=case.area).order_by("position").select_related("bureau")
    lead = [entry.bureau.name for entry in routing if entry.role != AreaBureau.Role.PARTICIPANT]
    participating = [entry.bureau.name for entry in routing if entry.role == AreaBureau.Role.PARTICIPANT]
    assert re.findall(r">([^<]+)</option>", groups[0][1]) == lead
    assert re.findall(r">([^<]+)</option>", groups[1][1]) == participating
    everyone = re.findall(r'<option value="\d+"', select)
    assert (
        len(everyone) == Bureau.objects.filter(is_active=True, kind__in=["bureau", "group", "member"]).count()
    )


def test_triage_fields_are_grouped_by_the_decision_they_belong_to(file_report, triage_user, flow):
    case = file_report()
    client, url = open_triage(case, triage_user, flow)
    page = client.get(url).content.decode()
    assert 'data-shown-when="action" data-shown-values="dispatch"' in page
    dispatch = page.split('data-shown-values="dispatch"', 1)[1].split("data-shown-when", 1)[0]
    assert 'name="bureau"' in dispatch and 'name="text"' not in dispatch
    assert 'data-shown-values="ask reject emergency"' in page
    assert "workflow/task_forms.js" in page


def test_triage_dispatches_to_a_bureau_chosen_from_the_grouped_list(file_report, triage_user, flow):
    from intake.models import Bureau

    case = file_report()
    client, url = open_triage(case, triage_user, flow)
    psb = Bureau.objects.get(code="psb")
    response = client.post(url, {"action": "dispatch", "area": case.area_id, "bureau": psb.pk})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.bureau == psb


def test_a_refused_triage_keeps_the_chosen_bureau_and_shows_the_error(file_report, triage_user, flow):
    from intake.models import Bureau

    case = file_report()
    client, url = open_triage(case, triage_user, flow, language="en")
    psb = Bureau.objects.get(code="psb")
    response = client.post(url, {"action": "reject", "area": case.area_id, "bureau": psb.pk, "text": ""})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Write the reason the reporter will see." in page
    assert f'<option value="{psb.pk}" selected="selected">' in page


def test_asking_the_reporter_through_the_form_shows_that_the_city_adopted_no_time_to_answer(
    file_report, triage_user, flow
):
    """Without an adopted period the case waits for the reporter: the case page says why no
    date is due; once adopted, it shows the date."""
    from tests.policies import policy_set

    case = file_report()
    client, url = open_triage(case, triage_user, flow, language="en")
    refused = client.post(url, {"action": "ask", "area": case.area_id, "text": ""})
    assert refused.status_code == 422 and flow.open_nodes(case) == ["triage"]
    response = client.post(url, {"action": "ask", "area": case.area_id, "text": "Which site is it?"})
    assert response.status_code == 302 and flow.open_nodes(case) == ["await_reporter"]
    page = client.get(case_url(case)).content.decode()
    assert "No time limit: the city has not adopted the reporter's time to answer a question" in page
    chinese = client_for(triage_user).get(case_url(case)).content.decode()
    assert "无时限：本市尚未通过举报人补充材料答复时限（草案不予适用）。" in chinese
    policy_set("answer-period", value={"working_days": 2})
    case.refresh_from_db()
    page = client.get(case_url(case)).content.decode()
    assert case.due_at is not None and "No time limit" not in page and "Current step due" in page


def test_a_replied_case_without_an_adopted_time_to_rate_says_so_to_the_officer(
    file_report, drive, hrss_officer
):
    case = file_report()
    drive.to_reply(case)
    drive.reply(case)
    page = client_for(hrss_officer, language="en").get(case_url(case)).content.decode()
    assert "No time limit: the city has not adopted the reporter's time to rate" in page


# The decide and investigate forms: plain checkboxes instead of viewflow's select-multiple
# (which threw when its menu opened and drew the menu over the date below it).


def open_decide(case, drive, flow, user, language="zh-hans"):
    drive.to_investigation(case)
    drive.to_decision(case)
    task = flow.open_task(case, "decide")
    return client_for(user, language=language), CaseFlow.decide.reverse(
        "execute", args=[task.process_id, task.pk]
    )


def test_decide_form_offers_outcomes_and_measures_as_checkboxes(file_report, drive, hrss_officer, flow):
    case = file_report()
    client, url = open_decide(case, drive, flow, hrss_officer)
    page = client.get(url).content.decode()
    assert "vf-field-select-multiple" not in page
    assert (
        '<fieldset class="wb-choices" id="id_kinds"><legend class="wb-field__label">处理结果 *</legend>'
        in page
    )
    assert 'type="checkbox" name="kinds" value="blacklist"' in page
    assert '<fieldset class="wb-choices" id="id_measures">' in page
    blacklist = page.split('data-shown-values="blacklist"', 1)[1].split("data-shown-when", 1)[0]
    assert 'name="measures"' in blacklist and 'name="listed_until"' in blacklist
    penalty = page.split('data-shown-values="penalty"', 1)[1].split("data-shown-when", 1)[0]
    assert 'name="decision_number"' in penalty and 'name="measures"' not in penalty


def test_a_refused_decision_keeps_the_chosen_outcomes_and_measures(file_report, drive, hrss_officer, flow):
    from workflow.models import Measure, Outcome

    case = file_report()
    client, url = open_decide(case, drive, flow, hrss_officer, language="en")
    measure = Measure.objects.get(code="restrict_exit")
    response = client.post(
        url,
        {
            "kinds": ["blacklist", "penalty"],
            "subject_kind": "organisation",
            "subject_name": "某公司",
            "measures": [measure.pk],
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'name="kinds" value="blacklist" id="id_kinds_0_3" checked="checked"' in page
    assert (
        f'name="measures" value="{measure.pk}"' in page and "Give the number of the penalty decision." in page
    )
    measures = page.split('id="id_measures"', 1)[1].split("</fieldset>", 1)[0]
    assert measures.count('checked="checked"') == 1
    assert not Outcome.objects.filter(case=case).exists()


def test_investigate_form_asks_bureaus_through_checkboxes(file_report, drive, hrss_officer, flow):
    from intake.models import Bureau

    case = file_report()
    drive.to_investigation(case)
    task = flow.open_task(case, "investigate")
    url = CaseFlow.investigate.reverse("execute", args=[task.process_id, task.pk])
    client = client_for(hrss_officer)
    page = client.get(url).content.decode()
    assistance = page.split('data-shown-values="assist"', 1)[1].split("data-shown-when", 1)[0]
    psb = Bureau.objects.get(code="psb")
    assert f'type="checkbox" name="bureaus" value="{psb.pk}"' in assistance
    response = client.post(url, {"next_step": "assist", "bureaus": [psb.pk], "question": "请核查。"})
    assert response.status_code == 302 and flow.open_nodes(case) == ["assist"]


# Credit tasks in the workbench.


def blacklist_decided(file_report, drive):
    from workflow.models import Measure
    from workflow.services import OutcomeSpec

    case = file_report()
    drive.to_reply(
        case,
        OutcomeSpec(
            kind="blacklist",
            summary="列入失信黑名单。",
            subject_kind="organisation",
            subject_name="儋州某建设工程有限公司",
            subject_credit_code="91460000MA5T0000X6",
            measures=[
                Measure.objects.get(code="restrict_exit"),
                Measure.objects.get(code="weekly_whereabouts"),
            ],
        ),
    )
    return case


def test_credit_tasks_in_the_queue_show_deadline_area_and_bureau(
    file_report, drive, psb_officer, django_assert_max_num_queries
):
    from credit.models import Enforcement

    case = blacklist_decided(file_report, drive)
    enforcement = Enforcement.objects.filter(listing__case=case).first()
    client = client_for(psb_officer, language="en")
    with django_assert_max_num_queries(14):
        page = client.get(reverse("case:queue")).content.decode()
    rows = [row for row in page.split("<tr") if "<td" in row and "Confirm the measure took effect" in row]
    assert len(rows) == 2
    for row in rows:
        assert case.area.name_en in row and "Danzhou Public Security Bureau" in row
        assert f"{enforcement.due_at.astimezone().year}" in row  # the deadline column is filled


def test_a_credit_task_opens_in_the_workbench_with_a_way_back(file_report, drive, hrss_officer):
    from viewflow.workflow.models import Task

    from credit.flows import PublicationFlow
    from credit.models import Publication

    case = blacklist_decided(file_report, drive)
    publication = Publication.objects.get(case=case)
    task = Task.objects.get(process_id=publication.process_id, flow_task=PublicationFlow.publish)
    client = client_for(hrss_officer)
    url = reverse("case:registered_task", args=[task.pk])
    assert f'href="{url}"' in client.get(reverse("case:queue")).content.decode()
    page = client.get(url).content.decode()
    assert reverse("case:inbox") in page and "vf-page__menu" in page  # the workbench menu
    assert f'href="{reverse("case:case_detail", args=[case.reference])}"' in page and "返回案件" in page
    assert "workflow/workbench.css" in page and "credit/credit.css" not in page
    refused = client.post(url, {"summary": ""})
    assert refused.status_code == 422 and "vf-page__menu" in refused.content.decode()
    done = client.post(url, {"summary": "该公司被列入失信黑名单。", "checked": "on"})
    assert done.status_code == 302 and done["Location"] == reverse("case:queue")


def test_another_bureau_cannot_open_a_credit_task_in_the_workbench(file_report, drive, tax_officer):
    from viewflow.workflow.models import Task

    from credit.models import Publication

    case = blacklist_decided(file_report, drive)
    client = client_for(tax_officer)
    for task in Task.objects.filter(process_id=Publication.objects.get(case=case).process_id):
        assert client.get(reverse("case:registered_task", args=[task.pk])).status_code == 404
    assert client.get(reverse("case:registered_task", args=[999999])).status_code == 404


# The flow chart.


def test_the_flow_chart_is_a_workbench_page_drawn_at_readable_size(triage_user):
    import re

    client = client_for(triage_user)
    menu = client.get(reverse("case:inbox")).content.decode()
    assert f'href="{reverse("case:flow_chart")}"' in menu
    response = client.get(reverse("case:flow_chart"))
    page = response.content.decode()
    assert response.status_code == 200 and "vf-page__menu" in page
    width = re.search(r'<svg [^>]*class="wb-chart__svg" width="(\d+)" height="(\d+)"', page)
    assert width and int(width.group(1)) > 1000  # its own size, scrolled, not squeezed to the window
    assert ">分拣</text>" in page and ">签收或退单</text>" in page
    assert 'role="img"' in page


def test_the_case_page_marks_where_the_case_is_in_the_flow(file_report, drive, hrss_officer):
    case = file_report()
    drive.dispatch(case)
    page = client_for(hrss_officer).get(case_url(case)).content.decode()
    assert 'id="flow-chart"' in page
    assert 'id="chart-sign" transform=' in page
    marked = page.split('id="chart-sign"', 1)[1].split(">", 1)[0]
    assert "wb-chart__current" in marked
    triage = page.split('id="chart-triage"', 1)[1].split(">", 1)[0]
    assert 'class="done"' in triage


def test_the_flow_chart_needs_a_workbench_user(client, django_user_model):
    resident = factories.user("resident")
    client.force_login(resident)
    assert client.get(reverse("case:flow_chart")).status_code in (403, 404)


# The reporter's identity.


def test_no_identity_link_on_an_anonymous_report(file_report, drive, hrss_head):
    from workflow.models import IdentityAccessLog

    case = file_report()  # anonymous by default
    drive.dispatch(case)
    client = client_for(hrss_head)
    page = client.get(case_url(case)).content.decode()
    url = reverse("case:reporter_identity", args=[case.reference])
    assert url not in page and "匿名举报" in page
    shown = client.get(url)
    assert shown.status_code == 200 and "匿名举报" in shown.content.decode()
    assert not IdentityAccessLog.objects.exists()


def test_identity_page_warns_under_its_heading_and_leads_back(file_report, drive, hrss_head, custodian):
    case = file_report(
        anonymous=False,
        reporter_name="张三",
        reporter_phone="13800138000",
        reporter_id_number="11010519491231002X",
    )
    drive.dispatch(case)
    client = client_for(hrss_head)
    url = reverse("case:reporter_identity", args=[case.reference])
    assert url in client.get(case_url(case)).content.decode()
    # The identity opens once the custodian released it (tests/workflow/test_identity_release.py).
    client.post(url, {"reason": "需要联系举报人核实用工单位的地址。"})
    release = case.identity_releases.get()
    client_for(custodian).post(f"/identity/requests/{release.pk}/", {"decision": "approve"})
    page = client.get(url).content.decode()
    heading, warning, data, back = (
        page.index("<h1"),
        page.index('class="wb-warning"'),
        page.index("张三"),
        page.index("返回案件"),
    )
    assert heading < warning < data < back
    assert f'href="{case_url(case)}"' in page[back - 300 : back]
