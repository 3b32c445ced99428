import pytest

from tests.factories import report_file
from workflow.models import Case


@pytest.fixture
def file_case(db, django_capture_on_commit_callbacks):
    """File a web report whose case opens after commit; returns the Case."""

    def _file(**overrides) -> Case:
        with django_capture_on_commit_callbacks(execute=True):
            submission = report_file(**overrides)
        return Case.objects.get(report=submission.report)

    return _file
