"""proofs_check: the theorems of docs/theory.md as executable, exact checks.

The statements of ``docs/theory.md`` are registered *checks* (the page's map
names the few statements that have none): each a function that draws a seeded
family of small cases (random and degenerate), tests the statement on each one
exactly (floats only where the statement itself is about floats or irrational
optima, and then with a stated tolerance), proves it symbolically where it is a
polynomial identity, and reports the smallest counterexample when it fails.

* ``python -m proofs_check`` runs them all (``-k``, ``--cases``, ``--seed``,
  ``--thorough``, ``--json PATH|-``) and exits with status 1 on any FAIL.
* :func:`run_check` / :func:`run_checks` run them from Python (a
  :class:`CheckResult` / a :class:`CheckReport`, which display as tables in
  Jupyter; ``report.summary()`` is the text table); ``mutate=``
  corrupts a named intermediate (a *hook*) to show that a check can fail.
* ``python -m proofs_check --data FILE.csv [--beta B] [--bias] [--targets K]``
  and ``run_check(name, data={"X": ..., "y": ...})`` run every check that has a
  data form on one data set of yours (:mod:`proofs_check._data`: read exactly,
  β = β_max/10 by default); what does not apply is a SKIP saying why.
* :func:`parametrize_with_checks` turns every check into a pytest id, as
  scikit-learn's ``parametrize_with_checks`` does for estimators.
* ``python -m proofs_check --theory-map docs/theory.md`` regenerates the map of
  that page (statement → check ids → the library names in each check's ``uses``).

One module per family: :mod:`~proofs_check.ga_identities` (App. 6.1, §1),
:mod:`~proofs_check.lasso_equivalence` (Thm 1, 2, 3, 6, 22; the absolute value),
:mod:`~proofs_check.extreme_points` (Lemmas 14, 17, 19),
:mod:`~proofs_check.duality` (Lemmas 20, 21),
:mod:`~proofs_check.weight_decay` (Def. 2, 3; Thm 4, 5, 7),
:mod:`~proofs_check.random_data` (Lemmas 11, 12),
:mod:`~proofs_check.vector_output` (Thm 23), :mod:`~proofs_check.deep`
(Thm 9, 10), :mod:`~proofs_check.deep_one_d` (deep narrow 1-D dictionaries
are complete), :mod:`~proofs_check.rescaling` (App. 6.12).

>>> import proofs_check
>>> res = proofs_check.run_check("lemma21_lasso_duality_bias", cases=2)
>>> res.status, res.summary
('PASS', 'checked on 2 exact cases')
"""

from ._data import DataSet, NotApplicable, load_data
from ._report import CheckReport
from ._registry import (
    FAMILIES,
    Case,
    Check,
    CheckFailed,
    CheckResult,
    Context,
    Counterexample,
    all_checks,
    check,
    get_check,
    run_check,
    run_checks,
)

__all__ = [
    "Check",
    "CheckResult",
    "CheckReport",
    "CheckFailed",
    "Case",
    "Context",
    "Counterexample",
    "FAMILIES",
    "check",
    "all_checks",
    "get_check",
    "run_check",
    "run_checks",
    "parametrize_with_checks",
    "DataSet",
    "NotApplicable",
    "load_data",
]


def parametrize_with_checks(pattern: str | None = None, **options):
    """A pytest decorator: one test id per check, each called as ``check()`` (raises on FAIL).

    Modelled on scikit-learn's ``parametrize_with_checks``. Checks registered
    with ``slow=True`` get the ``slow`` mark.

    Parameters
    ----------
    pattern : str, optional
        Only the checks matching it (see :func:`all_checks`).
    **options
        Passed to :func:`run_check` (``cases``, ``seed``, ``thorough``).

    Examples
    --------
    >>> deco = parametrize_with_checks("lemma 20", cases=2)
    >>> deco.args[0], [p.id for p in deco.args[1]]
    ('check', ['lemma20_lasso_duality'])

    In a test module::

        @parametrize_with_checks()
        def test_theorem(check):
            check()
    """
    import functools

    import pytest

    params = []
    for c in all_checks(pattern):
        marks = [pytest.mark.slow] if c.slow else []
        params.append(pytest.param(functools.partial(c.__call__, **options), id=c.name, marks=marks))
    return pytest.mark.parametrize("check", params)
