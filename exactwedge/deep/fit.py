r"""The optimal deep narrow network on 1-D data at β > 0 (L = 3, 4): the exact Lasso over the deep dictionary.

A parallel deep narrow network (:mod:`exactwedge.deep.one_d`) is
:math:`f(x) = t + \sum_i \alpha_i g_i(x)`, each :math:`g_i` a chain of
``L − 1`` width-1 layers :math:`h \mapsto \sigma(w_l h + b_l)`. Its training
problem, in the convention of Zeger, Wang, Mishkin, Ergen, Candès, Pilanci
(*A Library of Mirrors*, arXiv 2403.01046, and their code
``pilancilab/1d-convex-nn``), is

.. math::

    P_{NN} = \min\ \tfrac12\lVert f(X) - y\rVert_2^2
             + \frac{\beta}{L}\sum_i\Bigl(|\alpha_i|^L + \sum_{l=1}^{L-1}|w_{i,l}|^L\Bigr),

the loss **half the sum** of squares (not a mean), the regularizer the
ℓ_L penalty of all ``L`` weights of each chain, the biases :math:`b_{i,l}`
and the intercept :math:`t` free. Rescaling a chain
(:math:`w_l \to \gamma_l w_l`, :math:`b_l \to (\gamma_1\cdots\gamma_l) b_l`,
:math:`\alpha \to \alpha/(\gamma_1\cdots\gamma_{L-1})`, :math:`\gamma_l > 0`)
keeps :math:`f`; by the AM–GM inequality the penalty's minimum over
rescalings is the **path norm** :math:`\beta\sum_i|\alpha_i|\prod_l|w_{i,l}|`,
reached when all ``L`` weights of a chain have the same magnitude
:math:`\gamma = (|\alpha|\prod_l|w_l|)^{1/L}`. So

.. math::

    P_{NN} = \min\ \tfrac12\lVert f(X) - y\rVert_2^2 + \beta\sum_i|\alpha_i|\prod_l|w_{i,l}|
           = \min_{z,\,t}\ \tfrac12\lVert Az + t\mathbf 1 - y\rVert_2^2 + \beta\lVert z\rVert_1 = P_{\text{Lasso}},

``A`` the deep narrow dictionary of :func:`~exactwedge.deep.one_d.deep_dictionary`
(enough units assumed: an optimum needs at most ``n + 1``). The second
equality: with weights of magnitude 1 (homogeneity) a network is a Lasso
point over the infinite dictionary of all chain features and back, and a
*complete* finite dictionary has the same dual constraint set, hence the same
optimum (the completeness proof and checks: :mod:`exactwedge.deep.arrangement`).
Weight decay :math:`(\beta/2)\sum|w|^2` does **not** give this Lasso at L = 3, 4
(its minimum over rescalings is :math:`\tfrac{\beta L}{2}(\text{path})^{2/L}`);
at L = 2 the two forms agree.

:func:`fit_deep` solves the Lasso exactly in rationals
(:func:`~exactwedge.lasso.solve.exact_lasso`, with a free intercept), on the
dictionary's columns taken once up to an added constant and a sign (the
intercept and the sign of ``z`` absorb both, and :math:`|A_j^\top r|` is the
same for equivalent columns since :math:`\mathbf 1^\top r = 0`); certifies it
by the exact KKT conditions (:func:`~exactwedge.lasso.certificate.certify`);
writes the network as its chains, each breakpoint named by the samples
(:mod:`exactwedge.deep.kinks`); and evaluates the network's objective
:math:`P_{NN}` exactly (:meth:`~exactwedge.deep.one_d.DeepNarrowNetwork.objective`),
which equals the Lasso value.

>>> res = fit_deep([0, 4, 5, 7, 10, 11], [0, 0, 0, 2, 3, 3], "1/10", depth=3)
>>> res.value, res.certificate.holds, res.p_nn == res.value
(Fraction(39, 400), True, True)
>>> [u["label"] for u in res.to_json()["neurons"]]  # three capped ramps (L = 3)
['breakpoints x1 = 4, x4 = 10', 'breakpoints x2 = 5, x3 = 7', 'breakpoints x2 = 5, x4 = 10']
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..exceptions import InvalidInputError, SolverError, TooLargeError
from ..numbers import format_exact, json_float
from .one_d import ACTIVATIONS, DeepDictionary, DeepNarrowNetwork, _check_x, deep_dictionary, equivalence_key

__all__ = ["DeepFitResult", "fit_deep", "OBJECTIVE"]

#: The convention of ``optimal_value`` (written into the JSON as ``objective``).
OBJECTIVE = {
    "p_nn": "1/2 ||f(X) - y||^2 + beta * sum_i |alpha_i| prod_l |w_il|  (half the sum of squares, not a mean)",
    "regularizer": ("the path norm of the weights; biases and the intercept are not regularized. It is the minimum "
                    "over rescalings of the ell_L penalty (beta/L) * sum over all L weights of each chain of |w|^L "
                    "(Zeger et al. 2024, pilancilab/1d-convex-nn), reached by balancing each chain: w_l -> gamma*w_l, "
                    "b_l -> gamma^l*b_l, alpha -> sign(alpha)*gamma, gamma = |alpha|^(1/L) (the inner weights are +-1). "
                    "Weight decay (beta/2)*sum |w|^2 is a different problem at L = 3, 4"),
    "lasso": "min over z, t of 1/2 ||A z + t 1 - y||^2 + beta ||z||_1, t free, A the deep narrow dictionary",
}


@dataclass(kw_only=True)
class DeepFitResult:
    """The exact deep narrow Lasso fit: value, solution, certificate and network.

    Attributes
    ----------
    value : Fraction
        The Lasso optimum, equal to the network's P_NN (module text).
    z : list of Fraction
        One coefficient per column of ``dictionary``.
    intercept : Fraction
    dictionary : DeepDictionary
        The deep dictionary's columns, once up to a constant and a sign.
    certificate : Certificate
        The exact KKT certificate of the Lasso.
    network : DeepNarrowNetwork
    p_nn : Fraction
        The network's training objective, evaluated exactly.
    full_columns : int
        Columns of the deep dictionary before merging equivalent ones.
    """

    x: list
    y: list
    beta: Fraction
    depth: int
    activation: str
    value: Fraction
    z: list
    intercept: Fraction
    dictionary: DeepDictionary
    certificate: Any
    network: DeepNarrowNetwork
    p_nn: Fraction
    solver: str
    full_columns: int
    timings: dict = field(default_factory=dict)

    @property
    def optimal(self) -> bool:
        """Whether ``value`` is the proved optimum: the exact KKT certificate holds."""
        return bool(self.certificate.holds)

    @property
    def value_kind(self) -> str:
        """What ``value`` is (the optimum only when the certificate holds)."""
        where = f"the complete deep narrow dictionary (L={self.depth}, {self.activation})"
        if self.optimal:
            return (f"the deep network optimum: the exact ℓ1 Lasso optimum over {where}, certified by exact KKT "
                    "conditions (P_NN = P_Lasso, path-norm form; see objective)")
        return f"the ℓ1 Lasso value of a point over {where} whose exact KKT certificate fails (not optimal)"

    def predict(self, X: Any) -> list[Fraction]:
        """Exact predictions of the network on new points."""
        return self.network.predict(X)

    def to_json(self) -> dict:
        """The JSON report of ``exactwedge fit --depth 3|4 --beta B --bias``, in the shape of the depth-2 ``fit``.

        ``optimal_value`` (or ``value`` when the certificate fails) is the Lasso
        value; ``p_nn`` the exact objective of the network, compared exactly in
        ``p_nn_equals_p_lasso``; ``objective`` states the convention. Each neuron
        is a chain (layers, formula) with its breakpoints named by the samples
        (0-based) and the scale ``gamma`` that balances it.
        """
        ok = self.optimal
        summary = self.dictionary.summary()
        summary["full_columns"] = self.full_columns
        neurons = self.network.to_json()
        L = self.depth
        for item, (a, _ch) in zip(neurons, self.network.units):
            item["balanced"] = {"gamma": f"({format_exact(abs(a))})^(1/{L})",
                                "gamma_float": json_float(float(abs(a)) ** (1.0 / L))}
        out: dict = {"optimal_value" if ok else "value": format_exact(self.value),
                     "optimal_value_float" if ok else "value_float": json_float(self.value),
                     "value_kind": self.value_kind,
                     "objective": dict(OBJECTIVE),
                     "exact": True,
                     "beta": format_exact(self.beta),
                     "loss": "squared",
                     "bias": True,
                     "norm": 1,
                     "activation": self.activation,
                     "depth": self.depth,
                     "solver": self.solver,
                     "intercept": format_exact(self.intercept),
                     "columns": len(self.dictionary),
                     "dictionary": summary,
                     "feature_kind": "rational",
                     "certificate": self.certificate.to_json(),
                     "p_nn": format_exact(self.p_nn)}
        if ok:
            out["p_nn_equals_p_lasso"] = self.p_nn == self.value
        else:
            out["p_nn_vs_value"] = {"compared": "P_NN of the network against the reported value", "arithmetic": "exact",
                                    "equal": self.p_nn == self.value}
        out["neurons"] = neurons
        out["timings_s"] = {k: round(v, 6) for k, v in self.timings.items()}
        return out


def fit_deep(x: Any, y: Any, beta: Any, *, depth: int = 3, activation: str = "relu",
             max_columns: int | None = 200_000, warm_start: bool = True) -> DeepFitResult:
    r"""The optimal parallel deep narrow network (L = 3, 4) on 1-D data at β > 0, exactly.

    Minimizes :math:`\tfrac12\lVert f(X) - y\rVert^2 + \beta\sum_i|\alpha_i|\prod_l|w_{i,l}|`
    (equivalently the authors' ℓ_L penalty :math:`(\beta/L)\sum|w|^L`, see the
    module text) through the exact Lasso over the complete deep narrow
    dictionary, with a free intercept and free biases.

    Parameters
    ----------
    x : (n,) or (n, 1) exact 1-D data (n ≥ 2)
    y : (n,) exact labels
    beta : exact positive number
    depth : {3, 4}
        The two-layer fit (L = 2) is :func:`exactwedge.fit` with ``bias=True``.
    activation : {"relu", "abs"}
    max_columns : int or None
        Refuse (TooLargeError) a dictionary with more candidate columns, before building it.
    warm_start : bool
        Guess the first face with a float run (the answer stays exact).

    Returns
    -------
    DeepFitResult

    Raises
    ------
    DimensionError
        For data with more than one feature.
    InvalidInputError
        For a depth other than 3, 4, an unknown activation, β ≤ 0, fewer than two samples.

    Examples
    --------
    The absolute value at L = 3 on ``x = (0, 2, 3, 5)``: the ramp ``|x − x0|``
    and the midpoint chain ``||x − 3/2| − 3/2|``, kinked at ``(x0 + x2)/2``.

    >>> res = fit_deep([0, 2, 3, 5], [0, 1, 0, 2], 1, activation="abs")
    >>> res.value, res.intercept, res.p_nn == res.value
    (Fraction(97, 124), Fraction(4, 31), True)
    >>> [(b["name"], b["kind"]) for b in res.to_json()["neurons"][1]["breakpoints"]]
    [('x0', 'sample'), ('(x0 + x2)/2', 'midpoint'), ('x2', 'sample')]
    """
    from ..lasso.solve import as_columns, exact_lasso
    from ..problem import check_beta, rational_vector

    if depth not in (3, 4):
        raise InvalidInputError(f"fit_deep fits deep narrow networks of depth 3 or 4, got depth={depth!r} "
                                "(the two-layer fit is exactwedge.fit(X, y, beta, bias=True))")
    if activation not in ACTIVATIONS:
        raise InvalidInputError(f"activation must be 'relu' or 'abs', got {activation!r}")
    xs = _check_x(x)
    if len(xs) < 2:
        raise InvalidInputError(f"fit_deep needs at least 2 samples, got {len(xs)}")
    yv = rational_vector(y, len(xs))
    b = check_beta(beta)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    try:
        full = deep_dictionary(xs, depth=depth, activation=activation, max_columns=max_columns)
    except TooLargeError as e:  # refused before it is built: say the way in
        raise TooLargeError(f"{e}; raise max_columns (the CLI's --max-columns, 0 = no limit) to build it anyway") from None
    chains, columns, seen = [], [], set()
    for ch, col in zip(full.chains, full.columns):
        key = equivalence_key(col)
        if key is None or key in seen:
            continue
        seen.add(key)
        chains.append(ch)
        columns.append(col)
    D = DeepDictionary(xs, chains, columns, depth, activation, full.candidates,
                       kind=f"deep narrow 1-D, L={depth} (Zeger et al. 2024), columns once up to a constant and a sign")
    timings["dictionary"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    if columns:
        sol = exact_lasso(as_columns(D.exact_matrix()), yv, b, intercept=True, warm_start=warm_start)
        z, t, value, cert, solver = sol.z, sol.intercept, sol.value, sol.certificate, sol.method
    else:  # every feature is constant on the data (all inputs equal): the intercept alone
        from ..lasso.certificate import certify
        from ..lasso.columns import ExactColumns

        t = sum(yv, Fraction(0)) / len(yv)
        z, solver = [], "the mean (no nonconstant column)"
        value = sum(((v - t) ** 2 for v in yv), Fraction(0)) / 2
        cert = certify(ExactColumns.from_rational([[] for _ in yv]), yv, b, [], t)
    timings["lasso"] = time.perf_counter() - t0
    if not cert.holds:  # pragma: no cover - the solver stops only at a KKT point
        raise SolverError("the exact deep Lasso solution failed its certificate")
    net = DeepNarrowNetwork([(v, chains[j]) for j, v in enumerate(z) if v != 0], t, x=xs)
    t0 = time.perf_counter()
    p_nn = net.objective(xs, yv, b)
    timings["p_nn"] = time.perf_counter() - t0
    return DeepFitResult(x=xs, y=yv, beta=b, depth=depth, activation=activation, value=value, z=z, intercept=t,
                         dictionary=D, certificate=cert, network=net, p_nn=p_nn, solver=solver,
                         full_columns=len(full), timings=timings)
