"""Rules, part 5.2 (line 76): from the assessment figures supervisors commend units that work
well (publicity), order units that lag to rectify by a deadline with criticism in the
bulletin, and refer units suspected of violations for accountability. Never automatic."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from intake.models import Bureau
from supervision.models import Bulletin, UnitOutcome

pytestmark = pytest.mark.django_db
MARCH = "start=2026-03-01&end=2026-03-31"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _url(bureau: Bureau) -> str:
    return reverse("supervision:unit_outcome_new", args=[bureau.pk]) + "?" + MARCH


def test_nothing_is_decided_automatically(march, frozen):
    call_command("bulletin_generate", "--period", "month", "--date", "2026-03-15", stdout=io.StringIO())
    assert not UnitOutcome.objects.exists()


def test_a_supervisor_orders_a_lagging_unit_to_rectify_and_the_bulletin_criticises_it(
    client, supervisor, march, frozen
):
    hrss = Bureau.objects.get(code="hrss")
    client.force_login(supervisor)
    dashboard = client.get(reverse("supervision:dashboard") + "?" + MARCH, **EN).content.decode()
    assert _url(hrss).replace("&", "&amp;") in dashboard
    page = client.get(_url(hrss), **EN)
    assert page.status_code == 200 and "62.1" in page.content.decode()
    bad = client.post(_url(hrss), {"kind": "rectification", "reason": "按期办结率低。"}, **EN)
    assert bad.status_code == 400
    assert "Give a rectification deadline after today." in bad.content.decode()
    assert not UnitOutcome.objects.exists()
    response = client.post(
        _url(hrss),
        {"kind": "rectification", "reason": "按期办结率仅62.5%，三件逾期。", "rectify_by": "2026-04-30"},
        **EN,
    )
    assert response.status_code == 302
    outcome = UnitOutcome.objects.get()
    assert (outcome.bureau, outcome.kind, outcome.decided_by) == (hrss, "rectification", supervisor)
    assert outcome.rectify_by == datetime.date(2026, 4, 30)
    assert float(outcome.score) == 62.1 and outcome.figures["received"] >= 1
    listed = client.get(reverse("supervision:unit_outcomes"), **EN).content.decode()
    assert "按期办结率仅62.5%" in listed

    call_command("bulletin_generate", "--period", "month", "--date", "2026-03-15", stdout=io.StringIO())
    bulletin = Bulletin.objects.get(period="month", start=datetime.date(2026, 3, 1))
    text = "".join(page.extract_text() for page in PdfReader(bulletin.pdf.open("rb")).pages)
    assert "按期办结率仅62.5%" in text
    sheet = openpyxl.load_workbook(bulletin.workbook.open("rb")).worksheets[-1]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0][0] == hrss.name and rows[0][4] == "按期办结率仅62.5%，三件逾期。"


def test_commendation_and_referral_for_accountability(client, supervisor, march, frozen):
    psb = Bureau.objects.get(code="psb")
    client.force_login(supervisor)
    assert client.post(_url(psb), {"kind": "commendation", "reason": "全部按期办结。"}).status_code == 302
    missing = client.post(_url(psb), {"kind": "accountability", "reason": "涉嫌违纪。"}, **EN)
    assert missing.status_code == 400 and "Name the body the unit is referred to." in missing.content.decode()
    done = client.post(
        _url(psb), {"kind": "accountability", "reason": "涉嫌违纪。", "referred_to": "市纪委监委"}, **EN
    )
    assert done.status_code == 302
    assert list(UnitOutcome.objects.order_by("pk").values_list("kind", "referred_to")) == [
        ("commendation", ""),
        ("accountability", "市纪委监委"),
    ]


def test_only_supervisors_decide(client, psb_head, hrss_officer, march, frozen):
    hrss = Bureau.objects.get(code="hrss")
    form = {"kind": "commendation", "reason": "好。"}
    for user in (psb_head, hrss_officer):
        client.force_login(user)
        assert client.get(_url(hrss)).status_code == 403
        assert client.post(_url(hrss), form).status_code == 403
    assert not UnitOutcome.objects.exists()
