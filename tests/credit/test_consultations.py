"""Public consultation (征求公众意见, rules part 3(2)1): a sector's draft criteria and exit
procedure are published for comment with a period, residents comment (rate-limited, name
optional), the sector answers in a published summary, and a supervisor then adopts it."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from credit.models import SectorPolicy
from intake.models import Bureau, PolicyComment, PolicyEvent, PolicyVersion
from intake.policies import policy_adopt

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def draft(db) -> PolicyVersion:
    return PolicyVersion.objects.get(policy__key="sector-criteria", policy__area__code="wage_arrears")


def _open(client, hrss_officer, draft, days=10):
    client.force_login(hrss_officer)
    closes = timezone.localdate() + datetime.timedelta(days=days)
    response = client.post(
        f"/credit/consultations/manage/{draft.pk}/", {"action": "open", "closes": closes.isoformat()}, **EN
    )
    client.logout()
    return response


def test_a_draft_nobody_opened_for_comment_is_not_public(client, draft):
    assert client.get(f"/credit/consultations/{draft.pk}/").status_code == 404
    listing = client.get("/credit/consultations/", **EN).content.decode()
    assert "No consultation yet." in listing
    assert draft.value["exit_procedure"][:20] not in client.get("/credit/sectors/").content.decode()


def test_the_sectors_lead_unit_opens_the_draft_for_comment(client, hrss_officer, draft):
    client.force_login(hrss_officer)
    page = client.get("/credit/consultations/manage/", **EN).content.decode()
    assert f"/credit/consultations/manage/{draft.pk}/" in page
    assert client.get(f"/credit/consultations/manage/{draft.pk}/", **EN).status_code == 200
    past = client.post(
        f"/credit/consultations/manage/{draft.pk}/", {"action": "open", "closes": "2020-01-01"}, **EN
    )
    assert past.status_code == 400
    assert "The period for comments must end after today." in past.content.decode()
    draft.refresh_from_db()
    assert draft.state == PolicyVersion.State.DRAFT
    assert _open(client, hrss_officer, draft).status_code == 302
    draft.refresh_from_db()
    assert draft.state == PolicyVersion.State.CONSULTATION
    assert draft.events.filter(action=PolicyEvent.Action.CONSULTATION_OPENED, actor=hrss_officer).exists()


def test_another_bureau_cannot_manage_the_sectors_consultation(client, psb_officer, draft):
    client.force_login(psb_officer)
    assert client.get(f"/credit/consultations/manage/{draft.pk}/").status_code == 403
    closes = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    response = client.post(f"/credit/consultations/manage/{draft.pk}/", {"action": "open", "closes": closes})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.state == PolicyVersion.State.DRAFT


def test_residents_comment_with_an_optional_name_and_bad_comments_store_nothing(client, hrss_officer, draft):
    _open(client, hrss_officer, draft)
    url = f"/credit/consultations/{draft.pk}/"
    page = client.get(url, **EN).content.decode()
    assert "Draft for public comment: not in force." in page and "Send the comment" in page
    assert client.post(url, {"text": "建议明确“恶意欠薪”的认定金额。"}, **EN).status_code == 302
    assert client.post(url, {"text": "退出程序应当写明办理时限。", "name": "张三"}, **EN).status_code == 302
    short = client.post(url, {"text": "好"}, **EN)
    assert short.status_code == 400
    assert "Write your comment in at least 5 characters." in short.content.decode()
    assert list(PolicyComment.objects.values_list("name", flat=True)) == ["", "张三"]


def test_comments_are_rate_limited(client, hrss_officer, draft, settings):
    settings.CONSULTATION_COMMENT_RATE = "2/h"
    _open(client, hrss_officer, draft)
    url = f"/credit/consultations/{draft.pk}/"
    for _ in range(2):
        assert client.post(url, {"text": "建议写明认定标准。"}).status_code == 302
    assert client.post(url, {"text": "建议写明认定标准。"}).status_code == 429
    assert PolicyComment.objects.count() == 2


def test_answers_after_the_period_then_a_supervisor_adopts_and_the_rules_are_published(
    client, hrss_officer, supervisor, draft
):
    _open(client, hrss_officer, draft, days=3)
    client.post(f"/credit/consultations/{draft.pk}/", {"text": "建议明确认定金额。"})
    with pytest.raises(ValidationError) as error:  # not without the public's answers
        policy_adopt(version=draft, user=supervisor, source="rules", rules_section="三(二)1")
    assert "version" in error.value.message_dict
    manage = f"/credit/consultations/manage/{draft.pk}/"
    client.force_login(hrss_officer)
    early = client.post(manage, {"action": "summarise", "summary": "采纳。"}, **EN)
    assert early.status_code == 400
    assert "Answer the comments once the period for comments is over." in early.content.decode()
    later = timezone.now() + datetime.timedelta(days=5)
    with time_machine.travel(later):
        assert (
            client.post(manage, {"action": "summarise", "summary": "采纳关于认定金额的意见。"}).status_code
            == 302
        )
        closed = client.post(f"/credit/consultations/{draft.pk}/", {"text": "还有一条意见。"}, **EN)
        assert closed.status_code == 400 and "This draft is not open for comment." in closed.content.decode()
    public = client.get(f"/credit/consultations/{draft.pk}/", **EN).content.decode()
    assert "采纳关于认定金额的意见。" in public
    assert not SectorPolicy.objects.exists()

    client.force_login(supervisor)
    response = client.post(
        f"/supervision/policies/{draft.pk}/adopt/",
        {
            "source": "bureau_decision",
            "issuing_bureau": Bureau.objects.get(code="hrss").pk,
            "document_number": "儋人社发〔2026〕8号",
            "document_date": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    rules = SectorPolicy.objects.get()
    assert rules.area.code == "wage_arrears" and rules.exit_procedure == draft.value["exit_procedure"]
    body = client.get("/credit/sectors/", **EN).content.decode()
    assert body.count('class="sector"') == 1
    assert client.get("/api/v1/credit/sectors/").json()["count"] == 1
