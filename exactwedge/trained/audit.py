r"""Exact audit of a trained two-layer ReLU network: its objective, its gap, what it misses, its repair.

Given weights (:mod:`exactwedge.trained.weights`, floats at their exact
binary value) and the training data:

1. **Exact objective.** With :math:`\ell = \tfrac12\lVert f(X)-y\rVert^2`
   (exact rational), the weight-decay value of the weights *as given*,
   :math:`\ell + \frac\beta2\sum_j(\lVert w_j\rVert_p^2+\alpha_j^2)` (rational
   for p = 1 and p = 2: squared norms), and the value after the App. 6.12
   rescaling, :math:`\ell + \beta\sum_j\lVert w_j\rVert_p|\alpha_j|` (the
   path form; THEORY §2), which is what the network's function costs: rational
   for p = 1; for p = 2 a sum of surds :math:`\sqrt{\alpha_j^2\lVert w_j\rVert_2^2}`,
   kept exact as a SymPy expression. Biases and the intercept are not
   regularized (``bias=True``); without bias they must be zero.
2. **Gap.** ℓ1: the objective minus the exact ℓ1 Lasso optimum
   (:func:`exactwedge.fit`, certified by exact KKT conditions: the global
   optimum of the network problem, Thm 1 to 3), an exact rational ≥ 0.
   ℓ2: the ℓ2 Lasso (a float solve, an upper bound on the optimum, Thm 7) and,
   where the arrangement is small (:func:`~exactwedge.reference.l2_optimum.global_l2`),
   the arrangement program's value (a float conic solve): gaps named as floats.
3. **Violators.** With r the trained network's residual (exact; with a bias,
   centred, as the free intercept would make it), the dictionary columns with
   :math:`|K_j^\top r| > \beta` violate the dual constraint: the hyperplanes
   (named by their samples) the trained network is missing (ℓ1).
4. **Repair** (ℓ1): polish every neuron to its nearest closed-form cross
   product (:func:`~exactwedge.trained.polish.polish`, an exact Lasso refit),
   then the exact Lasso on the polished columns plus violators, adding
   violators until the exact KKT certificate over the polished columns *and
   the full dictionary* holds: then the repaired network is a global optimum.

>>> res = audit([0, 1, 2, 3], [0, 0, 1, 2], {"W": [[1.0]], "b": [-1.0], "alpha": [1.0]}, "1/10", bias=True)
>>> res.objective, res.optimum, res.gap  # the ramp (x - 1)_+ costs 1/400 more than the optimum
(Fraction(1, 10), Fraction(39, 400), Fraction(1, 400))
>>> res.n_violators, res.repaired_optimal, res.repaired_objective == res.optimum
(0, True, True)

It interpolates (r = 0): no hyperplane is missing, but its output weight is
too large (on its own neuron :math:`K_j^\top r = 0 \ne \beta`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..exceptions import DimensionError, InvalidInputError, TooLargeError
from ..network import Network, Unit
from .weights import NetworkWeights, read_weights

__all__ = ["AuditResult", "audit", "network_of", "exact_objective"]

#: Violators reported (the count is always complete).
TOP = 10
#: Violators added to the working set per round of the repair.
ADD_PER_ROUND = 10
#: Most rounds of the repair before it stops uncertified.
MAX_ROUNDS = 200


def network_of(weights: NetworkWeights, *, norm: int = 1, activation: str = "relu") -> Network:
    """The exact :class:`~exactwedge.network.Network` of weights (one unit per hidden neuron, scalar output).

    >>> from exactwedge.trained.weights import from_arrays
    >>> net = network_of(from_arrays([[0.5]], [-1], [2], 1))
    >>> net.predict([[4]])
    [Fraction(3, 1)]
    """
    if weights.outputs != 1:
        raise InvalidInputError(f"the audit handles one output; these weights have {weights.outputs}")
    units = [Unit(tuple(w), b, a, f"trained neuron {j + 1}", {"trained": j + 1})
             for j, (w, b, a) in enumerate(zip(weights.W, weights.b, weights.alpha))]
    return Network(units, weights.intercept, activation, norm)


def exact_objective(net: Network, rows: Any, y: Any, beta: Fraction) -> dict:
    """The exact loss, weight-decay value (as given) and path value (after App. 6.12) of a network.

    ``path`` is a Fraction for ``norm=1``; for ``norm=2`` a SymPy sum of surds.

    >>> net = Network([Unit((Fraction(3), Fraction(4)), Fraction(0), Fraction(2))], Fraction(0), "relu", 2)
    >>> ob = exact_objective(net, [[1, 0]], [1], Fraction(1))
    >>> ob["loss"], ob["decay"], ob["path"]
    (Fraction(25, 2), Fraction(27, 1), Fraction(45, 2))
    """
    pred = net.predict(rows)
    loss = sum(((p - v) ** 2 for p, v in zip(pred, y)), Fraction(0)) / 2
    sq = [(sum((c * c for c in u.w), Fraction(0)) if net.norm == 2 else sum((abs(c) for c in u.w), Fraction(0)) ** 2,
           u.alpha * u.alpha) for u in net.units]
    decay = loss + beta * sum((a + b for a, b in sq), Fraction(0)) / 2
    if net.norm == 1:
        path: Any = loss + beta * sum((sum((abs(c) for c in u.w), Fraction(0)) * abs(u.alpha) for u in net.units), Fraction(0))
    else:
        from ..numbers.surd import sqrt_exact, to_sympy

        terms = [to_sympy(sqrt_exact(w2 * a2)) for w2, a2 in sq]
        import sympy

        path = sympy.Rational(loss.numerator, loss.denominator) + \
            sympy.Rational(beta.numerator, beta.denominator) * sympy.Add(*terms)
        if path.is_Rational:
            path = Fraction(int(path.p), int(path.q))
    return {"loss": loss, "decay": decay, "path": path}


def _show(v: Any) -> str:
    """An exact value for the text report: whole with its float when short, else abbreviated."""
    from ..numbers.display import abbreviate

    text = abbreviate(v)
    return text if text.startswith("≈") else f"{text}  (≈ {float(v):.6g})"


def _fmt(v: Any) -> str:
    from ..numbers import format_exact

    return format_exact(v) if isinstance(v, Fraction) else str(v)


@dataclass
class AuditResult:
    """What the audit found. Exact values are Fractions (SymPy for ℓ2 path values); floats are named ``*_float``.

    Attributes
    ----------
    norm, bias, beta, activation, source :
    loss, objective_decay : Fraction
        ½‖f(X)−y‖², and the weight-decay objective of the weights as given.
    objective :
        The objective after the App. 6.12 rescaling (the path form): exact.
    optimum : Fraction or None
        ℓ1: the exact, certified global optimum (the exact ℓ1 Lasso).
    gap : Fraction or None
        ℓ1: ``objective − optimum`` (exact, ≥ 0).
    lasso_upper_float, arrangement_float : float or None
        ℓ2: the ℓ2 Lasso value (an upper bound on the optimum, float solve) and
        the arrangement program's value (float conic solve; None when refused).
    max_correlation : Fraction or None
        ``max_j |K_jᵀ r|`` over the dictionary for the trained residual (ℓ1).
    violators : list of dict
        The top columns with ``|K_jᵀ r| > β``, named by their samples.
    n_violators : int
    repaired : Network or None
        The repaired network (ℓ1), with ``repaired_objective`` (exact).
    polished_objective : Fraction or None
        After polishing and the exact refit, before adding violators.
    certificate :
        The exact KKT certificate of the repaired network over its polished
        columns and the full dictionary.
    notes : list of str
    """

    norm: int
    bias: bool
    beta: Fraction
    activation: str
    source: str
    width: int
    loss: Fraction
    objective_decay: Fraction
    objective: Any
    optimum: Fraction | None = None
    gap: Fraction | None = None
    lasso_upper_float: float | None = None
    arrangement_float: float | None = None
    max_correlation: Fraction | None = None
    residual_sum: Fraction | None = None
    violators: list = field(default_factory=list)
    n_violators: int = 0
    polished_objective: Fraction | None = None
    repaired: Network | None = None
    repaired_objective: Fraction | None = None
    repair_rounds: int = 0
    certificate: Any = None
    notes: list = field(default_factory=list)

    @property
    def objective_float(self) -> float:
        return float(self.objective)

    @property
    def optimal(self) -> bool:
        """The trained network itself is a global optimum: ℓ1, its exact gap is 0."""
        return self.gap == 0

    @property
    def repaired_optimal(self) -> bool:
        """The repaired network is a global optimum: its exact certificate over the full dictionary holds."""
        return bool(self.certificate is not None and self.certificate.holds)

    def to_json(self) -> dict:
        """A JSON-ready report: exact strings, floats named ``*_float``, nothing called optimal without proof."""
        doc: dict = {"kind": "exact audit of a trained two-layer network", "source": self.source,
                     "norm": self.norm, "bias": self.bias, "beta": _fmt(self.beta), "activation": self.activation,
                     "width": self.width, "loss": _fmt(self.loss), "objective_decay_as_given": _fmt(self.objective_decay),
                     "objective": _fmt(self.objective), "objective_float": self.objective_float}
        if self.norm == 1:
            doc.update({"optimum": _fmt(self.optimum), "optimum_kind": "exact ℓ1 Lasso optimum, certified by exact KKT",
                        "gap": _fmt(self.gap), "gap_float": float(self.gap) if self.gap is not None else None,
                        "trained_is_optimal": self.optimal,
                        "max_abs_correlation": _fmt(self.max_correlation),
                        "residual_sum": None if self.residual_sum is None else _fmt(self.residual_sum),
                        "n_violators": self.n_violators, "violators": self.violators})
            if self.repaired is not None:
                doc["repair"] = {"polished_objective": _fmt(self.polished_objective),
                                 "objective": _fmt(self.repaired_objective), "rounds": self.repair_rounds,
                                 "certified_optimal": self.repaired_optimal,
                                 "certificate": self.certificate.to_json() if self.certificate is not None else None,
                                 "units": self.repaired.to_json()}
        else:
            doc.update({"lasso_upper_float": self.lasso_upper_float,
                        "lasso_upper_kind": "ℓ2 Lasso value, an upper bound on the optimum (Thm 7), float64 solve",
                        "gap_to_lasso_upper_float": (None if self.lasso_upper_float is None
                                                     else self.objective_float - self.lasso_upper_float),
                        "arrangement_float": self.arrangement_float,
                        "arrangement_kind": "arrangement program (weight decay), float conic solve",
                        "gap_to_arrangement_float": (None if self.arrangement_float is None
                                                     else self.objective_float - self.arrangement_float)})
        doc["notes"] = list(self.notes)
        return doc

    def summary(self) -> str:
        """The text report."""
        out = [f"Audit of a trained network ({self.source}, {self.width} neurons), ℓ{self.norm}, "
               f"{'with' if self.bias else 'without'} bias, β = {_fmt(self.beta)}",
               f"  loss ½‖f(X)−y‖²           {_show(self.loss)}",
               f"  weight decay as given     {_show(self.objective_decay)}",
               f"  objective (App. 6.12)     {_show(self.objective)}"]
        if self.norm == 1:
            out += [f"  global optimum (certified) {_show(self.optimum)}",
                    f"  exact gap                 {_show(self.gap)}"
                    + ("  — the trained network is optimal" if self.optimal else ""),
                    f"  max |K_jᵀr| = {float(self.max_correlation):.6g} against β = {float(self.beta):.6g}: "
                    f"{self.n_violators} violating hyperplanes"
                    + (" (r centred: the free intercept refit)" if self.bias else "")]
            for v in self.violators:
                out.append(f"    column {v['column']}: K_jᵀr ≈ {v['correlation_float']:.6g}  {v['label']}")
            if self.repaired is not None:
                out += [f"  repair: polished + refit {_show(self.polished_objective)}, "
                        f"final {_show(self.repaired_objective)} "
                        f"in {self.repair_rounds} rounds, {len(self.repaired.units)} neurons",
                        "  final certificate: " + ("exact KKT over the polished columns and the full dictionary holds: "
                                                   "the repaired network is a global optimum" if self.repaired_optimal
                                                   else "does NOT hold (not proved optimal)")]
        else:
            up = self.lasso_upper_float
            out.append("  ℓ2 Lasso (upper bound, float solve) "
                       + ("—" if up is None else f"{up:.6g}; objective − it ≈ {self.objective_float - up:.6g}"))
            ar = self.arrangement_float
            out.append("  arrangement program (float solve) "
                       + ("not run" if ar is None else f"{ar:.6g}; objective − it ≈ {self.objective_float - ar:.6g}"))
        out += [f"  note: {n}" for n in self.notes]
        return "\n".join(out)

    def __repr__(self) -> str:
        return f"AuditResult(objective={_fmt(self.objective)}, gap={_fmt(self.gap)}, violators={self.n_violators})"


def _residual(net: Network, rows: Any, y: list, center: bool) -> list[Fraction]:
    r = [v - p for v, p in zip(y, net.predict(rows))]
    if center:
        m = sum(r, Fraction(0)) / len(r)
        r = [v - m for v in r]
    return r


def _correlations(cols: Any, r: list[Fraction]) -> list[Fraction]:
    """``K_jᵀ r`` for every column, exactly."""
    D = math.lcm(*[v.denominator for v in r]) if r else 1
    T = cols.At_times([int(v * D) for v in r])
    return [Fraction(int(t), s * D) for t, s in zip(T, cols.s)]


def _named(D: Any, j: int, c: Fraction) -> dict:
    nr = D.neuron(j)
    return {"column": j, "correlation": _fmt(c), "correlation_float": float(c), "label": nr.label(),
            "provenance": nr.provenance()}


def _column(u: Unit, rows: Any, activation: str) -> list[Fraction]:
    s = Network([Unit(u.w, u.b, Fraction(1))], Fraction(0), activation, 1)
    return [s.hidden(x)[0] for x in rows]


def _repair(net: Network, rows: Any, y: list, beta: Fraction, bias: bool, D: Any, cols: Any, activation: str,
            notes: list) -> tuple:
    """Polish, refit, then the working-set exact Lasso until the full certificate holds."""
    import numpy as np

    from ..lasso.certificate import certify
    from ..lasso.columns import ExactColumns
    from ..lasso.solve import solve_lasso
    from .polish import polish

    live = Network([u for u in net.units if u.alpha != 0 and any(c != 0 for c in u.w)], net.intercept, activation, 1)
    if live.units:
        pol = polish(live, rows, y, beta, refit="lasso")
        polished_obj = pol.objective_after
        base = [Unit(u.w, u.b, Fraction(0), u.label, u.provenance) for u in pol.network.units]
    else:
        polished_obj, base = None, []
    # the polished columns that are dictionary columns already are not repeated
    base_cols = [_column(u, rows, activation) for u in base]
    work: list[int] = []
    rounds = 0
    cert = None
    z: list = []
    t = None
    while rounds < MAX_ROUNDS:
        rounds += 1
        mat = base_cols + [D.column(j) for j in work]
        if mat:
            sol = solve_lasso([list(r) for r in zip(*mat)], y, beta, intercept=bias)
            z, t = list(sol.z), sol.intercept
        else:
            z, t = [], (sum(y, Fraction(0)) / len(y) if bias else None)
        fitted = [sum((zc * col[i] for zc, col in zip(z, mat) if zc), Fraction(0)) + (t or 0) for i in range(len(y))]
        r = [v - f for v, f in zip(y, fitted)]
        corr = _correlations(cols, r)
        viol = sorted((j for j, c in enumerate(corr) if abs(c) > beta and j not in work), key=lambda j: -abs(corr[j]))
        if not viol:
            break
        work += viol[:ADD_PER_ROUND]
    # the exact certificate over the polished columns and every dictionary column
    allc = ExactColumns.from_rational([list(r) for r in zip(*base_cols)]) if base_cols else None
    zfull = list(z[:len(base)]) + [Fraction(0)] * len(D)
    for k, j in enumerate(work):
        zfull[len(base) + j] = z[len(base) + k]
    if allc is not None:
        A = np.concatenate([allc.A.astype(object), cols.A.astype(object)], axis=1)
        full = ExactColumns(A, list(allc.s) + list(cols.s))
    else:
        full = cols
    cert = certify(full, y, beta, zfull, t if bias else None)
    units = [Unit(u.w, u.b, a, u.label, u.provenance) for u, a in zip(base, z[:len(base)]) if a != 0]
    for k, j in enumerate(work):
        a = z[len(base) + k]
        if a != 0:
            nr = D.neuron(j)
            units.append(Unit(tuple(nr.w), nr.b, a, nr.label(), {**nr.provenance(), "column": j}))
    rep = Network(units, t if bias else Fraction(0), activation, 1)
    if not cert.holds:
        notes.append(f"the repair stopped after {rounds} rounds without a certificate: not proved optimal")
    return rep, polished_obj, rounds, cert


def audit(X: Any, y: Any, weights: Any, beta: Any, *, norm: int = 1, bias: bool = False, activation: str = "relu",
          repair: bool = True, max_columns: int | None = None, max_patterns: int | None = None) -> AuditResult:
    r"""Audit a trained two-layer network exactly (see the module text).

    Parameters
    ----------
    X, y : training data (floats at their exact binary value)
    weights : anything :func:`~exactwedge.trained.weights.read_weights` reads
        (NetworkWeights, MLPRegressor, state_dict, ``.npz`` path, CSV triple, mapping)
    beta : exact positive number (our scale: ½‖·‖² + β·R, not divided by n)
    norm : {1, 2}
        1: ℓ1 path regularizer (exact gap); 2: weight decay (float bounds on the gap).
    bias : bool
        Neurons with biases and a free intercept (unregularized).
    repair : bool
        ℓ1 only: polish, refit and finish with the exact Lasso.
    max_columns, max_patterns : int, optional
        Refuse larger dictionaries / arrangements (TooLargeError), before building them.

    Returns
    -------
    AuditResult

    Examples
    --------
    A truncated optimal network: drop one neuron, the audit finds it missing and repairs.

    >>> import exactwedge as ew
    >>> X, y = [0, 1, 2, 3, 4], [0, 0, 1, 1, 3]
    >>> opt = ew.fit(X, y, "1/10", bias=True)
    >>> u = opt.network.units[0]
    >>> res = audit(X, y, {"W": [u.w], "b": [u.b], "alpha": [u.alpha], "intercept": opt.intercept}, "1/10", bias=True)
    >>> res.gap > 0, res.n_violators > 0, res.repaired_optimal, res.repaired_objective == opt.value
    (True, True, True, True)
    """
    from ..dictionary import DEFAULT_MAX_COLUMNS
    from ..numbers import from_float
    from ..problem import Problem

    nw = read_weights(weights)
    if nw.ones_column:
        if bias:
            raise InvalidInputError("scnn weights with a bias column are audited without --bias (on [X 1]): "
                                    "scnn penalizes its bias")
        Xf = X.tolist() if hasattr(X, "tolist") else list(X)
        X = [[*(r if isinstance(r, (list, tuple)) else [r]), 1] for r in Xf]
    X, y = from_float(X), from_float(y)  # float data at its exact binary value, like the weights
    P = Problem.of(X, y, beta, bias=bias, norm=norm, activation=activation, min_samples=2)
    rows, b = P.X, P.beta
    if P.outputs != 1:
        raise InvalidInputError("the audit handles one output column")
    yv = [r[0] for r in P.label_rows()]
    if nw.W and len(nw.W[0]) != len(rows[0]):
        raise DimensionError(f"the weights have {len(nw.W[0])} inputs but the data has {len(rows[0])} features")
    if not bias and (any(v != 0 for v in nw.b) or nw.intercept != 0):
        raise InvalidInputError("the network has nonzero biases or intercept: audit it with bias=True (--bias)")
    net = network_of(nw, norm=norm, activation=activation)
    ob = exact_objective(net, rows, yv, b)
    res = AuditResult(norm, bias, b, activation, nw.source, nw.width, ob["loss"], ob["decay"], ob["path"],
                      notes=list(nw.notes))
    from ..training import fit

    mc = DEFAULT_MAX_COLUMNS if max_columns is None else max_columns
    if norm == 1:
        opt = fit(rows, yv, b, bias=bias, norm=1, activation=activation, max_columns=mc)
        if not opt.optimal:  # pragma: no cover - fit raises before returning an uncertified exact solve
            raise InvalidInputError("the exact ℓ1 optimum could not be certified")
        res.optimum, res.gap = opt.value, ob["path"] - opt.value
        from ..lasso.solve import as_columns

        D = opt.dictionary
        cols = as_columns(D)
        r = _residual(net, rows, yv, bias)
        if bias:
            res.residual_sum = sum((v - p for v, p in zip(yv, net.predict(rows))), Fraction(0))
        corr = _correlations(cols, r)
        res.max_correlation = max((abs(c) for c in corr), default=Fraction(0))
        viol = sorted((j for j, c in enumerate(corr) if abs(c) > b), key=lambda j: -abs(corr[j]))
        res.n_violators = len(viol)
        res.violators = [_named(D, j, corr[j]) for j in viol[:TOP]]
        if repair:
            rep, pobj, rounds, cert = _repair(net, rows, yv, b, bias, D, cols, activation, res.notes)
            res.repaired, res.polished_objective, res.repair_rounds, res.certificate = rep, pobj, rounds, cert
            res.repaired_objective = exact_objective(rep, rows, yv, b)["path"]
            if res.polished_objective is None:
                res.polished_objective = ob["path"]
    else:
        up = fit(rows, yv, b, bias=bias, norm=2, activation=activation, max_columns=mc)
        res.lasso_upper_float = float(up.value)
        if activation == "relu":
            from ..reference.l2_optimum import global_l2

            try:
                kw = {} if max_patterns is None else {"max_patterns": max_patterns}
                res.arrangement_float = float(global_l2(rows, yv, b, bias=bias, **kw).global_value_float)
            except TooLargeError as e:
                res.notes.append(f"arrangement program not run: {e}")
        else:
            res.notes.append("arrangement program: ReLU only")
        res.notes.append("ℓ2: violators and repair are not computed (the ℓ2 dictionary is in surds and its "
                         "Lasso an upper bound only)")
    return res
