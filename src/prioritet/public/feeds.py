"""An Atom feed of a municipality's new publications, so citizens and the press can follow them."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from prioritet.accounts.models import Municipality

from . import selectors
from .models import Publication

FEED_ITEMS = 50


class PublicationFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug: str) -> Municipality:
        return selectors.municipality_by_slug(slug)

    def title(self, obj: Municipality) -> str:
        return _("Prioritisations in %(municipality)s") % {"municipality": obj.name}

    def subtitle(self, obj: Municipality) -> str:
        return _("Decided prioritisations in health and care services that %(municipality)s has published.") % {
            "municipality": obj.name
        }

    def link(self, obj: Municipality) -> str:
        return reverse("public:municipality", args=[obj.slug])

    def author_name(self, obj: Municipality) -> str:
        return obj.name

    def items(self, obj: Municipality) -> list[Publication]:
        items = list(selectors.publications_of(obj)[:FEED_ITEMS])
        for item in items:
            item.municipality = obj  # the links need its slug; no query per item
        return items

    def item_title(self, item: Publication) -> str:
        return item.case.title

    def item_description(self, item: Publication) -> str:
        if not item.decision.priority:
            return _("%(body)s decided: %(alternative)s. %(summary)s") % {
                "body": item.decided_by_body,
                "alternative": item.decision.alternative.title,
                "summary": item.summary,
            }
        return _("%(body)s decided: %(alternative)s (%(priority)s priority). %(summary)s") % {
            "body": item.decided_by_body,
            "alternative": item.decision.alternative.title,
            "priority": item.decision.get_priority_display().lower(),
            "summary": item.summary,
        }

    def item_link(self, item: Publication) -> str:
        return reverse("public:publication", args=[item.municipality.slug, item.pk])

    def item_pubdate(self, item: Publication):
        return item.published_at

    def item_updateddate(self, item: Publication):
        return item.updated_at
