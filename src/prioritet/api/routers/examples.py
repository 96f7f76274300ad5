"""``/examples``: the national example bank (eksempelbank), read only.

The bank is national: every token of every municipality reads it (:mod:`prioritet.examples.policy`).
The search takes the web page's fields and checks them with the web page's form, so a filter the
page refuses answers 422 with the page's message.
"""

import math
from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Query, Router

from prioritet.api.errors import ApiValidationError
from prioritet.api.schemas import ExampleFilter, ExampleOut, ExamplePageOut
from prioritet.examples import policy as example_policy
from prioritet.examples import selectors as example_selectors
from prioritet.examples.forms import SearchForm
from prioritet.examples.models import Example
from prioritet.examples.views import PAGE_SIZE

from . import responses

router = Router(tags=["Example bank"])


def _check_reader(request: Any) -> None:
    if not example_policy.can_read_bank(request.user):
        raise PermissionDenied


@router.get(
    "/examples",
    response=responses({200: ExamplePageOut}, 403, 422),
    summary="Search the example bank",
    description=(
        "Decided prioritisations shared by municipalities, and the guideline's worked cases. `q` searches the "
        "title, the background, the alternatives, the decision and the justification (every word must occur; "
        "on PostgreSQL with Norwegian stemming, best match first); without `q`, newest first. The filters are "
        "the web page's: `level`, `service_area` (a name the bank holds), `size_class`, and `severity`, "
        "`benefit` and `resources` of the profile alternative (the chosen one, else the first). A value the web "
        "page does not offer answers 422. 25 examples per page; a page after the last has no `items`."
    ),
    operation_id="search_examples",
)
def search_examples(request: Any, filters: Query[ExampleFilter]) -> dict[str, Any]:
    _check_reader(request)
    data = filters.model_dump(exclude={"page"})
    form = SearchForm(data, user=request.user)
    if not form.is_valid():
        raise ApiValidationError({name: " ".join(messages) for name, messages in form.errors.items()})
    results = example_selectors.search(form.cleaned_data["q"], form.filters(request.user))
    count = results.count()
    start = (filters.page - 1) * PAGE_SIZE
    items = list(results[start : start + PAGE_SIZE]) if start < count else []
    return {"count": count, "page": filters.page, "pages": max(1, math.ceil(count / PAGE_SIZE)), "items": items}


@router.get(
    "/examples/{example_id}",
    response=responses({200: ExampleOut}, 403, 404),
    summary="Read an example",
    description=(
        "One example of the bank with its alternatives and the scores (1–5) the deciding municipality gave them, "
        "the decision and its justification. A withdrawn example answers 404."
    ),
    operation_id="get_example",
)
def get_example(request: Any, example_id: int) -> Example:
    _check_reader(request)
    return example_selectors.get_example(example_id)
