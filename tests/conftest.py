"""Shared test configuration: hypothesis profiles and a seeded random generator.

Profiles (choose with the environment variable ``HYPOTHESIS_PROFILE``):

``default``
    Fast local runs: 50 examples per property, no deadline (exact arithmetic
    has a slow first call while caches fill).
``ci``
    More examples, derandomized so that a CI failure reproduces, and no
    example database written into the clone.
``thorough``
    For hunting: many more examples.
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=50, deadline=None)
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

#: The seed of the ``rng`` fixture; change it to explore, keep it to reproduce.
RNG_SEED = 20230928


@pytest.fixture
def rng() -> np.random.Generator:
    """A numpy Generator with a fixed seed, fresh for every test."""
    return np.random.default_rng(RNG_SEED)
