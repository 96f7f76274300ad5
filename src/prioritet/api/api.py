"""The JSON API, mounted at ``/api/v1/`` (schema ``/api/v1/openapi.json``, docs ``/api/v1/docs``)."""

from __future__ import annotations

from ninja import NinjaAPI, Swagger

from . import errors
from .auth import TokenAuth
from .guards import guarded
from .routers import (
    alternatives,
    assessments,
    cases,
    catalogue,
    consultations,
    decisions,
    examples,
    indicators,
    judgment,
    vedtak,
    voice,
    waiting,
)

DESCRIPTION = """
The municipality's case system creates priority cases in Prioritet, adds alternatives and
assessments, and fetches the combined judgment (samlet vurdering) and the decision. It can also read
the consultation rounds (høring, medvirkning) of service and political cases with their summaries, and
search the national example bank (eksempelbank), which every municipality's token reads. It reads the
indicators (styringsinformasjon: KOSTRA figures and the municipality's own) and posts the
municipality's own figures from its other systems. It reads the municipality's measures catalogue
(tiltakskatalog: its services and measures with their typical resources) and takes an entry into a
service or political case as an alternative, or into the case's budget portfolio as a measure; the
catalogue itself is kept by the municipal administrator on its web pages.

**Authentication.** Every request sends `Authorization: Bearer prt_…`, a token the municipality's
administrator creates under *API tokens* («API-nøkler») in Prioritet. A token belongs to an
*integration* of one municipality: a system account (never a person) with a role and a scope:
read-only or read-write, and the case levels it may touch. A read-only token answers 403 to every
write; cases outside its levels answer 403. Objects of other municipalities answer 404. Tokens expire
(after 365 days unless the operator set otherwise) and then answer 401. Reads of individual-level
cases are written to the access log, and the access log and the change history name the token.

**Idempotency.** Send `Idempotency-Key: <unique value>` with a POST: a retry with the same key and
body within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) instead of creating
a second object; the same key with a different body answers 422. Failed requests are not remembered.

**Concurrency.** Changes carry the `version` that was read; a stale one answers 409 Conflict and
nothing is saved.

**Errors.** `{"detail": …}`; 422 adds `errors`, one message per field. Messages follow
`Accept-Language` (`nb`, `nn` or `en`; default Norwegian bokmål).

**Personal data.** Refer to people by the case system's pseudonymous case reference only: national
identity numbers are refused in every text field.
"""

api = NinjaAPI(
    title="Prioritet API",
    version="1",
    description=DESCRIPTION,
    auth=TokenAuth(),
    urls_namespace="api-v1",
    # Swagger UI's validator badge would ask swagger.io about our schema.
    docs=Swagger(settings={"validatorUrl": None}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.register(api)

api.add_router("", cases.router)
api.add_router("", alternatives.router)
api.add_router("", assessments.router)
api.add_router("", judgment.router)
api.add_router("", decisions.router)
api.add_router("", voice.router)
api.add_router("", vedtak.router)
api.add_router("", consultations.router)
api.add_router("", examples.router)
api.add_router("", indicators.router)
api.add_router("", waiting.router)
api.add_router("", catalogue.router)

#: What ``prioritet.web.urls`` mounts: the API's views, each wrapped by :func:`~prioritet.api.guards.guard`.
api_urls = guarded(api.urls)
