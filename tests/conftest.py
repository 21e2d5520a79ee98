"""Shared fixtures: run the real ``kg`` command in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


def run_kg(*args: str | Path, env: dict[str, str] | None = None, timeout: float = 300, prefix: tuple[str, ...] = (),
           **kwargs) -> subprocess.CompletedProcess:
    """Run ``python -m kg ARGS`` (after ``prefix``, e.g. a command that drops privileges) and return the finished process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([*prefix, sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True,
                          env=full_env, timeout=timeout, **kwargs)


@pytest.fixture
def kg_cli():
    """The :func:`run_kg` function."""
    return run_kg


@pytest.fixture
def seeds() -> Path:
    """The folder of seed articles shipped with the repository."""
    return SEEDS
