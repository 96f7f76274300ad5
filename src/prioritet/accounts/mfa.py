"""Two-factor sign-in for password logins: an authenticator app (TOTP) plus one-time recovery codes.

Built on django-otp's TOTP and static devices. A login through the municipality's own login service
(OpenID Connect) is not asked for a code: the identity provider does its own second factor. Every
write here is a service (one transaction); the views only call them.
"""

from __future__ import annotations

from base64 import b32encode

import segno
from django.contrib.auth import BACKEND_SESSION_KEY
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from prioritet.accounts.models import User

#: The authentication backend of OpenID Connect logins, which bring their own second factor.
OIDC_BACKEND = "prioritet.accounts.oidc.MunicipalOIDCBackend"
#: How many recovery codes a user gets; each works once.
RECOVERY_CODE_COUNT = 10
_DEVICE_NAME = "authenticator"
_RECOVERY_NAME = "recovery"


def is_password_login(request: HttpRequest) -> bool:
    """Whether the session was signed in with a password (not through OpenID Connect)."""
    return request.session.get(BACKEND_SESSION_KEY) != OIDC_BACKEND


def has_second_factor(user: User) -> bool:
    """Whether the user has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def can_turn_off(user: User) -> bool:
    """A user may remove their second factor only when their role does not require one."""
    return not user.mfa_required


@transaction.atomic
def start_setup(user: User) -> TOTPDevice:
    """The unconfirmed authenticator device whose secret the setup page shows (made once, then reused)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_DEVICE_NAME, confirmed=False)
    return device


def qr_code_svg(device: TOTPDevice) -> str:
    """The ``otpauth://`` link as an inline SVG QR code (no image request, nothing sent elsewhere)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for apps that cannot scan."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@transaction.atomic
def confirm_setup(request: HttpRequest, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the authenticator with its first code; return new recovery codes, or ``None`` if wrong.

    Earlier authenticators of the user are removed (one phone at a time), and the session counts
    as verified from now on.
    """
    if device.confirmed or not device.verify_token(token.strip()):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with fresh ones, shown once (the old ones stop working)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify(request: HttpRequest, token: str) -> bool:
    """Check a six-digit code or a recovery code; on success the session counts as verified.

    Each device throttles its own failures (django-otp doubles the wait after each one).
    """
    token = "".join(token.split()).lower()
    user = request.user
    device: Device | None
    if token.isdigit():
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    else:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    with transaction.atomic():
        if device is None or not device.verify_token(token):
            return False
    otp_login(request, device)
    return True


def remaining_recovery_codes(user: User) -> int:
    """How many unused recovery codes the user has left."""
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def turn_off(user: User) -> None:
    """Remove the user's own second factor, where their role allows it."""
    if not can_turn_off(user):
        raise PermissionDenied(_("Your role requires two-factor authentication."))
    _remove_devices(user)


@transaction.atomic
def reset(user: User, *, by: User) -> None:
    """An administrator removes a user's second factor (a lost phone); the user sets up a new one.

    A municipal administrator resets users of their own municipality; the national administrator
    resets municipal administrators.
    """
    same_municipality = by.is_municipal_admin and user.municipality_id == by.municipality_id
    national = by.is_national_admin and user.is_municipal_admin
    if not (same_municipality or national):
        raise PermissionDenied(_("You cannot reset this user's two-factor authentication."))
    _remove_devices(user)


def _remove_devices(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
