"""Reference data from the city's rules: areas, bureaus, routing and per-area questions.

Shipped as data migrations and editable in the admin. Bureaus and routing live here,
below the workflow, because intake already needs them: the public area list names the
lead bureau and reports are routed by area.
"""

import re

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Localized(models.Model):
    """Chinese `name` with an English `name_en`; `label` follows the active language."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def label(self) -> str:
        language = get_language() or ""
        return self.name_en if language.startswith("en") and self.name_en else self.name

    def __str__(self) -> str:
        return self.label


class Bureau(Localized):
    class Kind(models.TextChoices):
        BUREAU = "bureau", _("Bureau")
        GROUP = "group", _("Group of organisations")
        MEMBER = "member", _("Member organisation")
        COMPLAINT_CENTRE = "complaint_centre", _("Complaint centre")
        SUPERVISION = "supervision", _("Supervising office")

    code = models.SlugField(_("code"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.BUREAU)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text=_("For a member organisation: the group it belongs to (all banks, all towns)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        help_text=_("The bureau's own code, sent with its decisions to the credit platform."),
    )

    class Meta:
        verbose_name = _("bureau")
        verbose_name_plural = _("bureaus")
        ordering = ["code"]


class Area(Localized):
    """One of the special treatments (专项治理) residents can report on."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    summary = models.TextField(_("what to report, in plain words"), blank=True)
    summary_en = models.TextField(_("what to report, in English"), blank=True)
    keywords = models.CharField(
        _("keywords"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated words a text message or e-mail may start with to name this area."),
    )
    publish_description = models.BooleanField(
        _("publish the resident's description"),
        default=False,
        help_text=_("Whether public APIs (Open311) may show the resident's own text."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    bureaus = models.ManyToManyField(Bureau, through="AreaBureau", related_name="areas")

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["number"]

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip() for word in re.split(r"[,，、]", self.keywords) if word.strip()]

    @property
    def summary_label(self) -> str:
        language = get_language() or ""
        return self.summary_en if language.startswith("en") and self.summary_en else self.summary


class AreaBureau(models.Model):
    """Routing: which bureaus lead an area and which assist, in the order of the rules."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead unit")
        CO_LEAD = "co_lead", _("Co-lead unit")
        PARTICIPANT = "participant", _("Participating unit")

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="routing")
    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="routing")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("routing entry")
        verbose_name_plural = _("routing")
        ordering = ["area", "position"]
        constraints = [
            models.UniqueConstraint(fields=["area", "bureau"], name="uniq_area_bureau"),
            models.UniqueConstraint(
                fields=["area"], condition=models.Q(role="lead"), name="one_lead_per_area"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} / {self.bureau} ({self.get_role_display()})"


class Question(models.Model):
    """A question a resident answers for an area, beyond the description."""

    class Datatype(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")
        CHOICE = "choice", _("Choice")

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(_("code"), max_length=50)
    text = models.CharField(_("question"), max_length=200)
    text_en = models.CharField(_("question in English"), max_length=200, blank=True)
    datatype = models.CharField(_("type"), max_length=10, choices=Datatype.choices)
    required = models.BooleanField(_("required"), default=False)
    choices = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_('For a choice: a list of {"key": ..., "name": ..., "name_en": ...}.'),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["area", "position"]
        constraints = [models.UniqueConstraint(fields=["area", "code"], name="uniq_area_question_code")]

    @property
    def label(self) -> str:
        language = get_language() or ""
        return self.text_en if language.startswith("en") and self.text_en else self.text

    def choice_label(self, key: str) -> str:
        english = (get_language() or "").startswith("en")
        for choice in self.choices:
            if choice["key"] == key:
                return (choice.get("name_en") if english else None) or choice["name"]
        return key

    def __str__(self) -> str:
        return f"{self.area.code}.{self.code}"
