"""Large phone photos are never decoded at full size in the web process (finding 11).
Time and memory figures: bench/evidence.py."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, JpegImagePlugin

from intake.evidence import evidence_check


def photo(size, fmt="JPEG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize(size).convert("RGB").save(buffer, format=fmt)
    return SimpleUploadedFile(f"photo.{fmt.lower()}", buffer.getvalue())


def test_a_large_jpeg_is_decoded_at_a_fraction_of_its_size(settings, monkeypatch):
    settings.INTAKE_IMAGE_MAX_SIDE = 500
    decoded = []
    load = JpegImagePlugin.JpegImageFile.load

    def spy(image):
        decoded.append(image.size)
        return load(image)

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "load", spy)
    evidence = evidence_check(photo((4000, 3000)))
    assert decoded and max(max(size) for size in decoded) <= 1000  # 1/4 scale, not 4000x3000
    assert Image.open(io.BytesIO(evidence.content)).size == (500, 375)


def test_other_formats_are_stored_no_larger_than_the_limit(settings):
    settings.INTAKE_IMAGE_MAX_SIDE = 300
    evidence = evidence_check(photo((900, 1200), "PNG"))
    assert Image.open(io.BytesIO(evidence.content)).size == (225, 300)


def test_small_photos_keep_their_size(settings):
    settings.INTAKE_IMAGE_MAX_SIDE = 3000
    evidence = evidence_check(photo((1200, 900)))
    assert Image.open(io.BytesIO(evidence.content)).size == (1200, 900)
