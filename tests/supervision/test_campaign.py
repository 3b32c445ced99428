"""The campaign of the rules (part 4, lines 68-73): three phases with the rules' names and
dates, no day in two phases."""

import datetime

import pytest

from supervision.models import Campaign

pytestmark = pytest.mark.django_db


def test_the_three_phases_carry_the_rules_names_and_dates_and_share_no_day():
    campaign = Campaign.objects.get(name="集中治理诚信缺失突出问题")
    phases = list(campaign.phases.order_by("start").values_list("name", "start", "end"))
    assert phases == [
        ("及时动员部署，制定实施细则", datetime.date(2018, 11, 1), datetime.date(2018, 12, 30)),
        ("组织专项行动，开展集中整治", datetime.date(2019, 1, 1), datetime.date(2019, 5, 30)),
        # The rules say "2019年5月30日至长期"; the day after phase 2 ends, so no day is in two.
        ("加强督促检查，总结工作经验", datetime.date(2019, 5, 31), None),
    ]
    for (_name, _start, end), (_next, start, _end) in zip(phases, phases[1:], strict=False):
        assert end < start
    assert campaign.areas.count() == 18
