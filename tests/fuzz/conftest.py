"""The fuzz suite: bounded (examples per operation, total time), counted, and printed at the end."""

from collections import Counter

import pytest

# How many inputs each part of the fuzz suite tried, for the closing summary.
TRIED: Counter = Counter()


@pytest.fixture(autouse=True)
def _limits_out_of_the_way(settings):
    """Rate limits would answer 429 long before the inputs run out; they have tests of their own."""
    settings.INTAKE_SUBMIT_RATE = "100000/h"
    settings.INTAKE_TRACK_RATE = "100000/h"


# Failing today only because of issue 14 finding 15 (the schema does not document the 400,
# 401 and 404 answers), which part A fixes: remove an entry once that fix is on main.
FINDING_15 = "issue 14 finding 15 (part A): the schema does not document this {status} answer"
PART_A_XFAIL = {
    "test_api_anonymous[GET /api/v1/cases/]": FINDING_15.format(status="401"),
    "test_api_anonymous[GET /api/v1/cases/{reference}/]": FINDING_15.format(status="401"),
    "test_api_with_a_staff_token[GET /api/v1/cases/{reference}/]": FINDING_15.format(status="401"),
    "test_api_with_a_staff_token[GET /api/v1/cases/]": FINDING_15.format(status="404 (page out of range)"),
    "test_api_anonymous[POST /api/v1/track/]": FINDING_15.format(status="400"),
    "test_api_with_a_staff_token[POST /api/v1/track/]": FINDING_15.format(status="400"),
}
for _caller in ("test_api_anonymous", "test_api_with_a_staff_token"):
    for _path in ("entries/", "entries/{id}/", "red-list/", "sectors/"):
        PART_A_XFAIL[f"{_caller}[GET /api/v1/credit/{_path}]"] = FINDING_15.format(status="404")


def pytest_collection_modifyitems(config, items):
    for item in items:
        reason = PART_A_XFAIL.get(item.name)
        if reason:
            item.add_marker(pytest.mark.xfail(reason=reason, strict=False))


def pytest_terminal_summary(terminalreporter):
    if TRIED:
        terminalreporter.write_sep("-", "fuzz inputs tried")
        for name, count in sorted(TRIED.items()):
            terminalreporter.write_line(f"{name}: {count}")
        terminalreporter.write_line(f"total: {sum(TRIED.values())}")
