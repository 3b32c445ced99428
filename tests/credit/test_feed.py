"""The daily feed to the credit platform (rules, part 3(1)3): the 双公示 data items for
administrative penalty information, field by field, as CSV (UTF-8) and XLSX, pushed with
retries and a receipt per batch; persons' identity numbers masked unless the city allows."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from credit import tasks
from credit.feed.fields import HEADERS
from credit.feed.pushers import Pusher, PushRefused, PushUnavailable
from credit.feed.services import feed_batch_build, feed_batch_push
from credit.models import FeedBatch, Publication
from credit.services.publications import publication_publish
from intake.models import Bureau, Report
from tests.factories import case_decided, credit_code, decided, id_number, outcome_add
from tests.policies import policy_set
from workflow.models import Outcome

pytestmark = pytest.mark.django_db

PERSON_NUMBER = id_number(555)


def _published(publication_filter, user):
    for publication in Publication.objects.filter(**publication_filter):
        publication_publish(publication=publication, user=user)


@pytest.fixture
def day(hrss_officer):
    """Today: one organisation's fine and one person's blacklist listing, both published."""
    Bureau.objects.filter(code="hrss").update(credit_code="11460400MB0000000X")
    fined = case_decided(subject_credit_code=credit_code(8101), subject_name="儋州某劳务有限公司")
    outcome_add(
        fined,
        Outcome.Kind.PENALTY,
        subject_kind=Report.SubjectKind.ORGANISATION,
        subject_name="儋州某劳务有限公司",
        subject_credit_code=credit_code(8101),
        summary="拖欠四十名农民工工资共计三十万元。",
        legal_basis="《保障农民工工资支付条例》第五十七条",
        decision_number="儋人社罚〔2026〕21号",
        amount=Decimal("50000.00"),
        decision_date=datetime.date(2026, 11, 30),
    )
    listed = case_decided(subject_kind=Report.SubjectKind.PERSON, subject_name="王小明")
    outcome_add(
        listed,
        Outcome.Kind.BLACKLIST,
        subject_kind=Report.SubjectKind.PERSON,
        subject_name="王小明",
        subject_id_number=PERSON_NUMBER,
        summary="恶意欠薪，经责令仍拒不支付。",
        legal_basis="《保障农民工工资支付条例》第四十八条",
        decision_number="儋人社黑〔2026〕3号",
        measures=["restrict_exit"],
        listed_until=timezone.localdate() + datetime.timedelta(days=365),
    )
    decided(fined)
    decided(listed)
    _published({"case__in": [fined, listed]}, hrss_officer)
    return timezone.localdate()


def _csv_rows(batch: FeedBatch) -> list[dict]:
    with batch.csv_file.open("rb") as handle:
        text = handle.read().decode("utf-8")
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    assert header == HEADERS
    return [dict(zip(header, row, strict=True)) for row in reader]


def test_each_data_item_of_a_fine_and_a_listing(day):
    batch = feed_batch_build(day=day)
    assert batch.rows == 2
    rows = {row["行政处罚决定书文号"]: row for row in _csv_rows(batch)}
    fine, listing = rows["儋人社罚〔2026〕21号"], rows["儋人社黑〔2026〕3号"]
    until = (day + datetime.timedelta(days=365)).strftime("%Y/%m/%d")
    assert fine == {
        "行政相对人名称": "儋州某劳务有限公司",
        "行政相对人类别": "法人及非法人组织",
        "行政相对人代码_1(统一社会信用代码)": credit_code(8101),
        "行政相对人代码_2(工商注册号)": "",
        "行政相对人代码_3(组织机构代码)": "",
        "行政相对人代码_4(税务登记号)": "",
        "行政相对人代码_5(事业单位证书号)": "",
        "行政相对人代码_6(社会组织登记证号)": "",
        "法定代表人": "",
        "法定代表人证件类型": "",
        "法定代表人证件号码": "",
        "证件类型": "",
        "证件号码": "",
        "行政处罚决定书文号": "儋人社罚〔2026〕21号",
        "违法行为类型": "拖欠工资",
        "违法事实": "拖欠四十名农民工工资共计三十万元。",
        "处罚依据": "《保障农民工工资支付条例》第五十七条",
        "处罚类别": "罚款",
        "处罚内容": "拖欠四十名农民工工资共计三十万元。",
        "罚款金额（万元）": "5.000000",
        "没收违法所得、没收非法财物的金额（万元）": "",
        "暂扣或吊销证照名称及编号": "",
        "处罚决定日期": "2026/11/30",
        "处罚有效期": "2099/12/31",  # a fine records no end of its own
        "公示截止期": "2099/12/31",  # no adopted period: shown until withdrawn
        "处罚机关": "市人社局",
        "处罚机关统一社会信用代码": "11460400MB0000000X",
        "数据来源单位": "市人社局",
        "数据来源单位统一社会信用代码": "11460400MB0000000X",
        "备注": "",
    }
    assert listing["行政相对人名称"] == "王**"
    assert listing["行政相对人类别"] == "自然人"
    assert listing["行政相对人代码_1(统一社会信用代码)"] == ""
    assert listing["证件类型"] == "身份证"
    assert listing["证件号码"] == PERSON_NUMBER[:4] + "*" * 10 + PERSON_NUMBER[-4:]
    assert listing["行政处罚决定书文号"] == "儋人社黑〔2026〕3号"
    assert listing["处罚类别"] == "其他"
    assert listing["处罚内容"] == "列入失信黑名单，实施联合惩戒：限制出境（禁止出国出境）"
    assert listing["罚款金额（万元）"] == ""
    assert listing["处罚决定日期"] == day.strftime("%Y/%m/%d")
    assert listing["处罚有效期"] == until
    assert listing["公示截止期"] == until
    assert listing["备注"] == "失信黑名单"
    assert PERSON_NUMBER not in batch.csv_file.open("rb").read().decode("utf-8")


def test_the_publication_period_is_the_end_of_publication_not_of_the_penalty(hrss_officer):
    """处罚有效期 (the penalty's effect) and 公示截止期 (how long it is published) are two items:
    an adopted publication period moves the second only."""
    policy_set("penalty-shown-days", value={"days": 365})
    case = case_decided(subject_credit_code=credit_code(8102), subject_name="儋州某建材有限公司")
    outcome_add(
        case,
        Outcome.Kind.PENALTY,
        subject_credit_code=credit_code(8102),
        summary="拖欠十名农民工工资。",
        decision_number="儋人社罚〔2026〕22号",
        amount=Decimal("12345.67"),
        decision_date=datetime.date(2026, 11, 30),
    )
    decided(case)
    _published({"case": case}, hrss_officer)
    (row,) = _csv_rows(feed_batch_build(day=timezone.localdate()))
    assert row["处罚有效期"] == "2099/12/31"
    assert row["公示截止期"] == "2027/11/30"
    assert row["罚款金额（万元）"] == "1.234567"


def test_the_workbook_holds_the_same_rows(day):
    batch = feed_batch_build(day=day)
    sheet = load_workbook(batch.xlsx_file.open("rb")).active
    values = [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADERS
    assert [dict(zip(HEADERS, row, strict=True)) for row in values[1:]] == _csv_rows(batch)


def test_a_persons_number_and_name_leave_unmasked_only_when_the_setting_allows(day, settings):
    settings.CREDIT_FEED_UNMASKED_ID_NUMBERS = True
    listing = next(row for row in _csv_rows(feed_batch_build(day=day)) if row["证件类型"])
    assert listing["证件号码"] == PERSON_NUMBER
    assert listing["行政相对人名称"] == "王小明"


def test_a_day_without_publications_is_an_empty_batch_with_the_header(db):
    batch = feed_batch_build(day=datetime.date(2026, 1, 1))
    assert batch.rows == 0 and _csv_rows(batch) == []


class FlakyPusher(Pusher):
    calls: list = []
    failures = 2

    def push(self, *, day, csv_bytes, xlsx_bytes):
        FlakyPusher.calls.append(day)
        if len(FlakyPusher.calls) <= FlakyPusher.failures:
            raise PushUnavailable("HTTP 503")
        return f"HN-{day:%Y%m%d}-0001"


class RefusingPusher(Pusher):
    def push(self, *, day, csv_bytes, xlsx_bytes):
        raise PushRefused("HTTP 400")


def test_the_push_is_retried_until_the_platform_answers_and_its_receipt_is_kept(day, settings):
    settings.CREDIT_FEED_PUSHER = "tests.credit.test_feed.FlakyPusher"
    FlakyPusher.calls = []
    batch = feed_batch_build(day=day)
    tasks.feed_push.apply(args=[batch.pk])
    batch.refresh_from_db()
    assert batch.state == FeedBatch.State.PUSHED
    assert batch.attempts == 3 and batch.receipt == f"HN-{day:%Y%m%d}-0001"
    assert batch.last_error == ""
    assert feed_batch_push(batch_id=batch.pk).receipt == batch.receipt  # a second run pushes nothing
    assert len(FlakyPusher.calls) == 3
    assert feed_batch_build(day=day).sha256 == batch.sha256  # a pushed batch is not rebuilt


def test_a_refused_batch_is_marked_failed_without_retrying(day, settings):
    settings.CREDIT_FEED_PUSHER = "tests.credit.test_feed.RefusingPusher"
    batch = feed_batch_push(batch_id=feed_batch_build(day=day).pk)
    assert batch.state == FeedBatch.State.FAILED and batch.attempts == 1
    assert batch.last_error == "HTTP 400"


def test_the_daily_task_feeds_yesterday_into_the_directory_with_a_receipt(
    hrss_officer, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.CREDIT_FEED_PUSHER = "credit.feed.pushers.DirectoryPusher"
    settings.CREDIT_FEED_DIRECTORY = str(tmp_path / "feed")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        batch_id = tasks.feed_daily.apply().get()
    batch = FeedBatch.objects.get(pk=batch_id)
    assert batch.day == yesterday and batch.state == FeedBatch.State.PUSHED
    name = f"penalties-{yesterday:%Y%m%d}.csv"
    assert batch.receipt == f"{name} sha256:{batch.sha256}"
    assert (tmp_path / "feed" / name).read_bytes().decode("utf-8").startswith("行政相对人名称,")
    assert tasks.feed_daily.apply().get() == batch_id
