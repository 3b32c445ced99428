import pytest

from workflow.demo import STAGES, demo_cases_create
from workflow.models import Case

pytestmark = pytest.mark.django_db


def test_demo_cases_land_in_various_stages(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cases = demo_cases_create(len(STAGES))
    stages = {case.pk: Case.objects.get(pk=case.pk).stage for case in cases}
    assert set(stages.values()) == {
        Case.Stage.TRIAGE,
        Case.Stage.AWAITING_REPORTER,
        Case.Stage.DISPATCHED,
        Case.Stage.INVESTIGATING,
        Case.Stage.DECIDED,
        Case.Stage.REPLIED,
        Case.Stage.CLOSED,
        Case.Stage.DISPUTED,
    }
    assert Case.objects.filter(state=Case.State.CLOSED).count() == 1


def test_demo_cases_can_be_added_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demo_cases_create(3)
        demo_cases_create(3)
    assert Case.objects.count() == 6
