"""The 19 joint-punishment measures in the rules' words, each carried out by a unit that holds
the power (areas 3, 5, 12, 16 and part 3(2)2)."""

import pytest

from workflow.models import Measure

pytestmark = pytest.mark.django_db

# code: (name in the rules' words, the unit that carries it out)
CATALOGUE = {
    "restrict_flights_trains": ("限制坐动车、坐飞机", "市人民法院"),
    "restrict_luxury_consumption": ("限制住宾馆、购买非经营必需车辆等高消费行为", "市人民法院"),
    "restrict_exit": ("限制出境（禁止出国出境）", "市公安局"),
    "freeze_deposits": ("冻结不能说明来源的较大以上存款，清查追缴涉案财产", "市公安局"),
    "demolish_illegal_buildings": ("拆除利用赃款所建、违规所建房屋", "市综合行政执法局"),
    "cancel_policy_subsidies": ("取消政策性优惠补贴（助）", "市财政局"),
    "cancel_medical_insurance_subsidy": ("停止城乡居民医保财政补助", "市人社局"),
    "one_phone_number": ("每人只能申请一个手机号码", "市电信公司"),
    "one_bank_account": ("每人只能申请一个银行账号", "儋州银监办"),
    "weekly_whereabouts": ("实行每周行踪报告制度", "市公安局"),
    "restrict_credit": ("限制信贷", "儋州银监办"),
    "restrict_land_supply": ("限制供地", "市国土局"),
    "bar_government_procurement": ("限制参加政府采购", "市财政局"),
    "higher_electricity_tariff": ("提高电价", "市物价局"),
    "higher_sewage_charges": ("提高污水处理费标准", "市物价局"),
    "bar_tenders": ("限制参与招标投标", "市政务中心"),
    "bar_government_funds": ("限制申请政府性资金", "市财政局"),
    "strict_licence_review": ("从严审核许可事项", "市政务中心"),
    "bar_charity_award": ("禁止参评“中华慈善奖”", "市民政局"),
}


def test_all_19_measures_carry_the_rules_words_and_a_unit_with_the_power():
    measures = {m.code: (m.name, m.bureau.name) for m in Measure.objects.select_related("bureau")}
    assert measures == CATALOGUE
    names = " ".join(name for name, _unit in CATALOGUE.values())
    assert "动车" in names and "高铁" not in names
    assert "宾馆" in names and "星级" not in names
    assert "污水处理费" in names
    assert measures["freeze_deposits"][1] != "市金融办"


def test_the_china_charity_award_ban_is_carried_out_by_civil_affairs():
    """Rules, area 16 (line 44): 禁止参评“中华慈善奖”, by 市民政局, the lead of area 16."""
    measure = Measure.objects.select_related("bureau").get(code="bar_charity_award")
    assert measure.name == "禁止参评“中华慈善奖”"
    assert measure.bureau.code == "civil_affairs" and measure.is_active
