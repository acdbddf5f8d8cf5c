r"""Convex training end to end: data → dictionary → exact Lasso → network → certificate.

:func:`fit` builds the dictionary of the theorem that matches the options
(THEORY §3), solves

.. math:: P_{\text{Lasso}} = \min_{z,t}\ \tfrac12\lVert Kz + t\mathbf1 - y\rVert^2 + \beta\lVert z\rVert_1

exactly in rationals (ℓ1, squared loss), certifies the optimum by exact KKT
conditions, writes down the optimal two-layer network (each neuron named by
its samples), rescales it (App. 6.12) and evaluates its training objective
:math:`P_{NN}` exactly, which equals :math:`P_{\text{Lasso}}`.

Only that case is a proved optimum (:attr:`FitResult.optimal`). Weight decay
(``norm=2``), vector outputs and the logistic and hinge losses are float64
solves: the ℓ2 Lasso is an upper bound on the network optimum (Thm 7), and
:attr:`FitResult.value_kind` says what each value is.

>>> res = fit([0, 4, 5, 7, 10, 11], [0, 0, 0, 2, 3, 3], "1/10", bias=True)
>>> res.value, res.exact, res.certificate.holds, res.p_nn == res.value
(Fraction(287, 1600), True, True, True)
>>> res.network.units[0].label
'(x1 - x)'
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .dictionary import DEFAULT_MAX_COLUMNS, Dictionary, dictionary_of
from .exceptions import InvalidInputError
from .lasso.solve import LassoPath, as_columns, exact_lasso, lasso_path
from .network import Network
from .numbers import format_exact, json_float, short
from .numbers.display import MAX_ROWS, abbreviate, figure, html_card, html_table, text_table
from .problem import LOSSES, Problem

__all__ = ["FitResult", "fit", "headline", "report_lines", "LOSSES"]

#: Exact numbers longer than this are abbreviated in the text report (the JSON keeps them whole).
LONG = 80


@dataclass(kw_only=True)
class FitResult:
    """The network of the convex program, with its certificate (keyword-only fields).

    Attributes
    ----------
    value : Fraction or float
        The Lasso value: the proved network optimum when :attr:`optimal` (exact ℓ1,
        squared loss, one output); else a float solve, an upper bound (:attr:`value_kind`).
    exact : bool
        Whether ``value``, ``z`` and the certificate are exact rationals.
    z : list
        The Lasso coefficients, one per dictionary column.
    intercept : Fraction, float or None
    dictionary : Dictionary
    certificate : OptimalityCertificate
        ``.holds``, ``.kind`` and ``.to_json()`` (:mod:`exactwedge.numbers.certificate`):
        the exact KKT :class:`~exactwedge.lasso.certificate.Certificate`, or a
        :class:`~exactwedge.lasso.certificate.FloatReport` for a float solve
        (its kind says it is not a proof).
    network : Network
        The two-layer network of the Lasso solution (before rescaling).
    p_nn :
        The network's training objective after the App. 6.12 rescaling.
    """

    X: tuple
    y: list
    beta: Fraction
    bias: bool
    norm: int
    activation: str
    loss: str
    value: Any
    exact: bool
    z: list
    intercept: Any
    dictionary: Dictionary
    certificate: Any
    network: Network
    p_nn: Any
    solver: str
    timings: dict = field(default_factory=dict)

    @property
    def value_float(self) -> float:
        return float(self.value)

    @property
    def support(self) -> list[int]:
        return [j for j, v in enumerate(self.z) if v != 0]

    def predict(self, X: Any) -> list:
        """Exact predictions of the optimal network on new points."""
        return self.network.predict(X)

    def path(self, progress: Any = None) -> LassoPath:
        """The exact Lasso path from β_max down to this fit's β (ℓ1, squared loss)."""
        if not (self.exact and self.loss == "squared"):
            raise InvalidInputError("the exact path exists for the ℓ1 dictionaries with squared loss")
        return lasso_path(self.dictionary, self.y, self.beta, intercept=self.bias, progress=progress)

    @property
    def optimal(self) -> bool:
        """Whether ``value`` is the network optimum, proved: the exact ℓ1 Lasso (squared loss, one
        output), whose exact certificate holds (Thm 1 to 3, 6, 22: ``P_NN = P_Lasso``)."""
        return bool(self.exact and self.norm == 1 and self.loss == "squared" and self.certificate.holds)

    @property
    def value_kind(self) -> str:
        """What ``value`` is: the network optimum only where :attr:`optimal` says so.

        >>> fit([0, 1, 2], [0, 0, 1], 1, bias=True).value_kind
        'the network optimum: the exact ℓ1 Lasso optimum, certified by exact KKT conditions (P_NN = P_Lasso)'
        """
        if self.optimal:
            return "the network optimum: the exact ℓ1 Lasso optimum, certified by exact KKT conditions (P_NN = P_Lasso)"
        if self.exact:  # an exact Lasso over a subset of the columns (a sampled streamed solve) that fails its check
            return ("exact ℓ1 Lasso value of the sampled columns, an upper bound on the network optimum "
                    "(the exact check over every column fails: not optimal)")
        vector = bool(self.y) and isinstance(self.y[0], (list, tuple))
        program = (f"{'group ' if vector else ''}ℓ{self.norm} Lasso" if self.loss == "squared"
                   else f"ℓ{self.norm}-regularized {self.loss}-loss program")
        if self.norm == 2:
            return (f"{program} value, an upper bound on the network optimum (Thm 7), from a float64 solve "
                    "(not exact); the certificate is a float check of the Lasso, not a proof")
        return (f"{program} value from a float64 solve (not exact, not proved optimal): an upper bound on the "
                "network optimum; the certificate is a float check of its optimality conditions, not a proof")

    @property
    def headline(self) -> str:
        """The title of the text and LaTeX reports (:func:`headline`)."""
        vector = bool(self.y) and isinstance(self.y[0], (list, tuple))
        return headline(optimal=self.optimal, exact=self.exact, norm=self.norm, loss=self.loss, vector=vector)

    def __repr__(self) -> str:
        """Short: what the value is and its size (``res.summary()`` and ``res.to_json()`` say everything).

        >>> fit([0, 4, 5, 7, 10, 11], [0, 0, 0, 2, 3, 3], "1/10", bias=True)
        FitResult(value=287/1600, optimal=True, 5 neurons, n=6, d=1, beta=1/10, norm=1, loss='squared')
        """
        k = len(self.network.units)
        return (f"FitResult(value={abbreviate(self.value)}, optimal={self.optimal}, {k} neuron{'' if k == 1 else 's'}, "
                f"n={len(self.X)}, d={self.dictionary.d}, beta={abbreviate(self.beta)}, norm={self.norm}, loss={self.loss!r})")

    def summary(self) -> str:
        """The text report of ``exactwedge fit`` (:func:`report_lines`): value, network, certificate.

        >>> print(fit([0, 1, 2], [0, 0, 1], 1, bias=True).summary().splitlines()[2])
        optimal value P_Lasso = 1/3  ≈ 0.333333333333
        """
        return "\n".join(report_lines(self.to_json()))

    def _repr_html_(self) -> str:
        """Jupyter's display: the value (abbreviated when long), the certificate, the neurons in closed form.

        >>> res = fit([0, 4, 5, 7, 10, 11], [0, 0, 0, 2, 3, 3], "1/10", bias=True)
        >>> html = res._repr_html_()
        >>> "287/1600" in html, "holds: exact KKT" in html, [u.label for u in res.network.units if u.label not in html]
        (True, True, [])
        """
        name = "optimal value P_Lasso = P_NN" if self.optimal else "value"
        value = abbreviate(self.value) + (" (exact: res.value)" if abbreviate(self.value) != format_exact(self.value)
                                           and self.exact else "")
        cert = self.certificate
        facts = [("data", f"n = {len(self.X)}, d = {self.dictionary.d}, β = {abbreviate(self.beta)}, bias = {self.bias}, "
                          f"ℓ{self.norm}, {self.activation}, {self.loss} loss"),
                 (name, value), ("what it is", self.value_kind),
                 ("certificate", f"{'holds' if cert.holds else 'FAILS'}: {cert.kind}")]
        if self.intercept is not None and not isinstance(self.intercept, tuple):
            facts.append(("intercept t", abbreviate(self.intercept)))
        facts.append(("dictionary", f"{len(self.dictionary)} columns ({self.dictionary.kind}); solver: {self.solver}"))
        units = self.network.units
        rows = [(j, u.label, abbreviate(u.alpha) if not isinstance(u.alpha, tuple) else
                 "(" + ", ".join(abbreviate(v) for v in u.alpha) + ")") for j, u in enumerate(units[:MAX_ROWS], 1)]
        notes = [f"… and {len(units) - MAX_ROWS} more neurons: res.network.units" if len(units) > MAX_ROWS else "",
                 "Exact values: res.value, res.network.units, res.to_json(); the whole report: res.summary(); "
                 "the network in LaTeX: res.network; a figure: res.plot()."]
        table = html_table(("#", f"active neuron (closed form), {len(units)} in all", "α"), rows, code=[1])
        return html_card(self.headline, facts, table=table, notes=[n for n in notes if n])

    def plot(self, **kwargs: Any) -> Any:
        """The fitted decision function on the data (2-D), a matplotlib Figure (:func:`exactwedge.plot.plot_decision`).

        >>> fit([[0, 0], [2, 0], [0, 2], [1, 1]], [0, 1, 1, 3], "1/2", bias=True).plot(grid=20).axes[0].get_title()
        'f(x): 2 neurons, P = 11/8 (exact), 4 samples'
        """
        return figure(self, **kwargs)

    def to_json(self) -> dict:
        """The JSON report of ``exactwedge fit --json``.

        ``value_kind`` says what the number is. Only a proved optimum is reported as
        ``optimal_value`` (with ``optimal_value_float`` and the exact check
        ``p_nn_equals_p_lasso``); every other solve reports ``value``, ``value_float``
        and ``p_nn_vs_value``, which says what was compared and in which arithmetic.
        """
        exact_numbers = self.exact
        val = format_exact(self.value) if exact_numbers else float(self.value)
        cert = self.certificate.to_json()
        rescaled = self.network.rescaled()
        neurons = self.network.to_json()
        for item, ru in zip(neurons, rescaled.units):
            item["rescaled"] = {"w": [format_exact(v) for v in ru.w], "b": format_exact(ru.b),
                                "alpha": format_exact(ru.alpha) if not isinstance(ru.alpha, tuple) else [format_exact(v) for v in ru.alpha]}
        optimal = self.optimal
        out: dict = {"optimal_value" if optimal else "value": val,
                     "optimal_value_float" if optimal else "value_float": json_float(self.value),
                     "value_kind": self.value_kind}
        out.update({
            "exact": self.exact,
            "beta": format_exact(self.beta),
            "loss": self.loss,
            "bias": self.bias,
            "norm": self.norm,
            "activation": self.activation,
            "solver": self.solver,
            "intercept": None if self.intercept is None else (format_exact(self.intercept) if self.exact else
                                                              [float(v) for v in self.intercept] if isinstance(self.intercept, tuple)
                                                              else float(self.intercept)),
            "columns": self.dictionary.summary()["columns"],  # a streamed dictionary: all of its columns
            "dictionary": self.dictionary.summary(),
            "feature_kind": "rational" if self.dictionary.norm == 1 else "surd (solved in float64)",
            "certificate": cert,
            "p_nn": format_exact(self.p_nn) if exact_numbers else float(self.p_nn),
        })
        if optimal:
            out["p_nn_equals_p_lasso"] = self.p_nn == self.value
        else:
            out["p_nn_vs_value"] = _p_nn_vs_value(self.p_nn, self.value, self.exact)
        out["neurons"] = neurons
        out["timings_s"] = {k: round(v, 6) for k, v in self.timings.items()}
        return out


#: Relative tolerance of the float64 comparison of P_NN with a float solve's value.
P_NN_RTOL = 1e-9


def _p_nn_vs_value(p_nn: Any, value: Any, exact: bool) -> dict:
    """What ``p_nn`` was compared with, how, and the outcome (a solve that is not a proved optimum)."""
    what = "P_NN of the rescaled network against the reported value (a consistency check, not a proof of optimality)"
    if exact:
        return {"compared": what, "arithmetic": "exact", "equal": p_nn == value}
    a, b = float(p_nn), float(value)
    scale = max(abs(a), abs(b))
    rel = abs(a - b) / scale if scale > 0 else 0.0
    return {"compared": what, "arithmetic": f"float64, relative tolerance {P_NN_RTOL:g}",
            "relative_difference": rel, "equal": bool(rel <= P_NN_RTOL)}


def headline(*, optimal: bool, exact: bool, norm: int, loss: str, vector: bool = False) -> str:
    """The title of a fit report: "Optimal …" only for a proved optimum.

    >>> headline(optimal=True, exact=True, norm=1, loss="squared")
    'Optimal two-layer network'
    >>> headline(optimal=False, exact=False, norm=2, loss="squared")
    'Two-layer network from the ℓ2 Lasso (an upper bound on the optimum, float64 solve)'
    >>> headline(optimal=False, exact=False, norm=1, loss="hinge")
    'Two-layer network from a float64 solve of the hinge-loss program (not proved optimal)'
    """
    if optimal:
        return "Optimal two-layer network"
    if exact:
        return "Two-layer network from the exact Lasso of sampled columns (an upper bound, not optimal)"
    if loss != "squared":
        return f"Two-layer network from a float64 solve of the {loss}-loss program (not proved optimal)"
    group = "group " if vector else ""
    if norm == 2:
        return f"Two-layer network from the ℓ2 {group}Lasso (an upper bound on the optimum, float64 solve)"
    return f"Two-layer network from a float64 solve of the ℓ1 {group}Lasso (not proved optimal)"


def report_lines(report: dict, *, title: str | None = None) -> list[str]:
    """The text report of a fit (the dict of :meth:`FitResult.to_json`), one line an item.

    The title and the value's line say what the value is: "Optimal" and
    ``P_Lasso = P_NN`` only for a proved optimum (``optimal_value`` in the
    report); a float solve prints its ``value_kind`` and what P_NN was compared
    with. The neuron table is one item of several lines. ``exactwedge fit``
    prints it (:func:`exactwedge.cli.report.render_fit`); :meth:`FitResult.summary` joins it.

    >>> lines = report_lines(fit([0, 1, 2], [0, 0, 1], 1, bias=True).to_json())
    >>> lines[0]
    'Optimal two-layer network  (n = 3, d = 1, bias = True, norm = ℓ1, activation = relu, loss = squared, β = 1)'
    >>> lines = report_lines(fit([0, 1, 2], [0, 0, 1], 1, bias=True, norm=2).to_json())
    >>> lines[0].split("  (")[0], lines[2].startswith("ℓ2 Lasso value ")
    ('Two-layer network from the ℓ2 Lasso (an upper bound on the optimum, float64 solve)', True)
    """
    exact = report["exact"]
    optimal = "optimal_value" in report
    if title is None:
        vector = isinstance(report.get("intercept"), list) or any(isinstance(nr.get("alpha"), list)
                                                                   for nr in report["neurons"])
        title = headline(optimal=optimal, exact=exact, norm=report["norm"], loss=report["loss"], vector=vector)
    d = report["dictionary"]
    out = [f"{title}  (n = {d['n']}, d = {d['d']}, bias = {report['bias']}, norm = ℓ{report['norm']}, "
           f"activation = {report['activation']}, loss = {report['loss']}, β = {short(report['beta'], LONG)})",
           f"dictionary: {report['columns']} columns ({d['candidates']} enumerated, {d['removed_zero']} zero and "
           f"{d['removed_duplicate']} duplicate removed; features {report['feature_kind']})"]
    if optimal:
        approx = report["optimal_value_float"]  # None past float range: the exact value stands alone
        out.append(f"optimal value P_Lasso = {short(report['optimal_value'], LONG)}"
                   + (f"  ≈ {approx:.12g}" if approx is not None else ""))
        out.append(f"network objective P_NN (rescaled) = {short(str(report['p_nn']), LONG)}  → equal: "
                   f"{report['p_nn_equals_p_lasso']}")
    else:
        name, _, rest = report["value_kind"].partition(" value")
        approx = report["value_float"] if exact else None
        out.append(f"{name} value = {short(str(report['value']), LONG)}" + (f"  ≈ {approx:.12g}" if approx is not None else "")
                   + f"  ({rest.lstrip(', ')})")
        cmp = report["p_nn_vs_value"]
        out.append(f"network objective P_NN (rescaled) = {short(str(report['p_nn']), LONG)}  → equal to the value "
                   f"({cmp['arithmetic']}): {cmp['equal']}; a consistency check, not a proof of optimality")
    if report.get("intercept") is not None:
        out.append(f"intercept t = {short(str(report['intercept']), LONG)}")
    rows = []
    for i, nr in enumerate(report["neurons"]):
        if exact:
            alpha = nr["alpha"] if isinstance(nr["alpha"], str) else ", ".join(nr["alpha"])
        else:  # float-derived coefficients: show them as floats
            af = nr["alpha_float"]
            alpha = f"{af:.6g}" if not isinstance(af, list) else ", ".join(f"{v:.6g}" for v in af)
        rows.append((str(i + 1), nr["label"], "(" + ", ".join(short(v, 14) for v in nr["w"]) + ")", short(nr["b"], 14),
                     short(alpha, 30)))
    out.append(text_table(("#", "neuron (closed form)", "w", "b", "alpha"), rows))
    cert = report["certificate"]
    kind = "exact" if cert.get("exact") else "float64 check, not a proof"
    out.append(f"certificate ({kind}): holds = {cert.get('holds')}; max |K_jᵀr| = "
               f"{short(str(cert.get('max_abs_correlation')), 30)} (β = {short(report['beta'], LONG)}); support "
               f"{cert.get('support_size')}" + (f"; 1ᵀr = {cert.get('residual_sum')}" if cert.get("residual_sum") is not None else ""))
    if not cert.get("exact"):  # a float solve: each condition it checked, and how
        names = (("bound_condition", "|K_jᵀu| ≤ β"), ("support_condition", "K_jᵀu = β sign(z_j) on the support"),
                 ("intercept_condition", "1ᵀu = 0"), ("gap_condition", "duality gap"),
                 ("complementarity_condition", "complementary slackness"))
        checked = [f"{label} {'holds' if cert[key] else 'FAILS'}" for key, label in names if cert.get(key) is not None]
        tol = cert.get("tolerance")
        if checked:
            out.append("conditions checked in float64" + (f" (tolerance {tol:g})" if isinstance(tol, float) else "")
                       + ": " + "; ".join(checked))
    out.append(f"solver: {report['solver']}")
    return out


def fit(
    X: Any,
    y: Any,
    beta: Any,
    *,
    bias: bool = False,
    norm: int = 1,
    activation: str = "relu",
    loss: str = "squared",
    max_columns: int | None = DEFAULT_MAX_COLUMNS,
    warm_start: bool = True,
    progress: Any = None,
) -> FitResult:
    """Train the two-layer network globally through its convex Lasso form.

    Parameters
    ----------
    X : (n, d) exact data (a flat sequence is 1-D data), or a list of grade-1
        clifford, kingdon or galgebra multivectors (clifford's float64 at its
        exact binary value; see :mod:`exactwedge.ga.interop.data`)
    y : (n,) or (n, c) exact labels
    beta : exact positive number
    bias : bool
        Neurons with biases and a free intercept (Thm 1, 3, 22).
    norm : {1, 2}
        ℓ1 path regularizer (exact) or weight decay (ℓ2: float solve, an upper bound).
    activation : {"relu", "abs"}
    loss : {"squared", "logistic", "hinge"}
        Only squared loss is solved exactly; the others go through cvxpy.
    max_columns : int or None
        Refuse larger dictionaries (TooLargeError) before building them.
    progress : callable, optional
        Called once per anchor while the (bias) dictionary is built.

    Returns
    -------
    FitResult

    Examples
    --------
    >>> res = fit([[0, 0], [1, 0], [0, 1], [1, 1]], [0, 1, 1, 0], 1, bias=True)
    >>> res.value, res.certificate.holds, len(res.network.units)
    (Fraction(1, 2), True, 0)
    >>> res.predict([[5, 5]])
    [Fraction(1, 2)]
    """
    timings: dict[str, float] = {}
    P = Problem.of(X, y, beta, bias=bias, norm=norm, activation=activation, loss=loss, min_samples=2)
    rows, b, Y = P.X, P.beta, P.label_rows()
    c = P.outputs
    t0 = time.perf_counter()
    D = dictionary_of(P, max_columns=max_columns, progress=progress)
    timings["dictionary"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    common = {"X": rows, "beta": b, "bias": P.bias, "norm": norm, "activation": activation, "loss": loss,
              "dictionary": D, "timings": timings}
    if loss == "squared" and c == 1 and norm == 1:
        yv = [r[0] for r in Y]
        sol = exact_lasso(as_columns(D), yv, b, intercept=P.bias, warm_start=warm_start)
        timings["lasso"] = time.perf_counter() - t0
        if not sol.certificate.holds:  # pragma: no cover - the solver only stops at a KKT point
            from .exceptions import SolverError

            raise SolverError("the exact Lasso solution failed its certificate")
        net = Network.from_solution(D, sol.z, sol.intercept if P.bias else Fraction(0))
        t0 = time.perf_counter()
        p_nn = net.objective(rows, yv, b, rescale=True)
        timings["p_nn"] = time.perf_counter() - t0
        return FitResult(y=yv, value=sol.value, exact=True, z=sol.z, intercept=sol.intercept,
                         certificate=sol.certificate, network=net, p_nn=p_nn, solver=sol.method, **common)
    from .lasso.float_solve import solve_float

    fl = solve_float(D, Y, b, intercept=P.bias, loss=loss)
    timings["lasso"] = time.perf_counter() - t0
    net = Network.from_solution(D, fl.z, fl.intercept)
    yout = [r[0] for r in Y] if c == 1 else Y
    p_nn = net.objective_float(rows, yout, b) if loss == "squared" else _classifier_objective(net, rows, yout, b, loss)
    return FitResult(y=yout, value=fl.value, exact=False, z=fl.z, intercept=fl.intercept,
                     certificate=fl.certificate, network=net, p_nn=p_nn, solver=fl.solver, **common)


def _classifier_objective(net: Network, rows: Any, y: Any, beta: Fraction, loss: str) -> float:
    """The network's logistic or hinge objective ``Σ ℓ(y_i f(x_i)) + β Σ‖w_j‖|α_j|`` in float64."""
    import math

    margins = [float(yi) * f for yi, f in zip(y, net.predict_float(rows))]
    if loss == "logistic":  # log(1 + e^{-u}), without overflow
        total = sum(max(-u, 0.0) + math.log1p(math.exp(-abs(u))) for u in margins)
    else:
        total = sum(max(0.0, 1.0 - u) for u in margins)
    return total + float(net.regularization(beta, form="path"))

