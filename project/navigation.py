"""The staff navigation: one list of places, shown on every staff page in the same menu."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from intake.sources.hotline import PERMISSION as HOTLINE_PERMISSION
from supervision.selectors.access import supervision_scope
from workflow.selectors import workbench_user


@dataclass(frozen=True)
class Place:
    label: str
    url: str
    icon: str
    current: bool


def staff_places(request) -> list[Place]:
    """The staff places `request.user` may open, the current one marked; empty for residents."""
    user = request.user
    if not user.is_authenticated:
        return []
    places = []
    if workbench_user(user):
        places.append((_("Workbench"), reverse("case:index"), "work"))
    if supervision_scope(user) is not None:
        places.append((_("Supervision"), reverse("supervision:dashboard"), "insights"))
    places.append((_("Notices"), reverse("notifications:notice_list"), "notifications"))
    if user.has_perm(HOTLINE_PERMISSION):
        places.append((_("Hotline report"), reverse("hotline-file"), "call"))
    if user.is_staff:
        places.append((_("Administration"), reverse("admin:index"), "settings"))
    return [
        Place(label=label, url=url, icon=icon, current=request.path.startswith(url))
        for label, url, icon in places
    ]


def staff_navigation(request) -> dict:
    """Context processor: the staff places, computed only when a page shows the menu."""
    return {"staff_places": SimpleLazyObject(lambda: staff_places(request))}
