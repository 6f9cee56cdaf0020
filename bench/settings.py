"""The project's settings plus the benchmark: ``bench`` installed (it owns
``manage.py seed_scale``) and its reference page routed (``bench.urls``).

``make bench`` (``python -m bench``) and the servers it starts run with
``DJANGO_SETTINGS_MODULE=bench.settings``; the product's own settings,
URLs and views never mention the benchmark.
"""

from pbas_logbook.settings import *  # noqa: F403
from pbas_logbook.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
