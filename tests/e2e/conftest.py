"""Browser journeys: Playwright (sync API) driving Debian's chromium against
pytest-django's live server, with the demo data loaded.

No browser is ever downloaded: every launch names the system ``chromium``.
Without it the journeys are skipped on a developer's machine and fail in CI
(``CI=true``), where ``.ci/run`` installs chromium first.

Helpers for the journeys (import them from ``tests.e2e.conftest``):
``login``, ``field_label``, ``check_accessibility``, ``check_fits_width`` and
``screenshot``.
"""

import functools
import io
import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

# Sync Playwright keeps an asyncio event loop in the test thread for the whole
# session, and Django's ORM refuses to run in a thread with a running loop.
# Nothing async touches the ORM here (the loop only drives the browser), so
# the check is switched off; set at import because the loop outlives the e2e
# tests that start it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

E2E_DIR = Path(__file__).resolve().parent
PROJECT_DIR = E2E_DIR.parents[1]
AXE_JS = E2E_DIR / "vendor" / "axe.min.js"
SCREENSHOT_DIR = PROJECT_DIR / "test-artifacts" / "screenshots"

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SKIP_REASON = "chromium is not installed; browser tests skipped"
CI_FAILURE = "chromium missing in CI"

DEMO_PASSWORD = "pbas-demo"
DESKTOP = {"width": 1280, "height": 800}
TABLET = {"width": 800, "height": 1000}
MOBILE = {"width": 390, "height": 844}
# How long a browser step may wait. A local server answers in milliseconds,
# but CI shares two cores between the server, Chromium and the suite: a
# comment post once took over 10 s there. Failing waits cost this only when
# something is wrong; Playwright's own 30 s would hide a hang for longer.
BROWSER_TIMEOUT_MS = 20_000
BLOCKING_IMPACTS = ("serious", "critical")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def pytest_collection_modifyitems(config, items):
    # This hook sees the whole session's items, not only this folder's.
    for item in items:
        if E2E_DIR not in Path(item.path).parents:
            continue
        item.add_marker(pytest.mark.e2e)
        if CHROMIUM:
            continue
        if _in_ci():
            _fail_without_browser(item)
        else:
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


def _fail_without_browser(item) -> None:
    """Make ``item`` a plain failure that sets up nothing.

    Failing in a fixture would report a setup error buried under Playwright's
    "executable doesn't exist" text; CI should say in one line what is wrong.
    """

    def runtest():
        pytest.fail(CI_FAILURE, pytrace=False)

    item.setup = lambda: None
    item.runtest = runtest


# --- Playwright configuration ----------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's chromium, never a browser Playwright would download."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP, "locale": "en-GB"}


@pytest.fixture
def page(page):
    """Playwright's page, failing the test on any script error, console error,
    missing asset (a static file that does not load) or server error.

    A page itself may answer 4xx on purpose (a used invitation link is 410);
    tests check those statuses themselves.
    """
    problems = watch_for_problems(page)
    yield page
    assert not problems, "The browser saw problems:\n" + "\n".join(problems)


def watch_for_problems(page, allowed=()) -> list[str]:
    """Collect ``page``'s script errors, console errors and bad responses
    into the returned list (the ``page`` fixture's watch, for a second
    browser a test opens itself). ``allowed``: (status, path end) pairs a
    journey provokes on purpose (a refused autosave)."""
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    expect.set_options(timeout=BROWSER_TIMEOUT_MS)
    problems = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("console", lambda message: _note_console_error(problems, message, allowed))
    page.on("response", lambda response: _note_bad_response(problems, response, allowed))
    return problems


def _note_console_error(problems, message, allowed=()):
    # "Failed to load resource" repeats a bad response, judged below; htmx
    # also logs an allowed answer ("Response Status Error Code 403 from ...").
    if any(f"{status} from {end}" in message.text for status, end in allowed):
        return
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        problems.append(f"console error: {message.text} at {message.location.get('url')}")


def _note_bad_response(problems, response, allowed=()):
    if any(response.status == status and response.url.endswith(end) for status, end in allowed):
        return
    if response.status >= 500:
        problems.append(f"HTTP {response.status} from {response.url}")
    elif (
        response.status >= 400
        and response.request.resource_type != "document"
        # Chromium may ask for /favicon.ico on its own (pages without base.html).
        and not response.url.endswith("/favicon.ico")
    ):
        problems.append(f"HTTP {response.status} for {response.url}")


# --- Data -------------------------------------------------------------------


@pytest.fixture
def demo_data(transactional_db, settings):
    """The demo accounts of ``manage.py seed_demo`` (password ``pbas-demo``).

    ``transactional_db`` because the live server runs in another thread and
    must see committed rows. The fast hasher keeps seeding and signing in
    quick; what is hashed how is not what these journeys test.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # pytest-django runs tests with DEBUG off, which seed_demo guards against.
    call_command("seed_demo", force=True, stdout=io.StringIO())


# --- Helpers ----------------------------------------------------------------


def field_label(text):
    """Match a form field's label, with or without crispy's "*" for required."""
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


def login(page, live_server, email, password=DEMO_PASSWORD):
    """Sign in through the login page; returns the response to the form post."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(field_label("Email")).fill(email)
    page.get_by_label(field_label("Password")).fill(password)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Log in", exact=True).click()
    return navigation.value


@functools.cache
def _axe_source():
    return AXE_JS.read_text(encoding="utf-8")


def check_accessibility(page):
    """Run axe-core on the current page; fail on serious or critical violations.

    Returns axe's full results for tests that want to look closer.
    """
    # Not page.add_script_tag: the app's Content Security Policy (script-src
    # 'self') blocks inline scripts, which is right, and bypassing CSP would
    # hide the app's own violations. Playwright's evaluate is not a page script.
    if page.evaluate("() => typeof window.axe === 'undefined'"):
        page.evaluate(_axe_source())
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"axe found {len(blocking)} serious or critical violation(s) on {page.url}:"]
        for violation in blocking:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            lines.append(f"  {violation['helpUrl']}")
            for node in violation["nodes"]:
                lines.append(f"    at {' '.join(map(str, node['target']))}")
        pytest.fail("\n".join(lines), pytrace=False)
    return results


def check_fits_width(page):
    """Fail if the page scrolls sideways (content wider than the viewport).

    Call it once the page under test has arrived (expect something on it):
    this waits for that document's load, not for a navigation still to come."""
    page.wait_for_load_state("load")
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], (
        f"{page.url} is {widths[0]}px wide in a {widths[1]}px viewport: it scrolls sideways"
    )


def screenshot(page, name):
    """Save a full-page PNG as test-artifacts/screenshots/<name>.png."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
