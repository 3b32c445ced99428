"""Text likeness for duplicates: amounts in either script, places, particular words; and the
marks read from full-width digits and long company accounts. No database."""

import pickle

import pytest

from intake.triage import duplicates
from intake.triage.likeness import TextLikeness, amounts, chinese_value

TOWNS = ["那大镇", "南丰镇", "光村镇", "王五镇"]
CORPUS = ["老板拖欠工资三个月不发", "工厂晚上偷偷排放污水到河里", "骗子打电话让我转账到安全账户"]


@pytest.fixture(scope="module")
def likeness():
    return TextLikeness().fit(CORPUS, places=TOWNS)


@pytest.mark.parametrize(
    "numeral, value",
    [
        ("十八万六千", 186000),
        ("六万八", 68000),
        ("三千八", 3800),
        ("九百八十", 980),
        ("九百八", 980),
        ("三十二", 32),
        ("一万五", 15000),
        ("两万三", 23000),
        ("十一万二千", 112000),
        ("万一", None),
        ("千万", None),
        ("七八", None),
    ],
)
def test_chinese_numerals_are_read_as_values(numeral, value):
    assert chinese_value(numeral) == value


def test_amounts_in_either_script_are_the_same_value():
    assert amounts("判了赔我十八万六千元")[1] == amounts("判了赔我186000元")[1] == [186000]
    assert amounts("卡里的六万八被转走了")[1] == amounts("被转走68000元")[1] == [68000]
    assert amounts("一共4.6万")[1] == [46000]
    assert amounts("二十多万")[1] == [200000]
    # Phones and accounts are marks, not amounts; a WeChat ID is a word; 一个 is no amount.
    assert amounts("号码139 0765 1234，转到62284801334567890")[1] == []
    assert amounts("微信号xs6688vip，一个人")[1] == []


def test_places_by_full_and_short_name_but_not_inside_another_word(likeness):
    assert likeness.profile("南丰那个砖厂又冒黑烟了").places == {"南丰镇"}
    assert likeness.profile("那大那个小区的地下室").places == {"那大镇"}
    assert likeness.profile("那大概是上个月的事，那大爷也看到了").places == frozenset()


def test_reworded_text_is_alike_and_another_matter_of_the_area_is_not(likeness):
    first = likeness.profile("王五镇有个叫康乐堂的推拿店私自给人输液，店里没有医生")
    again = likeness.profile("康乐堂推拿店还在给人打吊针输液")
    other = likeness.profile("有个个体诊所没有执照，给小孩打针")
    assert duplicates.same_matter(first, again, agree=True) is not None
    assert duplicates.same_matter(first, other, agree=True) is None
    elsewhere = likeness.profile("光村镇有个叫康乐堂的推拿店私自给人输液，店里没有医生")
    assert first.similarity(elsewhere) > 0.9
    assert duplicates.same_matter(first, elsewhere, agree=True) is None  # another town


def test_full_width_phone_and_a_twenty_digit_company_account_are_marks():
    assert duplicates.phones_in("对方号码１７６０８８３２４５１") == {"17608832451"}
    assert duplicates.accounts_in("收款账户46050100123400001234") == {"46050100123400001234"}
    assert duplicates.accounts_in("卡号6222 0213 4567 8901 234") == {"6222021345678901234"}


def test_areas_agree_when_the_likeliest_of_one_is_among_the_others_likeliest_two():
    wages = duplicates.likeliest_areas([("wage_arrears", 0.6), ("judgment_default", 0.3)], 0.1)
    judgment = duplicates.likeliest_areas([("judgment_default", 0.5), ("telecom_fraud", 0.2)], 0.3)
    noise = duplicates.likeliest_areas([("environment", 0.2)], 0.7)
    assert wages == ("wage_arrears", "judgment_default") and noise == ("out_of_scope", "environment")
    assert duplicates.areas_agree(wages, judgment)
    assert not duplicates.areas_agree(wages, noise)
    assert not duplicates.areas_agree(wages, None)


def test_a_model_stored_before_this_likeness_still_compares_texts():
    legacy = pickle.loads(pickle.dumps(TextLikeness()))
    legacy.__dict__.clear()
    legacy.__setstate__({"pipeline": object()})
    assert legacy.documents == 0 and legacy.places == ()
    text = "木材加工厂晚上排放刺鼻废气"
    assert legacy.profile(text).similarity(legacy.profile(text)) == pytest.approx(1.0)
