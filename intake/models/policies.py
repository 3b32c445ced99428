"""Policies: the rules the city's rules leave to the city, as data with a source.

The rules (the implementing rules of the concentrated treatment) fix the areas, the outcomes and
a few deadlines; everything else (how long a listing or a publication lasts, assessment weights
and thresholds, step deadlines, sector criteria and exit procedures, promises on public pages)
is decided by the city. Each such rule is a `Policy` with numbered `PolicyVersion`s. A version
starts as a draft; a draft is never shown to the public or applied to a subject. A supervisor
adopts it, naming its source (a section of the rules or a bureau's decision with document
number and date); the version adopted before is then superseded and stays in the history.
Every step is in `PolicyEvent`.
"""

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from intake.models.reference import Area, Bureau


def _english() -> bool:
    return (get_language() or "").startswith("en")


class Policy(models.Model):
    """One rule the city decides, city-wide or for one sector (area)."""

    class Use(models.TextChoices):
        SUBJECT = "subject", _("Applied to credit subjects")
        PUBLIC = "public", _("Shown to the public")
        INTERNAL = "internal", _("Used inside the administration")

    key = models.SlugField(_("key"), max_length=80)
    area = models.ForeignKey(
        Area,
        verbose_name=_("sector"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="policies",
        help_text=_("Blank: the policy applies city-wide."),
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    description = models.TextField(_("what it decides"), blank=True)
    use = models.CharField(_("used for"), max_length=10, choices=Use.choices)

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        ordering = ["key", "area__number"]
        constraints = [
            models.UniqueConstraint(fields=["key", "area"], name="uniq_policy_key_area"),
            models.UniqueConstraint(
                fields=["key"], condition=models.Q(area__isnull=True), name="uniq_policy_key_citywide"
            ),
        ]
        permissions = [("adopt_policy", _("Can adopt a policy (supervisor's decision)"))]

    def __str__(self) -> str:
        label = self.title_en if _english() and self.title_en else self.title
        return f"{label} ({self.area})" if self.area_id else label


class PolicyVersion(models.Model):
    """One wording or value of a policy, with where it comes from."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft: not in force")
        CONSULTATION = "consultation", _("Draft open for public comment")
        ADOPTED = "adopted", _("Adopted")
        SUPERSEDED = "superseded", _("Superseded")

    class Source(models.TextChoices):
        PROPOSED_DEFAULT = "proposed_default", _("Proposed default of this platform, not the city's rule")
        RULES = "rules", _("The city's rules (section)")
        BUREAU_DECISION = "bureau_decision", _("A bureau's decision (document number, date)")

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    value = models.JSONField(_("value"), default=dict, blank=True)

    text = models.TextField(_("wording"), blank=True)
    text_en = models.TextField(_("English wording"), blank=True)
    state = models.CharField(_("state"), max_length=15, choices=State.choices, default=State.DRAFT)
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.PROPOSED_DEFAULT
    )
    rules_section = models.CharField(_("section of the rules"), max_length=50, blank=True)
    issuing_bureau = models.ForeignKey(
        Bureau, verbose_name=_("deciding bureau"), null=True, blank=True, on_delete=models.PROTECT
    )
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Public consultation (征求公众意见, rules part 3(2)1): the draft is published for comment
    # over a period; the bureau then publishes its answers before the draft can be adopted.
    consultation_opens = models.DateField(_("comments from"), null=True, blank=True)
    consultation_closes = models.DateField(_("comments until"), null=True, blank=True)
    consultation_summary = models.TextField(_("answers to the comments"), blank=True)
    summary_published_at = models.DateTimeField(_("answers published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["policy", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="uniq_policy_version"),
            models.UniqueConstraint(
                fields=["policy"], condition=models.Q(state="adopted"), name="one_adopted_policy_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy} v{self.number} ({self.get_state_display()})"

    def clean(self) -> None:
        from intake.policies import policy_value_errors  # noqa: PLC0415  the checks registered by each app read these models

        if self.policy_id is not None:
            errors = policy_value_errors(self.policy, self.value)
            if errors:
                raise ValidationError({"value": errors})

    @property
    def is_adopted(self) -> bool:
        return self.state == self.State.ADOPTED

    @property
    def wording(self) -> str:
        return self.text_en if _english() and self.text_en else self.text

    @property
    def source_label(self) -> str:
        if self.source == self.Source.RULES:
            return _("The city's rules, %(section)s") % {"section": self.rules_section}
        if self.source == self.Source.BUREAU_DECISION:
            return f"{self.issuing_bureau} {self.document_number} ({self.document_date})"
        return str(self.Source.PROPOSED_DEFAULT.label)

    @property
    def value_text(self) -> str:
        """The value as JSON, as an official would read or write it."""
        return json.dumps(self.value, ensure_ascii=False)


class PolicyComment(models.Model):
    """A resident's comment on a draft open for public comment; the name is optional."""

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="comments")
    name = models.CharField(_("name (optional)"), max_length=50, blank=True)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on a draft")
        verbose_name_plural = _("comments on drafts")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.version_id}/{self.pk}"


class PolicyEvent(models.Model):
    """The audit trail of a policy: drafted, opened for comment, adopted, superseded."""

    class Action(models.TextChoices):
        DRAFTED = "drafted", _("Drafted")
        CONSULTATION_OPENED = "consultation_opened", _("Opened for public comment")
        SUMMARY_PUBLISHED = "summary_published", _("Answers to comments published")
        ADOPTED = "adopted", _("Adopted")
        SUPERSEDED = "superseded", _("Superseded")

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("policy event")
        verbose_name_plural = _("policy events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.version}: {self.get_action_display()}"
