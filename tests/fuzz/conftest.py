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


def pytest_terminal_summary(terminalreporter):
    if TRIED:
        terminalreporter.write_sep("-", "fuzz inputs tried")
        for name, count in sorted(TRIED.items()):
            terminalreporter.write_line(f"{name}: {count}")
        terminalreporter.write_line(f"total: {sum(TRIED.values())}")
