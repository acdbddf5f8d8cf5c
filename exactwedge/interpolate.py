r"""Minimum-ℓ1 interpolating networks (β → 0), by exact linear programming.

As β → 0 the regularized network tends to the interpolating network with the
smallest path norm, which over the dictionary of the theorems is the LP

.. math:: \min_{z,\,t}\ \lVert z\rVert_1 \quad\text{s.t.}\quad Kz + t\mathbf 1 = y

(t only with bias), solved exactly by :func:`exactwedge.lp.solve_lp` with
``z = u − v``, ``t = t⁺ − t⁻``. The optimum is rational and comes with an
exact LP certificate (primal feasibility, dual feasibility, zero gap).

>>> res = interpolate([0, 1, 2, 3], [0, 1, 0, 1])
>>> res.value, res.certificate["holds"], res.network.predict([[0], [1], [2], [3]])
(Fraction(4, 1), True, [Fraction(0, 1), Fraction(1, 1), Fraction(0, 1), Fraction(1, 1)])
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .dictionary import DEFAULT_MAX_COLUMNS, Dictionary, dictionary_of
from .exceptions import InvalidInputError
from .lp.simplex import solve_lp
from .network import Network
from .numbers import format_exact
from .numbers.certificate import OptimalityCertificate
from .problem import Problem

__all__ = ["InterpolationResult", "InterpolationCertificate", "interpolate"]


@dataclass(frozen=True, eq=False)
class InterpolationCertificate(OptimalityCertificate):
    """The exact LP certificate of a minimum-ℓ1 interpolation (the certificate protocol).

    Attributes
    ----------
    holds : bool
        Primal feasibility (``Ax = b, x ≥ 0``), dual feasibility (``c − Aᵀy ≥ 0``)
        and a zero gap (``cᵀx = bᵀy``), checked in rationals.
    dual : tuple of Fraction
        The dual vector y.

    Examples
    --------
    >>> c = InterpolationCertificate(True, (Fraction(1, 2),))
    >>> c.holds, c["exact"], c.to_json()["dual"]
    (True, True, ['1/2'])
    """

    holds: bool
    dual: tuple
    #: What was checked, in which arithmetic (exact: every condition in rationals).
    kind: str = "LP optimality (Ax = b, x ≥ 0, c − Aᵀy ≥ 0, cᵀx = bᵀy)"

    def to_json(self) -> dict:
        """The ``certificate`` entry of ``exactwedge fit --interpolate --json``."""
        return {"holds": self.holds, "exact": True, "kind": self.kind, "dual": [format_exact(v) for v in self.dual]}


@dataclass
class InterpolationResult:
    """The exact minimum-ℓ1 interpolating network.

    Attributes
    ----------
    value : Fraction
        The minimum ℓ1 norm ``‖z‖₁`` (the network's path norm Σ‖w_j‖₁|α_j|).
    z : list of Fraction
    intercept : Fraction or None
    dictionary : Dictionary
    network : Network
    certificate : InterpolationCertificate
        The exact LP certificate.
    """

    value: Fraction
    z: list
    intercept: Fraction | None
    dictionary: Dictionary
    network: Network
    certificate: InterpolationCertificate
    iterations: int

    def to_json(self) -> dict:
        """JSON in the shape of ``exactwedge fit --json``; ``optimal_value`` is the minimum ℓ1 norm
        (``value`` if the LP certificate failed), and ``value_kind`` says so."""
        ok = bool(self.certificate.holds)
        return {
            "optimal_value" if ok else "value": format_exact(self.value),
            "optimal_value_float" if ok else "value_float": float(self.value),
            "value_kind": ("the minimum ℓ1 path norm of a network of the dictionary that interpolates the data: "
                           "the exact LP optimum, certified by exact LP optimality conditions") if ok else
                          "the ℓ1 norm of an interpolating network whose exact LP certificate fails (not optimal)",
            "exact": True,
            "mode": "interpolate",
            "intercept": None if self.intercept is None else format_exact(self.intercept),
            "columns": len(self.dictionary),
            "dictionary": self.dictionary.summary(),
            "certificate": self.certificate.to_json(),
            "neurons": self.network.to_json(),
            "solver": "exact simplex (Bland's rule)",
        }


def interpolate(X: Any, y: Any, *, bias: bool = True, norm: int = 1, activation: str = "relu",
                depth: int = 2, max_columns: int | None = DEFAULT_MAX_COLUMNS) -> InterpolationResult:
    """The exact minimum-ℓ1 network (two-layer, or deep narrow in 1-D) that interpolates ``(X, y)``.

    Parameters
    ----------
    X : (n, d) exact data; y : (n,) exact labels
    bias : bool
        Neurons with biases and a free intercept (default True).
    norm : {1}
        Only the ℓ1 path norm gives a linear program.
    activation : {"relu", "abs"}
    depth : {2, 3, 4}
        2: two-layer networks in any d. 3, 4: parallel deep narrow networks on
        1-D data, over the dictionaries of :mod:`exactwedge.deep.one_d`
        (bias required); the network is then a
        :class:`~exactwedge.deep.one_d.DeepNarrowNetwork`.
    max_columns : int or None

    Returns
    -------
    InterpolationResult

    Raises
    ------
    InvalidInputError
        For ``norm != 1``, an unsupported depth, two equal inputs with different
        labels, or data no network without biases interpolates (``bias=False``).

    Examples
    --------
    >>> r = interpolate([[0, 0], [1, 0], [0, 1], [1, 1]], [0, 1, 1, 0])
    >>> r.value, len(r.network.units)  # |x1 − x2| = 2(x·w)_+ + 2(−x·w)_+, w = (1/2, −1/2)
    (Fraction(4, 1), 2)

    Deep narrow 1-D networks (Zeger et al. 2024): capped ramps at L = 3 halve
    the two-layer norm here.

    >>> X, y = [0, 4, 5, 7, 10, 11], [0, 0, 0, 2, 3, 3]
    >>> [interpolate(X, y, depth=L).value for L in (2, 3, 4)]
    [Fraction(2, 1), Fraction(1, 1), Fraction(1, 1)]

    Without biases a 1-D network is positively homogeneous, so these data have no
    interpolant; equal inputs with different labels have none at all.

    >>> interpolate(X, y, bias=False)
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: no network without biases interpolates these data (every neuron's hyperplane passes through the origin and there is no intercept): use biases (bias=True, the default; in the CLI drop --no-bias)
    >>> interpolate([0, 1, 1], [0, 1, 2])
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: rows 1 and 2 (from 0) have the same input and different labels (1 and 2): no function interpolates them
    """
    if norm != 1:
        raise InvalidInputError(f"interpolation is an exact LP for norm=1 only, got norm={norm!r}")
    if depth not in (2, 3, 4):
        raise InvalidInputError(f"interpolate supports depth 2, 3 or 4, got depth={depth!r}")
    P = Problem.of(X, y, bias=bias, norm=1, activation=activation)
    if P.outputs != 1:
        raise InvalidInputError(f"interpolate fits one output, got y with {P.outputs} columns")
    rows, yv = P.X, list(P.y)
    _check_labels_agree(rows, yv)
    if depth == 2:
        D = dictionary_of(P, max_columns=max_columns)
    else:
        if rows and len(rows[0]) != 1:
            raise InvalidInputError(f"depth {depth} interpolation is for 1-D data (deep narrow networks), got d = {len(rows[0])}")
        if not bias:
            raise InvalidInputError("deep narrow 1-D networks have biases: use bias=True with depth 3 or 4")
        from .deep.one_d import deep_dictionary

        D = deep_dictionary(rows, depth=depth, activation=activation,
                            max_columns=max_columns if max_columns is not None else None)
    K = D.exact_matrix()
    n, m = len(rows), len(D)
    # variables: u (m), v (m), then t+ and t- with bias
    A = [K[i] + [-k for k in K[i]] + ([Fraction(1), Fraction(-1)] if bias else []) for i in range(n)]
    c = [Fraction(1)] * (2 * m) + ([Fraction(0), Fraction(0)] if bias else [])
    res = solve_lp(c, A, yv)
    if res.status == "infeasible" and not bias:
        raise InvalidInputError(
            "no network without biases interpolates these data (every neuron's hyperplane passes through the "
            "origin and there is no intercept): use biases (bias=True, the default; in the CLI drop --no-bias)")
    if res.status != "optimal":
        raise InvalidInputError(f"no network of this dictionary interpolates the data (the interpolation LP is "
                                f"{res.status})")
    x = res.x
    z = [x[j] - x[m + j] for j in range(m)]
    t = (x[2 * m] - x[2 * m + 1]) if bias else None
    if depth == 2:
        net = Network.from_solution(D, z, t if bias else Fraction(0))
    else:
        from .deep.one_d import DeepNarrowNetwork

        net = DeepNarrowNetwork([(v, D.chains[j]) for j, v in enumerate(z) if v != 0], t, x=D.x)
    cert = InterpolationCertificate(res.certificate.holds, tuple(res.y))
    return InterpolationResult(res.value, z, t, D, net, cert, res.iterations)


def _check_labels_agree(rows: Any, y: list) -> None:
    """Refuse two equal inputs with different labels: no function interpolates them."""
    seen: dict = {}
    for i, (x, v) in enumerate(zip(rows, y)):
        j = seen.setdefault(tuple(x), i)
        if j != i and y[j] != v:
            raise InvalidInputError(f"rows {j} and {i} (from 0) have the same input and different labels "
                                    f"({format_exact(y[j])} and {format_exact(v)}): no function interpolates them")
