"""In-process measurements: SQL queries per request and server time.

Requests go through Django's whole handler and middleware (the test
client's handler, without its test-only instrumentation), on this process's
persistent database connection, as an https request from behind a proxy
(X-Forwarded-Proto), with DEBUG off.
"""

import statistics
import time
from dataclasses import dataclass

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

HOST = "127.0.0.1"
WARM_UP = 5


@dataclass
class ServerTimes:
    queries: int
    statements: list[str]
    p50_ms: float
    p95_ms: float
    mean_ms: float
    requests: int


def client_for(user) -> Client:
    client = Client(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")
    client.force_login(user, backend="accounts.backends.EmailBackend")
    return client


def _request(client: Client, page, n: int):
    if page.method == "POST":
        response = client.post(page.url(n), page.form(n))
    else:
        response = client.get(page.url(n))
    body = b"".join(response) if response.streaming else response.content
    if page.learn is not None:
        page.learn(response.status_code, body.decode(errors="replace"))
    if response.status_code != 200:
        raise RuntimeError(f"{page.key}: {page.url(n)} answered {response.status_code}")
    return response


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]


def statements_of(client: Client, page, n: int) -> list[str]:
    """The SQL statements of one request (transaction control included)."""
    # Django empties the query log when a request starts: start from empty
    # so the capture's slice is the whole request.
    if page.before is not None:
        page.before()
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        _request(client, page, n)
    # Read now: the capture is a view of the log, which the next request empties.
    return [query["sql"] for query in captured.captured_queries]


def count_queries(page, *, warm_up: int = 2) -> list[str]:
    """The statements of a warm request (the session already touched, the
    read already in the audit trail), as the benchmark counts them: always
    the page's first variant (a search that finds something), and for an
    autosave a real change of text."""
    client = client_for(page.user)
    step = len(page.variants) or 1
    for n in range(warm_up):
        _request(client, page, n * step)
    return statements_of(client, page, warm_up * step)


def measure(page, *, requests: int = 50) -> ServerTimes:
    if page.max_requests is not None:
        requests = min(requests, page.max_requests)
    client = client_for(page.user)
    for n in range(WARM_UP):
        _request(client, page, n)
    # Request 0 again: the first variant; for an autosave, text that differs
    # from the last warm-up's.
    statements = statements_of(client, page, 0)
    times = []
    for n in range(requests):
        if page.before is not None:
            page.before()
        started = time.perf_counter()
        _request(client, page, WARM_UP + 1 + n)
        times.append((time.perf_counter() - started) * 1000)
    return ServerTimes(
        queries=len(statements),
        statements=statements,
        p50_ms=percentile(times, 0.50),
        p95_ms=percentile(times, 0.95),
        mean_ms=statistics.fmean(times),
        requests=requests,
    )
