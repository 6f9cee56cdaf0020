"""The demo's words, as TOML files beside this module (one per step of
``demo.seed``)."""

import functools
import tomllib
from pathlib import Path

FOLDER = Path(__file__).resolve().parent


@functools.cache
def load(name: str) -> dict:
    """The parsed ``<name>.toml``. Cached: treat it as read-only."""
    with (FOLDER / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)
