"""Shared helpers for the source adapter tests: captured replies and evidence bytes."""

import io

import pytest
from PIL import Image

from intake import signals


@pytest.fixture
def replies():
    """Every reply_requested signal sent during the test, as dicts of its kwargs."""
    sent = []

    def receiver(sender, **kwargs):
        kwargs.pop("signal", None)
        sent.append(kwargs)

    signals.reply_requested.connect(receiver, weak=False)
    yield sent
    signals.reply_requested.disconnect(receiver)


def image_bytes(fmt: str = "PNG", size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture
def open_area(db):
    """An area without required questions, so one-shot messages can name it."""
    from intake.models import Area

    return Area.objects.create(code="test_area", number=99, name="测试领域", name_en="Test area")
