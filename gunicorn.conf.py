"""gunicorn settings for PBAS Logbook (``gunicorn -c gunicorn.conf.py``).

Tuned for what this app's requests are: short and CPU-bound in Python
(templates over stored HTML; Markdown is rendered on save, not on read),
with brief waits on PostgreSQL. Synchronous workers, about two per core
plus one, keep every core busy while some workers wait on the database,
without the GIL contention of threads (on two cores, 3, 5 and 8 sync
workers and gthread workers were within the noise of each other: see
docs/performance.md). Put an
HTTPS proxy or load balancer in front: it buffers slow clients, which sync
workers must not wait on.

Every value can be overridden from the environment:
GUNICORN_BIND (default 0.0.0.0:$PORT or :8000), WEB_CONCURRENCY (workers),
GUNICORN_WORKER_CLASS and GUNICORN_THREADS, GUNICORN_TIMEOUT,
GUNICORN_ACCESS_LOG ("-" for stdout; empty: none), FORWARDED_ALLOW_IPS
(proxies trusted for X-Forwarded-*).
"""

import multiprocessing
import os

wsgi_app = "pbas_logbook.wsgi:application"
bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"

workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))  # used by worker_class "gthread"
# A PDF of a long submission takes a few seconds; nothing should take 30.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Recycle workers now and then, so a slow leak never grows without bound;
# the jitter keeps them from restarting all at once.
max_requests = 2000
max_requests_jitter = 200
# Load Django once, before forking: workers start fast and share memory.
# (No database connection is opened at import, so none is shared.)
preload_app = True
# The heartbeat file on tmpfs (gunicorn's own advice): a slow disk must not
# make workers look dead. Only gunicorn writes there.
SHARED_MEMORY = "/dev/shm"  # noqa: S108
worker_tmp_dir = SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
