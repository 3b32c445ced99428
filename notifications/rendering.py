"""Message texts: Django templates per kind and language.

`notifications/messages/<kind>.<language>.txt`, first line the subject, the rest the body.
Kept as templates per language (not .po catalogues) so both languages exist from the start.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

LANGUAGES = ("zh-hans", "en")


def language_of(code: str | None) -> str:
    """The template language for a language code: English or Simplified Chinese."""
    return "en" if (code or "").lower().startswith("en") else "zh-hans"


def message_render(kind: str, language: str | None, context: dict) -> tuple[str, str]:
    """(subject, body) of a message of `kind` in `language`."""
    lang = language_of(language)
    values = {
        "site_name": settings.NOTIFICATIONS_SITE_NAME.get(lang, ""),
        "tracking_url": settings.NOTIFICATIONS_TRACKING_URL,
        "site_url": settings.NOTIFICATIONS_SITE_URL,
        **context,
    }
    with translation.override(lang):
        text = render_to_string(f"notifications/messages/{kind}.{lang}.txt", values)
    subject, _, body = text.strip().partition("\n")
    return subject.strip(), body.strip()
