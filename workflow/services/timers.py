"""The periodic sweep: viewflow's database timers and reports still without a case."""

import logging

from viewflow.workflow.timers import fire_due_timers

from workflow.services.cases import reports_without_case_open

logger = logging.getLogger(__name__)


def timers_fire() -> dict:
    """Fire every due timer and open missing cases; safe to run from several workers."""
    fired = fire_due_timers()
    opened = reports_without_case_open()
    if fired or opened:
        logger.info("workflow timers fired", extra={"timers": fired, "cases_opened": opened})
    return {"timers": fired, "cases_opened": opened}
