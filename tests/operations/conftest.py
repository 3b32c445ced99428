import pytest

from intake.models import Report
from workflow.models import Case


@pytest.fixture
def file_case(db, django_capture_on_commit_callbacks):
    """File a web report whose case opens after commit; returns the Case."""
    from intake.services import report_submit
    from tests.support.drafts import report_draft

    def _file(**overrides) -> Case:
        values = {
            "source": Report.Source.WEB,
            "description": "老板拖欠我们三个月工资,一直不给。",
            "area": None,
        }
        values.update(overrides)
        with django_capture_on_commit_callbacks(execute=True):
            submission = report_submit(report_draft(**values))
        return Case.objects.get(report=submission.report)

    return _file
