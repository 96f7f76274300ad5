"""Fetching a table from a PxWebApi v2 service (Statistics Norway's statbank) as JSON-stat 2.0.

Pure standard library (``urllib``); the network is reached only through a *transport*, a function
``(url, timeout) -> bytes``, so that tests hand in a fake one and never touch the network.

The request (https://data.ssb.no/api/pxwebapi/v2, PxWebApi 2 user guide, «Query as URL parameters»)
    ``GET {base}/tables/{table}/data?lang=no&outputFormat=json-stat2&valueCodes[Region]=0301,4601
    &valueCodes[Tid]=top(5)&codelist[Region]=agg_KommSummer`` — one ``valueCodes[variable]`` per
    selected variable, its codes (or selection expressions: ``*``, ``?``, ``top(n)``, ``bottom(n)``,
    ``from(c)``, ``to(c)``, ``range(a,b)``) separated by commas. Variables are written in sorted
    order, so one selection is always one URL (and one cache entry). A variable left out is
    eliminated by the service if it can be, else the service refuses the query.

Failures
    429 (too many requests), 5xx, connection failures and timeouts are tried again, up to
    ``retries`` more times, waiting ``backoff`` × 2ⁿ seconds (or what ``Retry-After`` asks, up to
    ``max_wait``). Other HTTP errors (400: a bad selection, 404: no such table) are not. When every
    try fails the last reason comes as :class:`FetchError`; a body that is no JSON-stat dataset as
    :class:`~prioritet.tabular.jsonstat.JsonStatError`.

Cache (optional)
    With ``cache`` set, a response is kept in that folder under the SHA-256 of its URL and served
    from there while younger than ``max_age`` seconds; only responses that read as a dataset are
    kept. With ``stale_if_error``, an older cached response is served when the service cannot be
    reached, so a municipality offline still sees the last figures it fetched.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from .jsonstat import Dataset, parse_jsonstat

#: Statistics Norway's PxWebApi v2.
SSB_BASE_URL = "https://data.ssb.no/api/pxwebapi/v2"

#: Sends a GET for a URL and returns the body; raises :class:`urllib.error.HTTPError`,
#: :class:`urllib.error.URLError` or :class:`TimeoutError` as ``urllib`` does.
Transport = Callable[[str, float], bytes]

#: A table's selection: variable id → codes (or selection expressions), or one code.
Selection = Mapping[str, Sequence[str] | str]

#: The statuses worth trying again: the service is busy or broken, not the query wrong.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

#: Largest response read (SSB's own limit on a query is 800 000 cells, some tens of megabytes).
MAX_BYTES = 100 * 1024 * 1024

_TABLE_ID = re.compile(r"[A-Za-z0-9_-]{1,40}")


class FetchError(Exception):
    """A table that could not be fetched; the message names the URL and why."""


def urllib_transport(url: str, timeout: float) -> bytes:
    """The real transport: ``urllib`` with a JSON ``Accept`` header, reading at most :data:`MAX_BYTES`."""
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "Prioritet"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body: bytes = response.read(MAX_BYTES + 1)
    if len(body) > MAX_BYTES:
        raise FetchError(f"{url}: the response is larger than {MAX_BYTES // (1024 * 1024)} MB")
    return body


@dataclass(frozen=True)
class PxWebClient:
    """Fetches tables from one PxWebApi v2 service."""

    base_url: str = SSB_BASE_URL
    #: Seconds to wait for one response.
    timeout: float = 30.0
    #: Tries after the first, for 429, 5xx, connection failures and timeouts.
    retries: int = 3
    #: Seconds before the first retry; doubled for each next one.
    backoff: float = 1.0
    #: Longest wait before a retry, whatever ``Retry-After`` asks.
    max_wait: float = 60.0
    #: ``no`` (bokmål labels) or ``en``.
    language: str = "no"
    #: Folder of cached responses, or None for no cache.
    cache: Path | None = None
    #: Seconds a cached response is used for.
    max_age: float = 24 * 3600.0
    #: Serve an older cached response when the service cannot be reached.
    stale_if_error: bool = False
    transport: Transport = field(default=urllib_transport, repr=False)
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    clock: Callable[[], float] = field(default=time.time, repr=False)

    def url(self, table: str, selection: Selection, codelists: Mapping[str, str] | None = None) -> str:
        """The data URL of ``table`` with ``selection``."""
        if not self.base_url.startswith(("https://", "http://")):
            raise ValueError(f"not an http(s) base URL: {self.base_url!r}")
        if not _TABLE_ID.fullmatch(table):
            raise ValueError(f"not a table id: {table!r}")
        parts = [f"lang={quote(self.language, safe='')}", "outputFormat=json-stat2"]
        for variable in sorted(selection):
            given = selection[variable]
            codes = [given] if isinstance(given, str) else list(given)
            if not codes or not all(codes):
                raise ValueError(f"no codes selected for {variable!r}")
            # «+» would be read as a space in a query string («80+» is an age group): it is escaped.
            parts.append(f"valueCodes[{quote(variable, safe='')}]={','.join(quote(c, safe='*?()') for c in codes)}")
        for variable in sorted(codelists or {}):
            parts.append(f"codelist[{quote(variable, safe='')}]={quote((codelists or {})[variable], safe='')}")
        return f"{self.base_url.rstrip('/')}/tables/{table}/data?{'&'.join(parts)}"

    def fetch(self, table: str, selection: Selection, codelists: Mapping[str, str] | None = None) -> Dataset:
        """``table`` with ``selection`` as a tidy dataset, from the cache when fresh enough."""
        url = self.url(table, selection, codelists)
        cached = self._cached(url)
        if cached is not None and self.clock() - cached[1] <= self.max_age:
            return parse_jsonstat(cached[0])
        try:
            body = self._get(url)
        except FetchError:
            if cached is not None and self.stale_if_error:
                return parse_jsonstat(cached[0])
            raise
        dataset = parse_jsonstat(body)
        self._keep(url, body)
        return dataset

    def _get(self, url: str) -> bytes:
        reason = ""
        for attempt in range(self.retries + 1):
            wait = min(self.backoff * 2**attempt, self.max_wait)
            try:
                return self.transport(url, self.timeout)
            except urllib.error.HTTPError as err:
                if err.code not in RETRY_STATUSES:
                    raise FetchError(f"{url}: the service answered {err.code} {err.reason}") from None
                reason = f"the service answered {err.code} {err.reason}"
                wait = _retry_after(err, wait, self.max_wait)
            except TimeoutError:
                reason = f"no answer within {self.timeout:g} s"
            except urllib.error.URLError as err:
                if isinstance(err.reason, TimeoutError):
                    reason = f"no answer within {self.timeout:g} s"
                else:
                    reason = f"could not connect ({err.reason})"
            except OSError as err:
                reason = f"could not connect ({err})"
            if attempt < self.retries:
                self.sleep(wait)
        tries = self.retries + 1
        raise FetchError(f"{url}: {reason} ({tries} {'try' if tries == 1 else 'tries'})")

    def _path(self, url: str) -> Path | None:
        if self.cache is None:
            return None
        return self.cache / f"{hashlib.sha256(url.encode()).hexdigest()}.json"

    def _cached(self, url: str) -> tuple[bytes, float] | None:
        path = self._path(url)
        if path is None:
            return None
        try:
            return path.read_bytes(), path.stat().st_mtime
        except OSError:
            return None

    def _keep(self, url: str, body: bytes) -> None:
        path = self._path(url)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside and moved into place, so a reader never sees half a response.
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        os.utime(temporary, (self.clock(), self.clock()))
        Path(temporary).replace(path)


def _retry_after(error: urllib.error.HTTPError, wait: float, most: float) -> float:
    """The wait ``Retry-After`` asks for, in seconds, when it gives one, up to ``most``."""
    asked = error.headers.get("Retry-After") if error.headers else None
    if asked and asked.strip().isdigit():
        return min(float(asked.strip()), most)
    return wait
