"""The reference data demo cases are drawn from: areas with their lead and co-lead bureaus."""

import dataclasses
import datetime
import secrets

from django.db.models import Max

from intake.models import AreaBureau, Report
from supervision.demo import plan


@dataclasses.dataclass(frozen=True)
class DemoArea:
    id: int
    lead_id: int
    other_id: int | None


@dataclasses.dataclass
class DemoSetup:
    areas: dict[str, DemoArea]
    area_bands: list
    source_bands: list
    offset: int
    salt: str

    @staticmethod
    def reference(number: int, created: datetime.datetime) -> str:
        return f"DM-{created.year}-{number:08d}"


class MissingReferenceData(Exception):
    """The areas or their routing are not loaded (run migrate first)."""


def demo_setup() -> DemoSetup:
    routing: dict[str, dict] = {}
    for code, role, bureau_id, area_id in (
        AreaBureau.objects.filter(
            area__code__in=list(plan.AREA_WEIGHTS), role__in=[AreaBureau.Role.LEAD, AreaBureau.Role.CO_LEAD]
        )
        .order_by("area__number", "position")
        .values_list("area__code", "role", "bureau_id", "area_id")
    ):
        entry = routing.setdefault(code, {"id": area_id, "lead": None, "other": None})
        if role == AreaBureau.Role.LEAD:
            entry["lead"] = bureau_id
        elif entry["other"] is None:
            entry["other"] = bureau_id
    missing = [code for code in plan.AREA_WEIGHTS if not routing.get(code, {}).get("lead")]
    if missing:
        raise MissingReferenceData(", ".join(missing))
    weights = {code: plan.AREA_WEIGHTS[code] for code in routing}
    offset = (Report.objects.aggregate(last=Max("id"))["last"] or 0) + 1
    return DemoSetup(
        areas={code: DemoArea(e["id"], e["lead"], e["other"]) for code, e in routing.items()},
        area_bands=plan.cumulative(weights),
        source_bands=plan.cumulative(plan.SOURCE_WEIGHTS),
        offset=offset,
        salt=secrets.token_hex(6),
    )
