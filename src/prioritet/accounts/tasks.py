"""Background work of the accounts app (``django.tasks``): the password-reset e-mail.

The reset page queues this task with the address typed, whatever it is, and answers the same page
at once: whether an account has that address is decided here, in the worker, so neither the answer
nor the time it takes tells anyone which addresses exist. The reset link (and its token) is made
here too, so it is never stored in the task queue.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.tasks import task
from django.utils import translation

SUBJECT_TEMPLATE = "registration/password_reset_subject.txt"
EMAIL_TEMPLATE = "registration/password_reset_email.txt"


@task()
def send_password_reset(address: str, language: str) -> int:
    """E-mail a reset link to every active account with a usable password and this address; returns how many.

    Django's own form finds the accounts (case-insensitive, active, with a usable password) and makes
    the one-time link; the product's address comes from ``PRIORITET_SITE_URL`` (a task has no request).
    """
    form = PasswordResetForm({"email": address})
    if not form.is_valid():
        return 0
    site = urlsplit(settings.PRIORITET_SITE_URL)
    users = list(form.get_users(form.cleaned_data["email"]))
    with translation.override(language):
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            subject_template_name=SUBJECT_TEMPLATE,
            email_template_name=EMAIL_TEMPLATE,
            extra_email_context={"product_name": settings.PRODUCT_NAME},
        )
    return len(users)
