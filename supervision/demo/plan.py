"""How demo cases are spread: shared by the Python generator and the PostgreSQL one.

Every random choice is a function of uniform numbers in [0, 1), written once here in
Python and once in SQL (demo/sql.py) with the same thresholds.
"""

SPAN_DAYS = 730  # cases over the last two years

SOURCE_WEIGHTS = {"web": 35, "wechat": 30, "hotline": 15, "sms": 8, "email": 5, "open311": 7}
AREA_WEIGHTS = {
    "telecom_fraud": 16,
    "wage_arrears": 14,
    "financial": 8,
    "transport": 7,
    "tax_fake_invoices": 6,
    "low_price_tours": 6,
    "environment": 6,
    "fake_drugs": 5,
    "illegal_medical": 5,
    "insurance_fraud": 4,
    "judgment_default": 4,
    "online_rumours": 4,
    "illegal_lottery": 4,
    "poverty_relief": 3,
    "performance_tickets": 3,
    "charity_fraud": 2,
    "illegal_social_orgs": 2,
    "fraud_blacklist_controls": 2,
}
LEAD_SHARE = 0.9  # the rest go to a co-lead unit
REJECTED, MERGED, EMERGENCY = 0.05, 0.08, 0.085  # cumulative shares of the fates
RATED_SHARE = 0.75
RATING_CUTS = [(0.50, 5), (0.75, 4), (0.87, 3), (0.94, 2), (1.01, 1)]  # of r_rate / RATED_SHARE
DISPUTE_SHARE = 0.3  # of ratings 1 or 2
RETURN_TWICE, RETURN_ONCE = 0.01, 0.08
REOPEN_SHARE = 0.02
EXTENSION_SHARE = 0.06
INVESTIGATION_DAYS = 21  # calendar days given, about 15 working days
EXTENSION_DAYS = 10

DESCRIPTIONS = {
    "telecom_fraud": ["接到冒充公检法的电话,要求转账到“安全账户”。", "网上刷单返利被骗,对方已失联。"],
    "online_rumours": ["微信群里有人造谣说本市自来水被污染。", "网上散布虚假疫情信息,引起恐慌。"],
    "fraud_blacklist_controls": ["电诈黑名单人员仍在办理新的银行卡。", "失信人员仍在乘坐高铁出行。"],
    "financial": ["某公司以高息为诱饵非法集资。", "网贷平台暴力催收,利息远超规定。"],
    "environment": ["工厂夜间偷排污水到河里。", "企业环评报告数据造假。"],
    "poverty_relief": ["村干部虚报冒领扶贫款。", "扶贫项目资金被挪作他用。"],
    "illegal_medical": ["小区里有人无证行医,给人打针输液。", "诊所无执业许可开展美容手术。"],
    "fake_drugs": ["药店出售假冒降压药。", "网上销售没有批准文号的“特效药”。"],
    "wage_arrears": ["老板拖欠我们三个月工资,一直不给。", "工地包工头拖欠农民工工资后失联。"],
    "low_price_tours": ["低价团被强制购物,不买就不让走。", "导游辱骂不购物的游客。"],
    "tax_fake_invoices": ["商家拒开发票,要开就加税点。", "有人在街上兜售假发票。"],
    "judgment_default": ["被执行人有能力却拒不履行判决。", "老赖转移财产逃避执行。"],
    "transport": ["货车严重超载上路。", "无资质网约车在机场拉客。"],
    "insurance_fraud": ["有人伪造事故骗取车险理赔。", "医院配合虚假住院骗保。"],
    "illegal_social_orgs": ["未登记的“协会”向企业收取会费。", "非法社会组织以评奖名义敛财。"],
    "charity_fraud": ["网上募捐的病情是编造的。", "慈善机构募集款物去向不明。"],
    "performance_tickets": ["演唱会门票被黄牛大量囤积加价。", "演出宣传的明星并未到场。"],
    "illegal_lottery": ["小卖部私下卖私彩。", "网络赌博平台冒充福利彩票。"],
}


def triage_hours(r: float) -> float:
    if r < 0.8:
        return 1 + r / 0.8 * 19
    if r < 0.95:
        return 20 + (r - 0.8) / 0.15 * 40
    return 60 + (r - 0.95) / 0.05 * 60


def sign_hours(r: float) -> float:
    if r < 0.85:
        return 0.5 + r / 0.85 * 19.5
    return 20 + (r - 0.85) / 0.15 * 52


def investigation_days(r: float) -> float:
    return 2 + r * 26


def close_days(r: float) -> float:
    return 1 + r * 8


def cumulative(weights: dict[str, int]) -> list[tuple[str, float, float]]:
    """(key, low, high) bands over [0, 1) in the order given."""
    total = sum(weights.values())
    bands, low = [], 0.0
    for key, weight in weights.items():
        high = low + weight / total
        bands.append((key, low, high))
        low = high
    bands[-1] = (bands[-1][0], bands[-1][1], 1.0000001)
    return bands
