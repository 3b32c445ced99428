"""Rules, part 5.3 (line 77): 建立定期通报制度 ... 形成书面报告及时反馈给相关责任单位. Each
responsible unit receives its section of every bulletin in the workbench and by notification,
records its written response, and supervisors read the responses."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from notifications.models import Message
from supervision.models import Bulletin, BulletinSection

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def sent(march, frozen, hrss_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("bulletin_generate", "--period", "month", "--date", "2026-03-15", stdout=io.StringIO())
    return Bulletin.objects.get(period="month", start=datetime.date(2026, 3, 1))


def test_each_unit_gets_its_section_and_a_notification(sent, hrss_officer):
    units = set(BulletinSection.objects.filter(bulletin=sent).values_list("bureau__code", flat=True))
    assert {"hrss", "psb"} <= units
    hrss = BulletinSection.objects.get(bulletin=sent, bureau__code="hrss")
    assert hrss.figures["to_date"]["received"] >= 1 and hrss.figures["to_date"]["rank"] == 2
    notice = Message.objects.get(kind=Message.Kind.BULLETIN, user=hrss_officer, channel="inapp")
    assert notice.context["section_url"].endswith(f"/supervision/unit/bulletins/{hrss.pk}/")
    # Built again: the sections are rewritten, the units are not told twice.
    call_command("bulletin_generate", "--period", "month", "--date", "2026-03-15", stdout=io.StringIO())
    assert Message.objects.filter(kind=Message.Kind.BULLETIN, user=hrss_officer, channel="inapp").count() == 1


def test_the_unit_answers_in_writing_and_supervisors_read_it(client, sent, hrss_officer, supervisor):
    section = BulletinSection.objects.get(bulletin=sent, bureau__code="hrss")
    client.force_login(hrss_officer)
    workbench = client.get("/workflow/", follow=True, **EN).content.decode()
    assert reverse("supervision:unit_sections") in workbench
    listing = client.get(reverse("supervision:unit_sections"), **EN).content.decode()
    assert "Waiting for your written response" in listing
    url = reverse("supervision:unit_section", args=[section.pk])
    assert client.get(url, **EN).status_code == 200
    short = client.post(url, {"response": "收到"}, **EN)
    assert short.status_code == 400
    assert "Write the response in at least 10 characters." in short.content.decode()
    section.refresh_from_db()
    assert section.response == ""
    text = "已对三件逾期案件逐件督办，四月底前全部办结。"
    assert client.post(url, {"response": text}, **EN).status_code == 302
    section.refresh_from_db()
    assert (section.response, section.responded_by) == (text, hrss_officer)

    client.force_login(supervisor)
    page = client.get(reverse("supervision:bulletin_sections", args=[sent.pk]), **EN).content.decode()
    assert text in page


def test_a_unit_sees_only_its_own_sections(client, sent, psb_officer, psb_head):
    hrss = BulletinSection.objects.get(bulletin=sent, bureau__code="hrss")
    client.force_login(psb_officer)
    assert client.get(reverse("supervision:unit_section", args=[hrss.pk])).status_code == 404
    response = client.post(reverse("supervision:unit_section", args=[hrss.pk]), {"response": "x" * 20})
    assert response.status_code == 404
    hrss.refresh_from_db()
    assert hrss.response == ""
    client.force_login(psb_head)
    assert client.get(reverse("supervision:bulletin_sections", args=[sent.pk])).status_code == 403
