"""Users, working groups and memberships.

A signed-in user with no membership is a stakeholder; a membership makes the
user a coordinator or a member of that working group.
"""

from typing import ClassVar, Self

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import TimestampedModel
from tracker.limits import PLAIN_DESCRIPTION_MAX_LENGTH, at_most, bounded_text

from . import time_zones
from .validators import validate_single_line


def validate_time_zone(value: str) -> None:
    if value not in time_zones.known_zones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value}, code="invalid")


class Country(models.TextChoices):
    KOREA = "KR", _("Korea")
    JAPAN = "JP", _("Japan")
    OTHER = "other", _("Other")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    KOREAN = "ko", _("Korean")
    JAPANESE = "ja", _("Japanese")


class DigestFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    DAILY = "daily", _("Daily")
    OFF = "off", _("Off")


def _single_line(inherited: str) -> models.CharField:
    """A text field of ``AbstractUser`` as Django defines it, also refusing control characters."""
    field = AbstractUser._meta.get_field(inherited)
    if not isinstance(field, models.CharField):
        raise TypeError(f"AbstractUser.{inherited} is not a text field")
    _name, _path, args, kwargs = field.deconstruct()
    kwargs["validators"] = [*kwargs.get("validators", ()), validate_single_line]
    return models.CharField(*args, **kwargs)


class User(AbstractUser):
    username = _single_line("username")
    first_name = _single_line("first_name")
    last_name = _single_line("last_name")
    display_name = models.CharField(_("display name"), max_length=150, blank=True, validators=[validate_single_line])
    organisation = models.CharField(_("organisation"), max_length=200, blank=True, validators=[validate_single_line])
    country = models.CharField(_("country"), max_length=5, choices=Country.choices, default=Country.OTHER)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC", validators=[validate_time_zone])
    digest_frequency = models.CharField(
        _("digest frequency"), max_length=6, choices=DigestFrequency.choices, default=DigestFrequency.WEEKLY
    )
    email_reminders = models.BooleanField(_("e-mail reminders"), default=True)
    email_notifications = models.BooleanField(
        _("e-mail notifications"),
        default=True,
        help_text=_("Mentions, review requests and review decisions are e-mailed at once."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects: "ClassVar[UserManager[Self]]" = UserManager()  # declared as AbstractUser declares it

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(condition=models.Q(country__in=Country.values), name="user_country_valid"),
            models.CheckConstraint(condition=models.Q(language__in=Language.values), name="user_language_valid"),
            models.CheckConstraint(
                condition=models.Q(digest_frequency__in=DigestFrequency.values), name="user_digest_frequency_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def name(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class WorkingGroup(TimestampedModel):
    name = models.CharField(_("name"), max_length=120, unique=True, validators=[validate_single_line])
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = bounded_text(_("description"), PLAIN_DESCRIPTION_MAX_LENGTH, blank=True)
    members: "models.ManyToManyField[User, Membership]" = models.ManyToManyField(
        User, through="Membership", related_name="working_groups", blank=True
    )

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["name"]
        constraints = [at_most("description", PLAIN_DESCRIPTION_MAX_LENGTH, "working_group_description_max_length")]

    def __str__(self) -> str:
        return self.name


class Membership(TimestampedModel):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        MEMBER = "member", _("Member")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("working group")
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["working_group__name", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "working_group"], name="membership_unique_user_group"),
            models.CheckConstraint(
                condition=models.Q(role__in=["coordinator", "member"]), name="membership_role_valid"
            ),
        ]
        indexes = [models.Index(fields=["working_group", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.working_group} ({self.get_role_display()})"


class PasswordResetMail(TimestampedModel):
    """A password-reset request that was mailed; the per-address limit counts these (``accounts.services``)."""

    address = models.EmailField(_("e-mail address"))  # lower-cased: one limit per mailbox

    class Meta:
        verbose_name = _("password-reset mail")
        verbose_name_plural = _("password-reset mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["address", "created_at"])]

    def __str__(self) -> str:
        return f"{self.address} · {self.created_at:%Y-%m-%d %H:%M}"


class ApiToken(TimestampedModel):
    """A key a script presents as ``Authorization: Token <key>`` (or ``Bearer``) to act as its user.

    Only the SHA-256 digest of the key is stored; the key itself is shown once, when it is
    issued (``accounts.tokens.issue``). A read-only token may only read. Revoking deletes it.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100, validators=[validate_single_line])
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("starts with"), max_length=8, editable=False)
    read_only = models.BooleanField(_("read only"), default=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} · {self.name} ({self.prefix}…)"


class FeedToken(TimestampedModel):
    """The secret in a user's calendar and activity feed addresses, which apps poll without signing in.

    One per user. Only the SHA-256 digest of the key is stored; the key is shown once, when the
    links are created or regenerated (``accounts.feed_tokens.regenerate``), which also retires the
    old key. A feed answers with what its user may read at the time of each request.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="feed_token", verbose_name=_("user"))
    digest = models.CharField(max_length=64, unique=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("feed token")
        verbose_name_plural = _("feed tokens")

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"


class SignInPolicy(TimestampedModel):
    """Who must use two-factor sign-in: one row, edited by superusers in the admin (``SignInPolicy.current()``).

    ``TWO_FACTOR_REQUIRED_FOR`` in the environment requires it as well, whatever the row says; the row
    can add to what the environment requires, never take it away (``accounts.two_factor.rules``).
    """

    ONLY_ROW = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=ONLY_ROW, editable=False)
    require_for_coordinators = models.BooleanField(
        _("required for coordinators"),
        default=False,
        help_text=_("Coordinators of any working group must set up two-factor sign-in before they can use the site."),
    )
    require_for_admins = models.BooleanField(
        _("required for administrators"),
        default=False,
        help_text=_("Staff users and superusers must set up two-factor sign-in before they can use the site."),
    )

    class Meta:
        verbose_name = _("sign-in policy")
        verbose_name_plural = _("sign-in policy")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="sign_in_policy_single_row")]

    def __str__(self) -> str:
        return str(_("Sign-in policy"))

    @classmethod
    def current(cls) -> "SignInPolicy":
        """The policy's one row (created with the defaults, nothing required, if it is missing)."""
        policy, _created = cls.objects.get_or_create(pk=cls.ONLY_ROW)
        return policy


class Authenticator(TOTPDevice):
    """A user's authenticator app (django-otp's TOTP device) as the admin shows it: never its key.

    Deleting one in the admin removes the user's recovery codes too (``accounts.two_factor.services``).
    """

    class Meta:
        proxy = True
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")
