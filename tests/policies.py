"""Adopting a policy in a test, as a supervisor does: a new draft, adopted with its source."""

import datetime

from django.contrib.auth import get_user_model

from intake.models import Area, Bureau, Policy
from intake.policies import policy_adopt, policy_draft
from tests import factories
from workflow.models import Officer


def _supervisor():
    user = get_user_model().objects.filter(username="policy-supervisor").first()
    if user is None:
        user = factories.officer("policy-supervisor", "civilisation_office", Officer.Role.SUPERVISOR)
    return user


def policy_set(key: str, *, value=None, text: str = "", text_en: str = "", area: Area | None = None):
    """Adopt `value` (or wording) for the policy `key` as an NDRC decision; returns the version."""
    citywide = Policy.objects.get(key=key, area=None)
    policy = citywide
    if area is not None:
        policy, _ = Policy.objects.get_or_create(
            key=key, area=area, defaults={"title": citywide.title, "use": citywide.use}
        )
    user = _supervisor()
    version = policy_draft(policy=policy, user=user, value=value, text=text, text_en=text_en)
    return policy_adopt(
        version=version,
        user=user,
        source="bureau_decision",
        issuing_bureau=Bureau.objects.get(code="ndrc"),
        document_number="儋发改〔2026〕1号",
        document_date=datetime.date(2026, 1, 5),
    )


def area_deadlines(area: Area, **days: int):
    """Draft the area's own step deadlines (used inside the administration while a draft)."""
    from intake.policies import STEP_DEADLINES

    policy, _ = Policy.objects.get_or_create(
        key=STEP_DEADLINES, area=area, defaults={"title": "各环节办理时限（工作日）", "use": "internal"}
    )
    return policy_draft(policy=policy, user=_supervisor(), value=days)
