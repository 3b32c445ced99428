"""The 双公示 data items for administrative penalty information, in the standard's order, and
one row per published penalty or blacklist listing.

Identity numbers of persons leave masked unless `settings.CREDIT_FEED_UNMASKED_ID_NUMBERS` is
on (the platform's standard asks for the number of a natural person; the city decides whether
this feed carries it). A person's name follows the same setting: masked like on the public pages.
"""

import datetime
from decimal import Decimal

from django.conf import settings

from credit.models import Publication, Subject

# The standard's items, in its order.
HEADERS = [
    "行政相对人名称",
    "行政相对人类别",
    "行政相对人代码_1(统一社会信用代码)",
    "行政相对人代码_2(工商注册号)",
    "行政相对人代码_3(组织机构代码)",
    "行政相对人代码_4(税务登记号)",
    "行政相对人代码_5(事业单位证书号)",
    "行政相对人代码_6(社会组织登记证号)",
    "法定代表人",
    "法定代表人证件类型",
    "法定代表人证件号码",
    "证件类型",
    "证件号码",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额（万元）",
    "没收违法所得、没收非法财物的金额（万元）",
    "暂扣或吊销证照名称及编号",
    "处罚决定日期",
    "处罚有效期",
    "公示截止期",
    "处罚机关",
    "处罚机关统一社会信用代码",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
    "备注",
]

ORGANISATION = "法人及非法人组织"
PERSON = "自然人"
SOLE_TRADER = "个体工商户"
ID_CARD = "身份证"
# The standard's date format, and its date for "no end".
DATE_FORMAT = "%Y/%m/%d"
NO_END = datetime.date(2099, 12, 31)
TEN_THOUSAND = Decimal(10000)


def _date(day: datetime.date | None) -> str:
    return (day or NO_END).strftime(DATE_FORMAT)


def _ten_thousand_yuan(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    return str((amount / TEN_THOUSAND).quantize(Decimal("0.000001")))


def _category(subject: Subject) -> str:
    if subject.kind == Subject.Kind.PERSON:
        return PERSON
    # GB 32100: registration authority 9 (market regulation), category 2: individual businesses.
    if subject.credit_code.startswith("92"):
        return SOLE_TRADER
    return ORGANISATION


def feed_row(publication: Publication, *, measures: list[str] = ()) -> list[str]:
    """The data items of one published penalty or blacklist listing, in the order of HEADERS."""
    subject = publication.subject
    unmasked = bool(getattr(settings, "CREDIT_FEED_UNMASKED_ID_NUMBERS", False))
    is_person = subject.kind == Subject.Kind.PERSON
    name = publication.public_name
    if is_person and unmasked and subject.name:
        name = subject.name
    id_number = ""
    if is_person:
        id_number = subject.id_number if unmasked and subject.id_number else subject.id_masked
    bureau = publication.bureau
    listing = publication.listing
    if publication.kind == Publication.Kind.BLACKLIST:
        category = "其他"
        content = "列入失信黑名单，实施联合惩戒"
        if measures:
            content += "：" + "；".join(measures)
        in_force_until = listing.listed_until if listing else None
        note = "失信黑名单"
    else:
        category = "罚款" if publication.amount else "其他"
        content = publication.summary
        # 处罚有效期 is how long the penalty itself has effect; a penalty records no end of its
        # own (how long it stays published is the 公示截止期 below).
        in_force_until = None
        note = ""
    return [
        name,
        _category(subject),
        subject.credit_code,
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        ID_CARD if is_person else "",
        id_number,
        publication.decision_number,
        publication.area.name if publication.area_id else "",
        publication.summary,
        publication.legal_basis,
        category,
        content,
        _ten_thousand_yuan(publication.amount) if publication.kind == Publication.Kind.PENALTY else "",
        "",
        "",
        _date(publication.decision_date),
        _date(in_force_until),
        _date(publication.valid_until),
        bureau.name,
        bureau.credit_code,
        bureau.name,
        bureau.credit_code,
        note,
    ]
