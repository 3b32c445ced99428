"""What supervision tells higher apps (notifications relays it to /ws/supervision/)."""

from django.dispatch import Signal

# The figures of some days changed; sent after commit. kwargs: days: list[str] (ISO dates),
# bureau_ids: list[int] (the bureaus whose cases changed; empty after a full rebuild).
figures_changed = Signal()

# A bulletin's sections reached their units; sent after commit. kwargs: bulletin_id, section_ids.
bulletin_sections_sent = Signal()
