"""The product's rooms (docs/architecture.md, "Who may import whom"), for the
tests that read the code: the layers, the access API, no scaffolding
imports, the maintenance switch. One list, so a new app is placed once."""

# Each room, with the rooms it may import (besides itself).
BASE = {"pbas_logbook": {"library"}, "library": set()}
CORE = {
    "records": {"pbas_logbook", "library"},
    "notifications": {"pbas_logbook", "library", "records"},
    "backups": {"pbas_logbook", "library"},
    "programme": {"pbas_logbook", "library", "records", "notifications"},
    "accounts": {"pbas_logbook", "library", "records", "notifications", "programme"},
}
INNER = set(BASE) | set(CORE)
OUTER = {
    "entries": INNER,
    "mentors": INNER | {"entries"},
    "examinations": INNER | {"entries", "mentors"},
    "research": INNER | {"entries", "mentors", "examinations"},
}
MAY_IMPORT = {**BASE, **CORE, **OUTER}
# Every product package, scaffolding (demo, bench) and tests aside.
PRODUCT_APPS = sorted(MAY_IMPORT)
