"""Shared test configuration: hypothesis profiles and the shared fixtures.

Fixtures: ``rng`` (a seeded numpy generator), ``paper`` and ``paper_csv`` (the
paper's 1-D data set of tests/_data.py) and ``cli`` (the command line run
in-process: exit code, stdout and stderr; CSV files; one-line errors).

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

import json
import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

from tests._data import PAPER, PaperData

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


@pytest.fixture
def paper() -> PaperData:
    """The paper's 1-D data set: ``X``, ``y``, ``X_column``, ``beta``, ``bias``, ``value`` = 287/1600, ``csv``."""
    return PAPER


@pytest.fixture
def paper_csv(tmp_path: Path) -> Path:
    """The paper's data set written as ``paper.csv`` (header ``x,y``) in the test's tmp_path."""
    p = tmp_path / "paper.csv"
    p.write_text(PAPER.csv, encoding="utf-8")
    return p


class CliRunner:
    """The ``exactwedge`` command line, run in-process with its output captured by ``capsys``."""

    def __init__(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        self._capsys = capsys
        self._tmp_path = tmp_path

    def run(self, *argv: object) -> tuple[int, str, str]:
        """``(exit code, stdout, stderr)`` of ``exactwedge argv...`` (each argument passed as ``str``)."""
        from exactwedge.cli.main import main

        try:
            code = main([str(a) for a in argv])
        except SystemExit as e:  # argparse usage errors
            code = e.code
        out, err = self._capsys.readouterr()
        return code, out, err

    def csv(self, text: str = PAPER.csv, name: str = "data.csv") -> Path:
        """A CSV file in the test's tmp_path (by default the paper's data as ``data.csv``)."""
        p = self._tmp_path / name
        p.write_text(text, encoding="utf-8")
        return p

    def json(self, *argv: object) -> dict:
        """The JSON report a successful run writes to stdout (the run must exit 0)."""
        code, out, err = self.run(*argv)
        assert code == 0, err
        return json.loads(out)

    @staticmethod
    def one_line_error(code: int, err: str, fragment: str = "",
                       prefixes: tuple[str, ...] = ("exactwedge: error: ",)) -> None:
        """Exit status 2, one stderr line starting with one of ``prefixes`` and holding ``fragment``, no traceback."""
        assert code == 2, (code, err)
        lines = err.splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith(tuple(prefixes)), lines[0]
        assert "Traceback" not in err and fragment in lines[0], lines[0]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> CliRunner:
    """A :class:`CliRunner` over this test's ``capsys`` and ``tmp_path``."""
    return CliRunner(capsys, tmp_path)
