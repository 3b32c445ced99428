"""Each unit hears that its section of a bulletin is waiting for it (rules, part 5.3)."""

from django.urls import reverse

from notifications import selectors
from notifications.models import Message
from notifications.services.events import _staff_drafts
from notifications.services.outbox import messages_create
from notifications.services.texts import site_url
from supervision.models import BulletinSection
from workflow.models import Officer


def bulletin_sections_notify(*, section_ids: list[int]) -> list[Message]:
    """The officers and heads of each unit with a section, in-app (and by e-mail where staff
    e-mail is on); once per section and person."""
    drafts = []
    for section in BulletinSection.objects.filter(pk__in=section_ids).select_related("bulletin"):
        bulletin = section.bulletin
        staff = selectors.bureau_staff(section.bureau_id, [Officer.Role.OFFICER, Officer.Role.HEAD])
        context = {
            "period": f"{bulletin.start:%Y-%m-%d} – {bulletin.end:%Y-%m-%d}",
            "section_url": site_url(reverse("supervision:unit_section", args=[section.pk])),
        }
        drafts += _staff_drafts(staff, Message.Kind.BULLETIN, context=context, key=f"section:{section.pk}")
    return messages_create(drafts=drafts) if drafts else []
