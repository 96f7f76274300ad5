"""The municipal administrator's pages for integrations and their API tokens: list, create (shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prioritet.accounts.models import Role
from prioritet.accounts.tenancy import TenantRequest, get_for_municipality_or_404, municipality_required, role_required
from prioritet.core.forms import add_validation_error

from . import selectors, services
from .forms import ApiTokenForm, IntegrationForm
from .models import ApiToken


@municipality_required
@role_required(Role.MUNICIPAL_ADMIN)
def token_list(request: TenantRequest) -> HttpResponse:
    """The municipality's integrations and their API tokens, active, expired and revoked."""
    assert request.municipality is not None
    context = {
        "integrations": selectors.integrations_for(request.municipality),
        "tokens": selectors.tokens_for(request.municipality),
    }
    return render(request, "api/token_list.html", context)


@municipality_required
@role_required(Role.MUNICIPAL_ADMIN)
def integration_create(request: TenantRequest) -> HttpResponse:
    """Create an integration: a system account with a role and a scope, for tokens to act as."""
    assert request.municipality is not None
    form = IntegrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            integration = services.create_integration(request.municipality, request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The integration %(name)s is created.") % {"name": integration.name})
            return redirect("api:token_list")
    return render(request, "api/integration_form.html", {"form": form})


@municipality_required
@role_required(Role.MUNICIPAL_ADMIN)
def token_create(request: TenantRequest) -> HttpResponse:
    """Create a token and show it, this once: only its hash is kept."""
    assert request.municipality is not None
    form = ApiTokenForm(request.POST or None, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = services.create_token(
                request.municipality,
                request.user,
                integration=form.cleaned_data["integration"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            response = render(request, "api/token_created.html", {"token": token, "raw_token": raw})
            add_never_cache_headers(response)  # the token must not linger in any cache
            return response
    return render(request, "api/token_form.html", {"form": form})


@require_POST
@municipality_required
@role_required(Role.MUNICIPAL_ADMIN)
def token_revoke(request: TenantRequest, pk: int) -> HttpResponse:
    """Revoke a token of the administrator's own municipality (others: 404)."""
    token: ApiToken = get_for_municipality_or_404(ApiToken, request.municipality, pk=pk)
    if token.is_revoked:
        messages.info(request, _("The token %(name)s was already revoked.") % {"name": token.name})
    else:
        services.revoke_token(token, request.user)
        messages.success(request, _("The token %(name)s is revoked and can no longer be used.") % {"name": token.name})
    return redirect("api:token_list")
