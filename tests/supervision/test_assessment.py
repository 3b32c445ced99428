"""Target assessment: weighted score per bureau, ranked, units below the threshold flagged;
weights and threshold are the city's policies (drafts until adopted)."""

import pytest

from supervision.selectors.assessment import assessment_rank, assessment_scheme
from tests.policies import policy_set

pytestmark = pytest.mark.django_db


def test_march_ranking_with_the_draft_weights(march_filter, now):
    assert assessment_scheme().is_draft
    ranking = assessment_rank(march_filter, now=now)
    assert [(row.bureau.code, row.rank, row.score, row.flagged) for row in ranking] == [
        ("psb", 1, 80.0, False),  # every step on time, 1 of 3 closed, never returned, rated 4, none overdue
        (
            "hrss",
            2,
            62.1,
            False,
        ),  # 5 of 8 steps on time, 2 of 3 closed, 1 of 3 returned, 1 of 2 satisfied, 1 of 3 overdue
    ]
    hrss = ranking[1]
    assert hrss.parts == pytest.approx(
        {"on_time": 5 / 8, "closure": 2 / 3, "returns": 2 / 3, "satisfaction": 1 / 2, "overdue": 2 / 3}
    )


def test_weights_and_threshold_are_adopted_policies(march_filter, now):
    policy_set(
        "assessment-weights",
        value={"on_time": 0, "closure": 1, "returns": 0, "satisfaction": 0, "overdue": 0},
    )
    policy_set("assessment-criticism-threshold", value={"score": 50, "minimum_cases": 1})
    assert not assessment_scheme().is_draft
    ranking = assessment_rank(march_filter, now=now)
    assert [(row.bureau.code, row.score, row.flagged) for row in ranking] == [
        ("hrss", 66.7, False),
        ("psb", 33.3, True),  # flagged for the supervisors, who decide
    ]


def test_units_with_too_few_cases_are_listed_unranked(march_filter, now):
    policy_set("assessment-criticism-threshold", value={"score": 60, "minimum_cases": 4})
    ranking = assessment_rank(march_filter, now=now)
    assert [(row.bureau.code, row.rank) for row in ranking] == [("hrss", None), ("psb", None)]


def test_a_part_without_data_gives_its_weight_to_the_others(march_filter, now):
    from workflow.models import Case

    Case.objects.filter(bureau__code="psb").update(rating=None)
    from supervision.services.rollups import rollup_rebuild

    rollup_rebuild()
    psb = next(row for row in assessment_rank(march_filter, now=now) if row.bureau.code == "psb")
    assert psb.parts["satisfaction"] is None
    # (30 x 1 + 30 x 1/3 + 10 x 1 + 10 x 1) / 80
    assert psb.score == pytest.approx(round(100 * 60 / 80, 1))
