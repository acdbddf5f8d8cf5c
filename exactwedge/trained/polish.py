r"""Polishing a trained two-layer network into a closed-form one (THEORY §5, paper Sec. 4.1).

1. Each hidden neuron :math:`(w, b)` is replaced by the scaled cross product
   of the samples nearest its hyperplane, on the same side as w
   (:func:`~exactwedge.dictionary.nearest.polish_weight`: the samples with the
   smallest :math:`|x_i\cdot w + b|`, kept independent, completed by basis
   vectors);
2. the output layer is refit exactly: ridge regression (normal equations, in
   rationals), least squares, or the exact ℓ1 Lasso
   :math:`\min\tfrac12\lVert H\alpha + t\mathbf1 - y\rVert^2 + \beta\sum_j\lVert w_j\rVert_1|\alpha_j|`
   (:func:`exactwedge.lasso.solve.solve_lasso`), which is the network's own
   objective after rescaling (:func:`refit_output`);
3. the network is rescaled (App. 6.12), so that
   :math:`P_{NN} = \tfrac12\lVert f(X)-y\rVert^2 + \beta\sum_j\lVert w_j\rVert_p|\alpha_j|`.

Every polished neuron records its samples, so the result is an exact
:class:`~exactwedge.network.Network` with provenance (LaTeX via :mod:`exactwedge.latex`).
Deep networks are polished layer by layer by :mod:`exactwedge.trained.polish_deep`.

>>> from fractions import Fraction as Q
>>> w, b, info = polish_weight([[0, 0], [1, 0], [0, 1], [1, 1]], [Q(1), Q(1)], Q(-3, 2))
>>> w, b, info["samples"]
((Fraction(1, 1), Fraction(1, 1)), Fraction(-1, 1), (1, 2))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..dictionary.nearest import exact_data, polish_weight
from ..exceptions import DimensionError, InvalidInputError
from ..network import Network, Unit
from ..numbers import as_matrix, from_float
from ..numbers.linalg import solve

__all__ = ["PolishResult", "polish", "polish_weight", "refit_output", "exact_data"]


def refit_output(H: Any, y: Any, beta: Any, *, method: str = "ridge", intercept: bool = True) -> tuple[list, Fraction, Any]:
    r"""The exact refit of the output layer on fixed hidden activations H (n × m).

    ``"ridge"``: :math:`\min\tfrac12\lVert H\alpha + t\mathbf1 - y\rVert^2 + \frac\beta2\lVert\alpha\rVert^2`
    by its normal equations :math:`(\bar H^\top\bar H + \beta I)\alpha = \bar H^\top\bar y`
    (centred with an intercept), in rationals; ``"lstsq"``: the same with β = 0
    (needs independent columns); ``"lasso"``: :math:`\min\tfrac12\lVert\cdot\rVert^2 + \beta\lVert\alpha\rVert_1`,
    exact and certified (:func:`exactwedge.lasso.solve.solve_lasso`).

    Returns ``(alpha, t, certificate)``; the certificate is the Lasso's, or the
    exact residual of the normal equations (all zero) for ridge and least squares.

    >>> alpha, t, res = refit_output([[0, 1], [1, 0], [2, 1]], [1, 1, 3], 1, method="ridge", intercept=False)
    >>> alpha, t, res
    ([Fraction(13, 14), Fraction(5, 7)], Fraction(0, 1), [Fraction(0, 1), Fraction(0, 1)])
    """
    Hm = [list(r) for r in as_matrix(H, what="H")]
    yv = [Fraction(v) for v in y]
    bt = Fraction(beta)
    n, m = len(Hm), len(Hm[0]) if Hm else 0
    if len(yv) != n:
        raise DimensionError(f"y must have {n} entries, got {len(yv)}")
    if method == "lasso":
        from ..lasso.solve import solve_lasso

        sol = solve_lasso(Hm, yv, bt, intercept=intercept)
        return list(sol.z), sol.intercept if intercept else Fraction(0), sol.certificate
    if method not in ("ridge", "lstsq"):
        raise InvalidInputError(f"method must be 'ridge', 'lstsq' or 'lasso', got {method!r}")
    lam = bt if method == "ridge" else Fraction(0)
    if intercept:
        mh = [sum((Hm[i][j] for i in range(n)), Fraction(0)) / n for j in range(m)]
        my = sum(yv, Fraction(0)) / n
        Hc = [[Hm[i][j] - mh[j] for j in range(m)] for i in range(n)]
        yc = [v - my for v in yv]
    else:
        Hc, yc = Hm, yv
    M = [[sum((Hc[i][a] * Hc[i][c] for i in range(n)), Fraction(0)) + (lam if a == c else 0) for c in range(m)] for a in range(m)]
    r = [sum((Hc[i][a] * yc[i] for i in range(n)), Fraction(0)) for a in range(m)]
    alpha = solve(M, r) if m else []
    t = (my - sum((mh[j] * alpha[j] for j in range(m)), Fraction(0))) if intercept else Fraction(0)
    resid = [sum((M[a][c] * alpha[c] for c in range(m)), Fraction(0)) - r[a] for a in range(m)]
    return alpha, t, resid


@dataclass
class PolishResult:
    """A polished two-layer network and its objective before and after.

    Attributes
    ----------
    network : Network
        The polished network after the refit, before rescaling (exact).
    rescaled : Network
        The same after the App. 6.12 rescaling (exact surds).
    objective_before : float
        The trained network's objective (its own regularizer form).
    objective_before_rescaled : float
        The trained network's objective after rescaling (the path form).
    objective_after :
        ``½‖f(X)−y‖² + β Σ‖w_j‖_p|α_j|`` of the polished network, which is its
        weight-decay objective after rescaling (exact rational for p = 1).
    neurons : list of dict
        Per trained neuron: samples, basis vectors, side.
    refit : str
    certificate :
        Of the refit (Lasso certificate, or the normal-equation residual).
    """

    network: Network
    rescaled: Network
    objective_before: float
    objective_before_rescaled: float
    objective_after: Any
    neurons: list = field(default_factory=list)
    refit: str = "ridge"
    certificate: Any = None

    @property
    def objective_after_float(self) -> float:
        return float(self.objective_after)

    def to_json(self) -> dict:
        """A JSON-ready summary (floats and exact strings)."""
        from ..numbers import format_exact

        return {
            "objective_before": self.objective_before,
            "objective_before_rescaled": self.objective_before_rescaled,
            "objective_after": format_exact(self.objective_after) if isinstance(self.objective_after, Fraction) else str(self.objective_after),
            "objective_after_float": self.objective_after_float,
            "refit": self.refit,
            "units": self.network.to_json(),
        }


def polish(trained: Any, X: Any, y: Any, beta: Any = None, *, refit: str | None = None,
           max_denominator: int | None = None) -> PolishResult:
    r"""Polish every hidden neuron of a trained two-layer network, refit, rescale.

    Parameters
    ----------
    trained : TrainedNetwork (two-layer) or Network
        A :class:`~exactwedge.trained.TrainedNetwork` or an exact network.
    X, y : training data (floats are converted by :func:`exactwedge.from_float`)
    beta : exact number, optional
        Default: the trained network's β (as its exact binary value).
    refit : {"lasso", "ridge", "lstsq"}, optional
        Default "lasso" for p = 1 (the exact optimum of the network's own
        objective given the hidden layer), "ridge" for p = 2.
    max_denominator : int, optional
        Passed to :func:`exactwedge.from_float` for float data.

    Returns
    -------
    PolishResult

    Examples
    --------
    >>> from exactwedge.trained import train
    >>> X, y = [[0, 0], [2, 0], [0, 2], [1, 1], [2, 2]], [0, 1, 1, 0, 3]
    >>> run = train(X, y, 0.1, widths=(6,), norm=1, epochs=300, seed=0)
    >>> res = polish(run, X, y, "1/10")
    >>> round(res.objective_before_rescaled, 4), res.objective_after
    (1.0912, Fraction(1753, 1100))
    >>> [u.provenance["samples"] for u in res.network.units]
    [[5, 4], [1, 2]]
    >>> res.certificate.holds  # the refit is the exact optimum given the polished hidden layer
    True

    Here polishing raised the objective (1.59 against 1.09): the trained
    neurons were not near hyperplanes through samples, and the choice of
    samples by smallest |x·w + b| is a heuristic, not a guarantee.
    """
    from .gd import TrainedNetwork

    if isinstance(trained, TrainedNetwork):
        if trained.depth != 2:
            raise InvalidInputError(f"polish handles two-layer networks; got L = {trained.depth} (use polish_deep)")
        net0 = trained.to_network()
        before = trained.objective(X, y)
        bt = Fraction(beta) if beta is not None else from_float(trained.beta)
        has_bias = trained.bias
    elif isinstance(trained, Network):
        net0 = trained
        if beta is None:
            raise InvalidInputError("beta is needed to polish a Network")
        bt = Fraction(beta)
        before = None
        has_bias = any(u.b != 0 for u in net0.units) or net0.intercept != 0
    else:
        raise InvalidInputError(f"expected a TrainedNetwork or a Network, got {type(trained).__name__}")
    rows = exact_data(X, max_denominator=max_denominator)
    yv = [from_float(v, max_denominator) if isinstance(v, float) else Fraction(v) for v in y]
    p = net0.norm
    if refit is None:
        refit = "lasso" if p == 1 else "ridge"
    if refit == "lasso" and p != 1:
        raise InvalidInputError("the exact Lasso refit needs the ℓ1 path regularizer (norm=1)")
    loss0 = sum(((float(a) - float(b)) ** 2 for a, b in zip(net0.predict_float(rows), yv)), 0.0) / 2
    before_rescaled = loss0 + float(net0.regularization(bt, form="path"))
    if before is None:
        before = float(net0.objective(rows, yv, bt))
    units, info = [], []
    for j, u in enumerate(net0.units):
        if all(c == 0 for c in u.w):
            continue
        w, b, meta = polish_weight(rows, u.w, u.b if has_bias else None, norm=p)
        if refit == "lasso":  # unit ℓ1 norm: the Lasso weight is then the path cost
            s = sum((abs(c) for c in w), Fraction(0))
            w, b = tuple(c / s for c in w), b / s
        meta = {"index": j, **meta}
        info.append(meta)
        lab = "anchor x%d; " % (meta["samples"][0] + 1) if has_bias else ""
        lab += "through " + ", ".join([f"x{i + 1}" for i in (meta["samples"][1:] if has_bias else meta["samples"])] + [f"e{k}" for k in meta["basis"]])
        units.append(Unit(w, b, Fraction(0), lab, {"samples": [i + 1 for i in meta["samples"]], "basis": list(meta["basis"]),
                                                    "side": meta["side"], "anchor": meta["samples"][0] + 1 if has_bias else None,
                                                    "polished_from": j}))
    act = net0.activation
    hidden = Network(units, Fraction(0), act, p)
    H = [hidden.hidden(x) for x in rows]
    alpha, t, cert = refit_output(H, yv, bt, method=refit, intercept=has_bias)
    kept = [Unit(u.w, u.b, a, u.label, u.provenance) for u, a in zip(units, alpha) if a != 0]
    net = Network(kept, t, act, p)
    pred = net.predict(rows)
    loss = sum(((a - b) ** 2 for a, b in zip(pred, yv)), Fraction(0)) / 2
    after = loss + net.regularization(bt, form="path")
    return PolishResult(net, net.rescaled(), float(before), before_rescaled, after, info, refit, cert)
