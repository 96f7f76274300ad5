from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from prioritet.accounts.models import Role
from prioritet.accounts.tenancy import municipality_required, role_required

from . import selectors, services
from .forms import WeightVersionForm

#: Who may record newly decided weights (the decision itself is taken by a political body).
EDITORS = (Role.DIRECTOR, Role.MUNICIPAL_ADMIN)


@municipality_required
def version_list(request: HttpRequest) -> HttpResponse:
    current = services.current_weights(request.municipality)
    return render(
        request,
        "weighting/version_list.html",
        {
            "current": current,
            "shares": {k: round(v * 100) for k, v in current.normalised().items()},
            "versions": selectors.versions_for(request.municipality),
            "can_edit": request.user.role in EDITORS,
        },
    )


@municipality_required
@role_required(*EDITORS)
def version_create(request: HttpRequest) -> HttpResponse:
    current = services.current_weights(request.municipality)
    form = WeightVersionForm(
        request.POST or None,
        initial={"benefit": current.benefit, "severity": current.severity, "resources": current.resources},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.create_version(request.municipality, request.user, **form.cleaned_data)
        except ValidationError as err:
            form.add_error(None, err)
        else:
            messages.success(request, _("The new weights were recorded."))
            return redirect("weighting:list")
    return render(request, "weighting/version_form.html", {"form": form})
