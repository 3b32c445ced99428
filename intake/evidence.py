"""Checking and cleaning uploaded evidence before anything is stored.

Files are identified by their content, never their name. Images are decoded with a pixel
limit (decompression bombs are refused) and no larger than INTAKE_IMAGE_MAX_SIDE on their
long side, re-encoded with their orientation applied and every metadata block (EXIF, GPS,
XMP, ICC, text chunks) dropped, and thumbnailed.
"""

import hashlib
import io
import re
import warnings
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

THUMBNAIL_SIZE = (320, 320)


@dataclass(frozen=True)
class Evidence:
    content_type: str
    content: bytes
    extension: str

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def sniff(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def _read_limited(upload) -> bytes:
    limit = settings.INTAKE_MAX_ATTACHMENT_BYTES
    if getattr(upload, "size", None) and upload.size > limit:
        raise ValidationError(_too_large(upload), code="too_large")
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(_too_large(upload), code="too_large")
    if not data:
        raise ValidationError(_("The file %(name)s is empty.") % {"name": _name(upload)}, code="empty")
    return data


def _name(upload) -> str:
    return getattr(upload, "name", None) or _("(unnamed)")


def _too_large(upload) -> str:
    limit_mb = settings.INTAKE_MAX_ATTACHMENT_BYTES // (1024 * 1024)
    return _("The file %(name)s is larger than %(limit)d MB.") % {
        "name": _name(upload),
        "limit": limit_mb,
    }


def evidence_check(upload) -> Evidence:
    """Read, identify and clean one uploaded file; raise ValidationError with the reason."""
    data = _read_limited(upload)
    content_type = sniff(data[:16])
    if content_type is None:
        raise ValidationError(
            _("The file %(name)s is not a JPEG, PNG, WebP image or PDF document.") % {"name": _name(upload)},
            code="type",
        )
    if content_type == "application/pdf":
        if b"%%EOF" not in data[-2048:]:
            raise ValidationError(
                _("The file %(name)s is not a complete PDF document.") % {"name": _name(upload)},
                code="broken",
            )
        if pdf_active_content(data):
            raise ValidationError(
                _(
                    "The PDF document %(name)s contains scripts, actions or embedded files. Print it "
                    "to a new PDF or send photos of its pages instead."
                )
                % {"name": _name(upload)},
                code="active",
            )
        return Evidence(content_type=content_type, content=data, extension="pdf")
    return _clean_image(data, content_type, _name(upload))


# PDF names that run something when a document is opened or touched: JavaScript (also as
# the /S of an /OpenAction or /AA action), launching programs, embedded files and media,
# XFA forms and form submission. A plain /OpenAction that only opens a page stays allowed.
_ACTIVE_PDF_NAMES = re.compile(
    rb"/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA|SubmitForm|ImportData|GoToE)(?![A-Za-z0-9])"
)
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM = re.compile(rb"stream\r?\n")
_PDF_INFLATE_LIMIT = 64 * 1024 * 1024  # all streams together: a compression bomb stops here


def _pdf_unescape(data: bytes) -> bytes:
    """/J#61vaScript is /JavaScript: names may spell letters as #xx."""
    return _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)


def pdf_active_content(data: bytes) -> bool:
    """Whether the PDF holds active content, in its plain objects or in compressed streams
    (object streams hide dictionaries there). A stream that is not Flate is read as it is."""
    if _ACTIVE_PDF_NAMES.search(_pdf_unescape(data)):
        return True
    budget = _PDF_INFLATE_LIMIT
    for match in _PDF_STREAM.finditer(data):
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(memoryview(data)[match.end() :], budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        if _ACTIVE_PDF_NAMES.search(_pdf_unescape(inflated)):
            return True
        if budget <= 0:
            return True  # more than any evidence needs: refuse rather than read on
    return False


def evidence_response(stored, *, content_type: str, filename: str, inline: bool) -> FileResponse:
    """Serve a stored evidence file to someone allowed to see it. Whatever the file holds,
    the browser runs nothing from it: a sandboxed policy allowing no script, and anything
    but an image is a download, never shown in the browser's own viewer."""
    response = FileResponse(
        stored.open("rb"), content_type=content_type, as_attachment=not inline, filename=filename
    )
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def evidence_check_all(uploads, *, limit: int | None = None) -> tuple[list[Evidence], list[str]]:
    """Check every upload; return the clean evidence and the messages for those refused
    (or one message when there are more files than `limit`, default the intake maximum)."""
    uploads = list(uploads)
    limit = settings.INTAKE_MAX_ATTACHMENTS if limit is None else limit
    if len(uploads) > limit:
        return [], [_("At most %(n)d files can be attached.") % {"n": limit}]
    evidence, messages = [], []
    for upload in uploads:
        try:
            evidence.append(evidence_check(upload))
        except ValidationError as exc:
            messages.extend(exc.messages)
    return evidence, messages


def _clean_image(data: bytes, content_type: str, name: str) -> Evidence:
    fmt = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}[content_type]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[fmt]) as probe:
                _check_pixels(probe.size, name)
                probe.verify()
            with Image.open(io.BytesIO(data), formats=[fmt]) as image:
                _reduce(image, fmt)
                upright = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_too_many_pixels(name), code="bomb") from None
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _("The image %(name)s is damaged and cannot be read.") % {"name": name}, code="broken"
        ) from exc

    clean = _without_metadata(upright, fmt)
    return Evidence(
        content_type=content_type,
        content=_encode(clean, fmt),
        extension={"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[fmt],
    )


def thumbnail_make(content: bytes) -> bytes:
    """A small JPEG of an image already cleaned by `evidence_check` (bounded size, no metadata).

    Made by a worker after the report commits (intake.tasks.attachment_thumbnail), so the
    resident's request does not wait for it and any worker machine can make it from the store.
    """
    with Image.open(io.BytesIO(content)) as image:
        image.load()
        thumb = image.convert("RGB") if image.mode not in ("RGB", "L") else image.copy()
    thumb.thumbnail(THUMBNAIL_SIZE)
    return _encode(thumb, "JPEG")


def _reduce(image: Image.Image, fmt: str) -> None:
    """Load the image no larger than INTAKE_IMAGE_MAX_SIDE on its long side. A JPEG is
    decoded at 1/2, 1/4 or 1/8 scale straight from the file (draft mode), so a 36-megapixel
    photo never exists at full size in memory; the rest is scaled down once loaded."""
    limit = settings.INTAKE_IMAGE_MAX_SIDE
    width, height = image.size
    longest = max(width, height)
    if fmt == "JPEG" and longest > limit:
        wanted = (max(1, width * limit // longest), max(1, height * limit // longest))
        image.draft("RGB" if image.mode not in ("L", "RGB") else image.mode, wanted)
    image.load()
    if max(image.size) > limit:
        image.thumbnail((limit, limit))


def _check_pixels(size: tuple[int, int], name: str) -> None:
    if size[0] * size[1] > settings.INTAKE_MAX_IMAGE_PIXELS:
        raise ValidationError(_too_many_pixels(name), code="bomb")


def _too_many_pixels(name: str) -> str:
    return _("The image %(name)s has too many pixels to be safe to open.") % {"name": name}


def _without_metadata(image: Image.Image, fmt: str) -> Image.Image:
    """A fresh image holding only the pixels: nothing of the original's info survives."""
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image.mode == "P" or image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")
    fresh = Image.new(image.mode, image.size)
    fresh.paste(image)
    return fresh


def _encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    options = {"JPEG": {"quality": 88, "optimize": True}, "PNG": {"optimize": True}, "WEBP": {"quality": 88}}
    image.save(buffer, format=fmt, **options[fmt])
    return buffer.getvalue()
