"""History lines in the reader's language.

A history note written by the system (a task's title, a bureau's name, a fixed sentence) was
stored in the language of whoever caused the step; the page shows it again from what the
entry points at (its task, its bureau), so an English reader sees English and a Chinese
reader Chinese. Notes people wrote stay as they wrote them.
"""

from django.utils import translation
from django.utils.translation import gettext
from viewflow.workflow.models import Task

from intake.models import Bureau
from workflow.models import HistoryEntry

Event = HistoryEntry.Event

# Sentences the services store as notes, by their msgid.
FIXED_NOTES = ("The reporter answered the question.",)
# Events whose note is only the name of the entry's bureau (shown beside it already).
BUREAU_NOTES = {Event.DISPATCHED, Event.PLACED}
# Events whose note is the title of the entry's task (ASSIGNED adds ": <username>").
TASK_NOTES = {Event.ASSIGNED, Event.REMINDER, Event.ESCALATION}


def _in_every_language(msgid: str) -> set[str]:
    with translation.override("zh-hans"):
        chinese = gettext(msgid)
    return {msgid, chinese}


def _bureau_names() -> dict[str, Bureau]:
    names = {}
    for bureau in Bureau.objects.only("pk", "name", "name_en"):
        names[bureau.name] = bureau
        if bureau.name_en:
            names[bureau.name_en] = bureau
    return names


def history_lines(entries) -> list[HistoryEntry]:
    """The entries with `line_note` set: the note as the current reader should read it."""
    entries = list(entries)
    task_ids = {entry.task_id for entry in entries if entry.event in TASK_NOTES and entry.task_id}
    titles = {task.pk: task.flow_task.task_title for task in Task.objects.filter(pk__in=task_ids)}
    bureaus = None
    fixed = {variant: msgid for msgid in FIXED_NOTES for variant in _in_every_language(msgid)}
    for entry in entries:
        note = entry.note
        if entry.event in BUREAU_NOTES and entry.bureau_id:
            note = ""  # the bureau is shown beside the event, in the reader's language
        elif entry.event in TASK_NOTES and entry.task_id in titles:
            who = note.rsplit(": ", 1)[1] if entry.event == Event.ASSIGNED and ": " in note else ""
            note = f"{titles[entry.task_id]}: {who}" if who else str(titles[entry.task_id])
        elif entry.event == Event.ASSISTANCE_REQUESTED and note:
            bureaus = bureaus if bureaus is not None else _bureau_names()
            parts = note.split(", ")
            if all(part in bureaus for part in parts):
                note = ", ".join(bureaus[part].label for part in parts)
        elif note in fixed:
            note = gettext(fixed[note])
        entry.line_note = note
    return entries
