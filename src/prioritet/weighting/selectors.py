from django.db.models import QuerySet

from .models import WeightVersion


def versions_for(municipality) -> QuerySet[WeightVersion]:
    return WeightVersion.objects.filter(municipality=municipality).select_related("created_by").order_by("-number")
