"""The PxWebApi v2 fetcher with a fake transport: never the network. The URL is PxWebApi v2's, busy
and broken answers are tried again with growing waits, a fresh cache is used, and failures say why."""

from __future__ import annotations

import email.message
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from prioritet.tabular.jsonstat import JsonStatError
from prioritet.tabular.pxweb import SSB_BASE_URL, FetchError, PxWebClient

BODY = (Path(__file__).parent / "data" / "ssb_population_sparse_made_up.json").read_bytes()


class FakeService:
    """Answers each request with the next of ``answers`` (bytes, or an exception to raise) and
    records the URLs and timeouts asked for."""

    def __init__(self, *answers: bytes | BaseException) -> None:
        self.answers = list(answers)
        self.asked: list[tuple[str, float]] = []

    def __call__(self, url: str, timeout: float) -> bytes:
        self.asked.append((url, timeout))
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer


def http_error(code: int, retry_after: str | None = None) -> urllib.error.HTTPError:
    headers = email.message.Message()
    if retry_after is not None:
        headers["Retry-After"] = retry_after
    return urllib.error.HTTPError(
        "https://x",
        code,
        {429: "Too Many Requests", 503: "Service Unavailable", 404: "Not Found", 400: "Bad Request"}[code],
        headers,
        None,
    )


def client(service: FakeService, waits: list[float] | None = None, **options: object) -> PxWebClient:
    record: Callable[[float], None] = waits.append if waits is not None else lambda s: None
    return PxWebClient(transport=service, sleep=record, **options)  # type: ignore[arg-type]


def test_the_url_is_pxwebapi_v2s_data_endpoint_with_sorted_value_codes() -> None:
    url = PxWebClient().url("07459", {"Tid": ["2024", "2025"], "Region": "0301", "Alder": ["080+"]})
    assert url == (
        "https://data.ssb.no/api/pxwebapi/v2/tables/07459/data?lang=no&outputFormat=json-stat2"
        "&valueCodes[Alder]=080%2B&valueCodes[Region]=0301&valueCodes[Tid]=2024,2025"
    )


def test_selection_expressions_codelists_language_and_base_url_are_written_as_given() -> None:
    url = PxWebClient(base_url="https://statbank.example/api/v2/", language="en").url(
        "12209", {"Tid": "top(5)", "KOKkommuneregion0000": ["*"]}, codelists={"KOKkommuneregion0000": "agg_KOKkommuner"}
    )
    assert url == (
        "https://statbank.example/api/v2/tables/12209/data?lang=en&outputFormat=json-stat2"
        "&valueCodes[KOKkommuneregion0000]=*&valueCodes[Tid]=top(5)&codelist[KOKkommuneregion0000]=agg_KOKkommuner"
    )
    assert SSB_BASE_URL == "https://data.ssb.no/api/pxwebapi/v2"


@pytest.mark.parametrize("table", ["../admin", "07459?x=1", "", "a/b"])
def test_a_table_id_that_could_change_the_path_is_refused(table: str) -> None:
    with pytest.raises(ValueError, match="not a table id"):
        PxWebClient().url(table, {})


def test_a_variable_with_no_codes_is_refused() -> None:
    with pytest.raises(ValueError, match="no codes selected for 'Tid'"):
        PxWebClient().url("07459", {"Tid": []})


def test_fetch_reads_the_answer_as_a_dataset_with_the_timeout_given() -> None:
    service = FakeService(BODY)
    data = client(service, timeout=7.5).fetch("07459", {"Region": "3201"})
    assert data.dimensions == ("Region", "Alder", "ContentsCode", "Tid")
    assert [r["value"] for r in data.rows] == [14020, 14410, None, 7120]
    assert service.asked == [(PxWebClient().url("07459", {"Region": "3201"}), 7.5)]


def test_busy_and_broken_answers_and_timeouts_are_tried_again_with_doubling_waits() -> None:
    service = FakeService(http_error(503), TimeoutError(), urllib.error.URLError("connection refused"), BODY)
    waits: list[float] = []
    data = client(service, waits, retries=3, backoff=0.5).fetch("07459", {"Region": "3201"})
    assert len(data.rows) == 4
    assert len(service.asked) == 4
    assert waits == [0.5, 1.0, 2.0]


def test_a_429_waits_as_long_as_retry_after_asks_but_no_longer_than_max_wait() -> None:
    service = FakeService(http_error(429, "5"), http_error(429, "3600"), BODY)
    waits: list[float] = []
    client(service, waits, backoff=1.0, max_wait=60.0).fetch("07459", {"Region": "3201"})
    assert waits == [5.0, 60.0]


@pytest.mark.parametrize("code", [400, 404])
def test_a_refused_query_is_not_tried_again(code: int) -> None:
    service = FakeService(http_error(code), BODY)
    with pytest.raises(FetchError, match=f"the service answered {code}"):
        client(service).fetch("07459", {"Region": "3201"})
    assert len(service.asked) == 1


def test_when_every_try_times_out_the_error_names_url_timeout_and_tries() -> None:
    service = FakeService(*[TimeoutError()] * 3)
    with pytest.raises(FetchError) as caught:
        client(service, retries=2, timeout=10).fetch("07459", {"Region": "3201"})
    message = str(caught.value)
    assert message.startswith("https://data.ssb.no/api/pxwebapi/v2/tables/07459/data?")
    assert message.endswith(": no answer within 10 s (3 tries)")


def test_a_timeout_inside_urlerror_is_reported_as_a_timeout() -> None:
    service = FakeService(urllib.error.URLError(TimeoutError("timed out")))
    with pytest.raises(FetchError, match=r"no answer within 30 s \(1 try\)"):
        client(service, retries=0).fetch("07459", {"Region": "3201"})


def test_an_answer_that_is_no_dataset_raises_the_reader_error_and_is_not_cached(tmp_path: Path) -> None:
    service = FakeService(b"<html>Vedlikehold</html>", BODY)
    fetcher = client(service, cache=tmp_path)
    with pytest.raises(JsonStatError, match="not JSON"):
        fetcher.fetch("07459", {"Region": "3201"})
    assert list(tmp_path.iterdir()) == []


def test_a_fresh_cached_answer_is_used_without_asking_the_service(tmp_path: Path) -> None:
    now = [1_000_000.0]
    service = FakeService(BODY)
    fetcher = PxWebClient(transport=service, sleep=lambda s: None, clock=lambda: now[0], cache=tmp_path, max_age=3600)
    first = fetcher.fetch("07459", {"Region": "3201"})
    now[0] += 3599
    second = fetcher.fetch("07459", {"Region": "3201"})
    assert first == second
    assert len(service.asked) == 1
    assert len(list(tmp_path.glob("*.json"))) == 1


def test_another_selection_is_another_cache_entry(tmp_path: Path) -> None:
    service = FakeService(BODY, BODY)
    fetcher = client(service, cache=tmp_path)
    fetcher.fetch("07459", {"Region": "3201"})
    fetcher.fetch("07459", {"Region": "0301"})
    assert len(service.asked) == 2
    assert len(list(tmp_path.glob("*.json"))) == 2


def test_an_old_cached_answer_is_fetched_again(tmp_path: Path) -> None:
    now = [1_000_000.0]
    service = FakeService(BODY, BODY)
    fetcher = PxWebClient(transport=service, sleep=lambda s: None, clock=lambda: now[0], cache=tmp_path, max_age=60)
    fetcher.fetch("07459", {"Region": "3201"})
    now[0] += 61
    fetcher.fetch("07459", {"Region": "3201"})
    assert len(service.asked) == 2


def test_an_old_cached_answer_is_served_when_the_service_cannot_be_reached_only_if_asked(tmp_path: Path) -> None:
    now = [1_000_000.0]

    def fetcher(service: FakeService, stale: bool) -> PxWebClient:
        return PxWebClient(
            transport=service,
            sleep=lambda s: None,
            clock=lambda: now[0],
            cache=tmp_path,
            max_age=60,
            retries=0,
            stale_if_error=stale,
        )

    fetcher(FakeService(BODY), stale=False).fetch("07459", {"Region": "3201"})
    now[0] += 3600
    offline = urllib.error.URLError("Name or service not known")
    with pytest.raises(FetchError, match="could not connect"):
        fetcher(FakeService(offline), stale=False).fetch("07459", {"Region": "3201"})
    data = fetcher(FakeService(offline), stale=True).fetch("07459", {"Region": "3201"})
    assert [r["value"] for r in data.rows] == [14020, 14410, None, 7120]


def test_a_base_url_that_is_not_http_is_refused() -> None:
    with pytest.raises(ValueError, match="not an http"):
        PxWebClient(base_url="file:///etc").url("07459", {"Region": "0301"})


class FakeResponse:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def __enter__(self) -> FakeResponse:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def read(self, most: int) -> bytes:
        return self.body[:most]


def test_the_urllib_transport_asks_for_json_and_refuses_a_response_over_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from prioritet.tabular import pxweb

    seen: list[tuple[urllib.request.Request, float]] = []

    def urlopen(request: urllib.request.Request, timeout: float) -> FakeResponse:
        seen.append((request, timeout))
        return FakeResponse(b"x" * 11)

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    assert pxweb.urllib_transport("https://data.ssb.no/t", 4.0) == b"x" * 11
    request, timeout = seen[0]
    assert request.get_header("Accept") == "application/json"
    assert timeout == 4.0
    monkeypatch.setattr(pxweb, "MAX_BYTES", 10)
    with pytest.raises(FetchError, match="larger than"):
        pxweb.urllib_transport("https://data.ssb.no/t", 4.0)
