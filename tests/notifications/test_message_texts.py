"""Every message kind has a Chinese and an English text."""

import pytest

from notifications.models import Message
from notifications.rendering import LANGUAGES, language_of, message_render

CONTEXT = {
    "reference": "DZ-2026-000042",
    "case_reference": "DZ-2026-000042",
    "case_url": "http://localhost:8000/workflow/cases/DZ-2026-000042/",
    "question": "Q?",
    "reply": "R.",
    "resolution": "Handled",
    "text": "Answer from the adapter",
    "task_title": "Sign for",
    "count": 12,
    "threshold": 10,
    "cases": [{"reference": "DZ-2026-000001", "due": "2026-03-01"}],
    "more": 0,
    "date": "2026-03-05",
}


@pytest.mark.parametrize("kind", Message.Kind.values)
def test_every_kind_renders_a_subject_and_body_in_both_languages(kind):
    rendered = {language: message_render(kind, language, CONTEXT) for language in LANGUAGES}
    for subject, body in rendered.values():
        assert subject and body
        assert "{{" not in subject + body and "{%" not in subject + body
    assert rendered["en"] != rendered["zh-hans"]
    assert rendered["en"][0].isascii()


def test_chinese_is_the_default_and_english_is_chosen_by_prefix():
    assert language_of(None) == "zh-hans"
    assert language_of("zh-hans") == "zh-hans"
    assert language_of("en-gb") == "en"
    subject, _ = message_render("received", "zh-hans", CONTEXT)
    assert "举报已受理" in subject


def test_texts_are_plain_text_not_html_escaped():
    _, body = message_render("reply", "en", {**CONTEXT, "reply": "Paid <all> wages & fees"})
    assert "Paid <all> wages & fees" in body
