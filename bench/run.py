"""``python -m bench`` (``make bench``): seed, measure, report.

1. Database: DATABASE_URL, or (unset) a ``pbas_bench`` database on the
   embedded PostgreSQL, so a developer's own data is never touched.
2. Refuses with DEBUG on: it would measure the debug toolbar-free but still
   slower and leakier debug mode, not what is deployed.
3. Migrates, collects static files (WhiteNoise serves them as in
   production) and seeds ``--candidates`` generated candidates unless the
   database already holds exactly that many.
4. For every key page, in this process: the SQL queries of one request and
   the server time of ``--requests`` warm requests (p50, p95).
5. Under gunicorn (gunicorn.conf.py) with ``--concurrency`` clients on
   loopback: requests per second for each page and, before and after them,
   for the trivial signed-in page; the ratio to it is the figure to watch.
6. Prints a table and writes JSON to bench/results/.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BENCH_DATABASE = "pbas_bench"
QUERY_BUDGET = 12
THROUGHPUT_BUDGET = 0.35
FULL_RUN = 5000  # candidates from which the defaults are those of a full run
DEBUG_REFUSAL = (
    "Refusing to benchmark with DEBUG on: it would measure the wrong thing (debug "
    "pages, unhashed static files, query logging). Run `make bench`, or set DEBUG=0, "
    "a real SECRET_KEY and ALLOWED_HOSTS=127.0.0.1."
)


def _use_embedded_database() -> None:
    """Point DATABASE_URL at a database of its own on the embedded server."""
    import psycopg2

    from pbas_logbook.embedded_db import embedded_database_url

    url = embedded_database_url()
    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    connection.close()
    os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + BENCH_DATABASE


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--candidates", type=int, default=200)
    parser.add_argument(
        "--requests", type=int, help="timed requests per page (default 50; 15 below 5,000)"
    )
    parser.add_argument(
        "--duration", type=float, help="seconds of load per page (default 15; 3 below 5,000)"
    )
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seed-workers", type=int, default=3)
    parser.add_argument("--reseed", action="store_true", help="seed even if already seeded")
    parser.add_argument("--no-load", action="store_true", help="skip the gunicorn part")
    parser.add_argument("--pages", nargs="*", help="only these page keys")
    parser.add_argument("--output", type=Path, help="JSON file (default bench/results/...)")
    parser.add_argument(
        "--explain",
        type=Path,
        metavar="FILE",
        help="also write EXPLAIN ANALYZE of every statement of every page to FILE (Markdown)",
    )
    return parser.parse_args(argv)


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        memory_kb = 0
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "postgres": postgres,
        "python": platform.python_version(),
        "load_average_at_start": os.getloadavg(),
    }


def database_facts() -> dict:
    from django.db import connection

    tables = [
        "pbas_logbook_user",
        "pbas_logbook_enrolment",
        "entries_entry",
        "entries_entrysection",
        "mentors_comment",
        "examinations_submission",
        "examinations_submittedsection",
    ]
    with connection.cursor() as cursor:
        rows = {}
        for table in tables:
            cursor.execute(  # exact counts: the tables are the constants above
                f"SELECT count(*) FROM {table}"  # noqa: S608
            )
            rows[table] = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    return {"rows": rows, "size": size}


def _collect_static() -> None:
    """collectstatic, only when static/ changed since the last run: rewriting
    the files under a running server (or a test run) is a race worth avoiding."""
    from django.conf import settings
    from django.core.management import call_command

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    sources = [p for folder in settings.STATICFILES_DIRS for p in Path(folder).rglob("*")]
    newest = max((p.stat().st_mtime for p in sources if p.is_file()), default=0)
    if not manifest.exists() or manifest.stat().st_mtime < newest:
        call_command("collectstatic", interactive=False, verbosity=0)


def _seeded_candidates() -> int:
    from bench.scale import DOMAIN
    from pbas_logbook.models import Enrolment

    return Enrolment.objects.filter(candidate__email__endswith="@" + DOMAIN).count()


def _commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip()


def main(argv=None) -> int:
    args = _arguments(argv if argv is not None else sys.argv[1:])
    from pbas_logbook.env import env_bool

    # Checked before anything is touched, with the default settings.py uses.
    if env_bool("DEBUG", True):
        print(DEBUG_REFUSAL, file=sys.stderr)
        return 2
    # The project's settings plus bench (seed_scale, the trivial reference
    # page), here and in the servers started below, which inherit it.
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    if not os.environ.get("DATABASE_URL"):
        _use_embedded_database()

    import django
    from django.conf import settings

    django.setup()
    if settings.DEBUG:
        print(DEBUG_REFUSAL, file=sys.stderr)
        return 2

    from django.core.management import call_command

    from bench import load as loadgen
    from bench import measure, pages, scale

    print(f"Database: {settings.DATABASES['default']['NAME']}")
    call_command("migrate", interactive=False, verbosity=0)
    _collect_static()
    seeding = None
    if args.reseed or _seeded_candidates() != args.candidates:
        started = time.monotonic()
        try:
            scale.seed(args.candidates, workers=args.seed_workers)
        except scale.RealPeopleError as error:
            print(f"Refusing to seed: {error}", file=sys.stderr)
            return 2
        seeding = round(time.monotonic() - started, 1)
    else:
        print(f"Already seeded with {args.candidates:,} candidates (--reseed to start over).")

    # A full run (thousands of candidates) takes its time; a small one is the
    # minute-long check that the harness and the budgets still work.
    full = args.candidates >= FULL_RUN
    duration = args.duration or (15.0 if full else 3.0)
    args.requests = args.requests or (50 if full else 15)
    subjects = pages.find_subjects(writers=args.concurrency)
    selected = pages.key_pages(subjects)
    if args.pages:
        selected = [p for p in selected if p.key in args.pages]
    report = {
        "started_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "candidates": args.candidates,
        "seeding_seconds": seeding,
        "machine": machine(),
        "database": database_facts(),
        "settings": {
            "requests_per_page": args.requests,
            "concurrency": args.concurrency,
            "load_seconds_per_page": duration,
        },
        "pages": {},
    }

    print(f"\nServer time over {args.requests} warm requests per page (in process):")
    trivial = pages.trivial_page(subjects)
    times = measure.measure(trivial, requests=args.requests)
    report["trivial"] = {
        "label": trivial.label,
        "queries": times.queries,
        "p50_ms": round(times.p50_ms, 1),
        "p95_ms": round(times.p95_ms, 1),
        "statements": times.statements,
    }
    _print_times(trivial.label, times)
    for page in selected:
        times = measure.measure(page, requests=args.requests)
        report["pages"][page.key] = {
            "label": page.label,
            "queries": times.queries,
            "p50_ms": round(times.p50_ms, 1),
            "p95_ms": round(times.p95_ms, 1),
            "mean_ms": round(times.mean_ms, 1),
            "budget_p95_ms": page.budget_ms,
            "statements": times.statements,
        }
        _print_times(page.label, times)

    if args.explain:
        from bench.explain import plans

        args.explain.write_text(
            f"# Query plans at {args.candidates:,} candidates\n\n"
            f"EXPLAIN (ANALYZE, BUFFERS) of every statement each key page runs, "
            f"captured by `python -m bench --explain` on {report['started_at']} "
            f"(commit {report['commit']}).\n\n" + plans(selected)
        )
        print(f"\nWrote the query plans to {args.explain}")

    if not args.no_load:
        _throughput(report, subjects, selected, args.concurrency, duration, loadgen, pages)

    _print_table(report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    output = args.output or RESULTS / (
        f"{datetime.date.today():%Y-%m-%d}-{args.candidates}-candidates.json"
    )
    output.write_text(json.dumps(report, indent=2, default=str) + "\n")
    (RESULTS / "latest.json").write_text(output.read_text())
    print(f"\nWrote {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    return 0


def _session(user) -> str:
    from bench.measure import client_for

    return client_for(user).cookies["sessionid"].value


def _throughput(report, subjects, selected, concurrency, duration, loadgen, pages) -> None:
    from django.db import connections

    print(f"\nRequests per second under gunicorn, {concurrency} clients, {duration:.0f} s a page:")
    candidate_session = _session(subjects.candidate)
    sessions = {}

    def clients_for(page):
        if page.method == "POST":
            return [
                (_session(candidate), pages.Autosave(draft))
                for candidate, draft in subjects.writers[:concurrency]
            ]
        if page.user.pk not in sessions:
            sessions[page.user.pk] = _session(page.user)
        return [(sessions[page.user.pk], None)] * concurrency

    trivial = pages.trivial_page(subjects)
    connections.close_all()  # the server gets the database to itself
    with loadgen.Server(loadgen.server_env()) as server:
        report["settings"]["gunicorn_workers"] = server.workers()
        trivial_runs = []

        def run_trivial(when):
            result = loadgen.load(
                server.port, trivial, [(candidate_session, None)] * concurrency, seconds=duration
            )
            trivial_runs.append(result.rps)
            _print_load(f"Trivial signed-in page ({when})", result)
            return result

        first = run_trivial("before")
        results = {}
        for page in selected:
            if page.before is not None:
                continue  # see Page.before
            result = loadgen.load(server.port, page, clients_for(page), seconds=duration)
            results[page.key] = result
            _print_load(page.label, result)
        last = run_trivial("after")
    trivial_rps = sum(trivial_runs) / len(trivial_runs)
    report["trivial"].update(
        rps_before=round(first.rps, 1),
        rps_after=round(last.rps, 1),
        rps=round(trivial_rps, 1),
        load_p95_ms=round(max(first.p95_ms, last.p95_ms), 1),
        client_cpu=round(max(first.client_cpu, last.client_cpu), 2),
    )
    for key, result in results.items():
        report["pages"][key].update(
            rps=round(result.rps, 1),
            load_p95_ms=round(result.p95_ms, 1),
            errors=result.errors,
            ratio=round(result.rps / trivial_rps, 3) if trivial_rps else None,
            client_cpu=round(result.client_cpu, 2),
        )


def verdicts(entry: dict) -> list[str]:
    missed = []
    if entry["queries"] > QUERY_BUDGET:
        missed.append(f"queries {entry['queries']} > {QUERY_BUDGET}")
    if entry.get("budget_p95_ms") and entry["p95_ms"] > entry["budget_p95_ms"]:
        missed.append(f"p95 {entry['p95_ms']} > {entry['budget_p95_ms']} ms")
    if entry.get("ratio") is not None and entry["ratio"] < THROUGHPUT_BUDGET:
        missed.append(f"throughput {entry['ratio']:.0%} < {THROUGHPUT_BUDGET:.0%}")
    return missed


def table(report: dict) -> str:
    """The results as a Markdown table (printed, and pasted into docs/performance.md)."""
    lines = [
        "| page | queries | p50 ms | p95 ms | p95 budget | req/s | vs trivial | budgets |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    trivial = report.get("trivial")
    if trivial:
        rps = f"{trivial['rps']:.1f}" if "rps" in trivial else "–"
        lines.append(
            f"| {trivial['label']} | {trivial['queries']} | {trivial['p50_ms']:.1f} | "
            f"{trivial['p95_ms']:.1f} | – | {rps} | 100% | reference |"
        )
    for entry in report["pages"].values():
        budget = f"{entry['budget_p95_ms']:,.0f}" if entry.get("budget_p95_ms") else "–"
        rps = f"{entry['rps']:.1f}" if "rps" in entry else "–"
        ratio = f"{entry['ratio']:.0%}" if entry.get("ratio") is not None else "–"
        missed = verdicts(entry)
        lines.append(
            f"| {entry['label']} | {entry['queries']} | {entry['p50_ms']:.1f} | "
            f"{entry['p95_ms']:.1f} | {budget} | {rps} | {ratio} | "
            f"{'; '.join(missed) if missed else 'met'} |"
        )
    return "\n".join(lines)


def _print_times(label, times) -> None:
    print(
        f"  {label:<28} {times.queries:>3} queries  "
        f"p50 {times.p50_ms:7.1f} ms  p95 {times.p95_ms:7.1f} ms"
    )


def _print_load(label, result) -> None:
    print(
        f"  {label:<30} {result.rps:7.1f} req/s  "
        f"p95 {result.p95_ms:7.1f} ms  errors {result.errors}"
    )


def _print_table(report: dict) -> None:
    machine = report["machine"]
    print(
        f"\n{report['candidates']:,} candidates · {report['database']['size']} · "
        f"{machine['cpus']} CPUs · PostgreSQL {machine['postgres']}\n"
    )
    print(table(report))
