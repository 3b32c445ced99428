"""The case process in one place: what each human task decides, and what each human task is.

A human task records its decision in `task.data["decision"]` as a value of its node's
`decisions` choices, and the gateways of `workflow.flows.CaseFlow` route on those values
(`decided(...)`). The values are stored in task data: never change one.

Each human node of the case flow has one `HumanNode` below: its title, whose queue it waits
in, whom it goes to again, its deadline step and the case's stage while it is open.
`flows.py` builds the node from it and the services read it by the node's name, so a node's
facts are written once. Services and forms import this module, never `flows`.
"""

import enum
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from workflow.deadlines import Step
from workflow.models import Case

Stage = Case.Stage

# How task rows name the case flow and its nodes (`Process.flow_class`, `Task.flow_task`):
# a query filters on `node_ref(name)` without importing the flow.
FLOW_REF = "workflow/flows.CaseFlow"


def node_ref(name: str) -> str:
    return f"{FLOW_REF}.{name}"


# Decisions ---------------------------------------------------------------------------------


class TriageDecision(models.TextChoices):
    """Triage (分拣) by the complaint centre."""

    DISPATCH = "dispatch", _("Dispatch to a bureau")
    ASK = "ask", _("Ask the reporter for more information")
    MERGE = "merge", _("Merge into an open case (same matter)")
    REJECT = "reject", _("Reject as out of scope")
    EMERGENCY = "emergency", _("Emergency: referred to 110")


class SignDecision(models.TextChoices):
    """The dispatched bureau signs for the case (签收) or returns it (退单)."""

    SIGN = "sign", _("Sign for the case")
    RETURN = "return", _("Return it")


class PlacementDecision(models.TextChoices):
    """A supervisor placed a twice-returned case with a bureau."""

    PLACE = "place"


class InvestigateDecision(models.TextChoices):
    """The next step after a round of investigation (办理)."""

    DECIDE = "decide", _("Go on to the decision")
    ASSIST = "assist", _("Ask participating bureaus for their opinion")
    EXTEND = "extend", _("Ask a supervisor for more time")


class AssistDecision(models.TextChoices):
    """An asked bureau gave its opinion (协办)."""

    ANSWERED = "answered"


class ExtensionDecision(models.TextChoices):
    """A supervisor approved or refused more time (延期)."""

    APPROVED = "approved"
    REFUSED = "refused"


class DecideDecision(models.TextChoices):
    """The decision (处理决定) was recorded; its outcomes decide the follow-up."""

    DECIDED = "decided"


class RectificationDecision(models.TextChoices):
    """Did the subject rectify in time? A miss returns the case to the decision."""

    MET = "met"
    MISSED = "missed"


class ReferralDecision(models.TextChoices):
    """The public security bureau acknowledged a referral or sent it back."""

    ACKNOWLEDGE = "acknowledge"
    SEND_BACK = "send_back"


class ReplyDecision(models.TextChoices):
    """The reporter was replied to (答复)."""

    REPLIED = "replied"


class RatingDecision(models.TextChoices):
    """The reporter's rating (回访): a dispute goes to a supervisor."""

    RATED = "rated"
    DISPUTE = "dispute"


class DisputeDecision(models.TextChoices):
    """A supervisor confirmed the closure or reopened the investigation."""

    CONFIRM = "confirm"
    REOPEN = "reopen"


# Human nodes -------------------------------------------------------------------------------


class Holder(enum.Enum):
    """Whose queue a human task waits in (its owner permission)."""

    COMPLAINT_CENTRE = "complaint centre"
    SUPERVISORS = "supervisors"
    HANDLING_BUREAU = "the case's handling bureau"
    ASSISTING_BUREAU = "the bureau an assistance request was sent to"
    POLICE_BUREAU = "the public security bureau"


# The case's investigation deadline (from signing, moved by extensions), not a step's own.
INVESTIGATION = "investigation"

# Whose earlier tasks a new task goes back to (see `HumanNode.assign_from`).
HANDLING_OFFICER = ("investigate", "decide", "sign", "rectification_check", "reply")
CASE_SUPERVISOR = ("placement", "extension_review", "dispute_review")


@dataclass(frozen=True)
class HumanNode:
    """One human task of the case flow."""

    name: str  # the node's attribute on CaseFlow
    title: str
    holder: Holder
    step: str  # its deadline: a deadline policy step, or INVESTIGATION
    stage: str | None  # the case's stage while the task is open (None: unchanged)
    decisions: type[models.TextChoices]  # what it records in task.data["decision"]
    # Its deadline becomes the case's and it sets the stage (an assistance task runs beside).
    main_path: bool = True
    # Given to whoever last completed one of these nodes of the case, if they still hold the
    # task's permission; otherwise (and when empty) it waits in the holder's queue.
    assign_from: tuple[str, ...] = ()

    @property
    def ref(self) -> str:
        return node_ref(self.name)


TRIAGE = HumanNode(
    "triage",
    _("Triage"),
    Holder.COMPLAINT_CENTRE,
    Step.TRIAGE,
    Stage.TRIAGE,
    TriageDecision,
    assign_from=("triage",),
)
SIGN = HumanNode(
    "sign", _("Sign for or return"), Holder.HANDLING_BUREAU, Step.SIGN, Stage.DISPATCHED, SignDecision
)
PLACEMENT = HumanNode(
    "placement",
    _("Place the case with a bureau"),
    Holder.SUPERVISORS,
    Step.SUPERVISOR,
    Stage.SUPERVISOR_PLACEMENT,
    PlacementDecision,
    assign_from=CASE_SUPERVISOR,
)
INVESTIGATE = HumanNode(
    "investigate",
    _("Investigate"),
    Holder.HANDLING_BUREAU,
    INVESTIGATION,
    Stage.INVESTIGATING,
    InvestigateDecision,
    assign_from=HANDLING_OFFICER,
)
EXTENSION_REVIEW = HumanNode(
    "extension_review",
    _("Approve or refuse an extension"),
    Holder.SUPERVISORS,
    Step.SUPERVISOR,
    Stage.INVESTIGATING,
    ExtensionDecision,
    assign_from=CASE_SUPERVISOR,
)
ASSIST = HumanNode(
    "assist",
    _("Give an opinion"),
    Holder.ASSISTING_BUREAU,
    Step.ASSIST,
    None,
    AssistDecision,
    main_path=False,
    assign_from=("assist",),
)
DECIDE = HumanNode(
    "decide",
    _("Decide"),
    Holder.HANDLING_BUREAU,
    INVESTIGATION,
    Stage.INVESTIGATING,
    DecideDecision,
    assign_from=HANDLING_OFFICER,
)
RECTIFICATION_CHECK = HumanNode(
    "rectification_check",
    _("Check the rectification"),
    Holder.HANDLING_BUREAU,
    Step.RECTIFICATION_CHECK,
    Stage.DECIDED,
    RectificationDecision,
    assign_from=HANDLING_OFFICER,
)
REFERRAL = HumanNode(
    "referral",
    _("Acknowledge the referral"),
    Holder.POLICE_BUREAU,
    Step.POLICE_ACK,
    Stage.DECIDED,
    ReferralDecision,
    assign_from=("referral",),
)
REPLY = HumanNode(
    "reply",
    _("Reply to the reporter"),
    Holder.HANDLING_BUREAU,
    Step.REPLY,
    Stage.DECIDED,
    ReplyDecision,
    assign_from=HANDLING_OFFICER,
)
DISPUTE_REVIEW = HumanNode(
    "dispute_review",
    _("Review the reporter's dispute"),
    Holder.SUPERVISORS,
    Step.SUPERVISOR,
    Stage.DISPUTED,
    DisputeDecision,
    assign_from=CASE_SUPERVISOR,
)

# In the order of the case's life (the workbench's task filter lists them so).
HUMAN_NODES: dict[str, HumanNode] = {
    node.name: node
    for node in (
        TRIAGE,
        SIGN,
        PLACEMENT,
        INVESTIGATE,
        EXTENSION_REVIEW,
        ASSIST,
        DECIDE,
        RECTIFICATION_CHECK,
        REFERRAL,
        REPLY,
        DISPUTE_REVIEW,
    )
}

# Nodes that wait for the reporter (flow.Handle), run by what arrives through the receipt.
AWAIT_REPORTER = "await_reporter"  # an answer to the triage question
AWAIT_RATING = "await_rating"  # the rating of the reply; records a RatingDecision

# What each deciding node records, by node name: the vocabulary of the gateway after it.
DECISIONS: dict[str, type[models.TextChoices]] = {
    **{node.name: node.decisions for node in HUMAN_NODES.values()},
    AWAIT_RATING: RatingDecision,
}
