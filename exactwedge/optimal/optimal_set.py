r"""Every optimal network of an exact ℓ1 fit: uniqueness, the optimal face, minimum width, pruning, ranges.

The Lasso's fitted values :math:`\hat y^\star`, residual :math:`r`, value and
:math:`\lVert z\rVert_1` are unique, but :math:`z` need not be. With the
equicorrelation set :math:`E = \{j : \lvert K_j^\top r\rvert = \beta\}` and its
signs :math:`\sigma_j` (columns centred when there is an intercept), the optimal
set is exactly

.. math:: \{\, z : z_j = \sigma_j p_j\ (j\in E),\ z_j = 0\ (j \notin E),\ p \ge 0,\
          \textstyle\sum_{j\in E} p_j\,\sigma_j \tilde K_j = \tilde K z^\star \,\}

(every such z has the same fit and, since :math:`\sigma_j\tilde K_j^\top r = \beta`
on E, the same :math:`\lVert z\rVert_1 = r^\top\tilde K z^\star/\beta`: the KKT
conditions hold for all of them; conversely an optimal z has the unique fit and
its support in E with those signs). The intercept follows z:
:math:`t = \bar y - \sum_j z_j \bar K_j`. :func:`optimal_set` computes on that
polytope (:class:`~exactwedge.lp.polytope.Polytope`) in rational arithmetic.

>>> from exactwedge import fit
>>> res = fit([0, 1, 2, 3], [0, 1, 0, 1], "1/10", bias=True)
>>> s = optimal_set(res)
>>> s.unique, s.dimension    # opposite ramps at x1 and at x2 differ by a constant
(False, 1)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

from ..exceptions import InvalidInputError, TooLargeError
from ..lp.polytope import DEFAULT_MAX_NODES, DEFAULT_MAX_SUBSETS, Polytope, nonzeros
from ..network import Network
from ..numbers import format_exact
from ..problem import as_matrix

__all__ = ["OptimalSet", "optimal_set"]

#: The three classes of a tied neuron over the optimal set.
EVERY, SOME, NONE = "in every optimal network", "in some optimal networks", "in no optimal network"


@dataclass
class OptimalSet:
    """The exact optimal set of an ℓ1 fit (see :func:`optimal_set`).

    Attributes
    ----------
    tied : list of int
        E: the columns with ``|K_jᵀr| = β`` (column order), and ``signs`` their σ_j.
    rank : int
        The rank of E's (centred) columns.
    dimension : int
        ``dim`` of the optimal face; 0 iff the optimum is unique.
    unique : bool
    reason : str
        Why (Tibshirani's condition on E, or the face's dimension).
    weight_ranges : dict
        ``{j: (min z_j, max z_j)}`` over the optimal set, for j in E.
    classes : dict
        ``{j: EVERY | SOME | NONE}``.
    vertices : list or None
        The vertices of the face as magnitudes p on E (``z_of(p)`` gives z; None when not
        enumerated, ``vertex_note`` why).
    minimum_width : int or None
        The fewest neurons of an optimal network; ``sparsest`` one such point (magnitudes on E),
        ``width_proof`` how it was shown (exhaustive search by support size, or exact branch and bound).
    pruned : dict
        The fit's own network taken down to a vertex along the face: ``z`` (magnitudes on E), ``moves``,
        ``width``, ``objective_equal``.
    prediction_ranges : list
        ``(x, min f(x), max f(x))`` at the points asked for.
    """

    result: Any = field(repr=False)
    tied: list
    signs: list
    rank: int
    dimension: int
    unique: bool
    reason: str
    weight_ranges: dict
    classes: dict
    vertices: list | None
    vertex_note: str
    minimum_width: int | None
    sparsest: list | None
    width_proof: str
    pruned: dict
    prediction_ranges: list
    polytope: Polytope = field(repr=False, default=None)

    def label(self, j: int) -> str:
        """Column j's neuron in closed form (its hyperplane named by its samples)."""
        return self.result.dictionary.neuron(j).label()

    def z_of(self, p: Sequence[Fraction]) -> list[Fraction]:
        """The full coefficient vector of a face point ``p`` (magnitudes on E)."""
        return _z_of(len(self.result.dictionary), self.tied, self.signs, p)

    def network(self, z: Sequence[Fraction]) -> Network:
        """The optimal network of a z of the set, with its own intercept ``t = ȳ − Σ z_j K̄_j``."""
        return Network.from_solution(self.result.dictionary, list(z), _intercept(self.result, z))

    def _signed(self, p: Sequence[Fraction]) -> dict:
        """``{column: z_j}`` of a face point p (magnitudes on E), nonzeros only, exact strings."""
        return {str(j): format_exact(s * v) for j, s, v in zip(self.tied, self.signs, p) if v}

    def plot(self, **kwargs: Any) -> Any:
        """The envelope of all optimal networks (:func:`exactwedge.plot.plot_optimal_set`), as a Figure."""
        from ..numbers.display import figure

        return figure(self, **kwargs)

    def to_json(self) -> dict:
        """A JSON-ready report: exact numbers as strings; networks as ``{column: z_j}``."""
        f = format_exact
        return {
            "format": "exactwedge.optimal_set", "version": 1,
            "beta": f(self.result.beta), "bias": self.result.bias, "activation": self.result.activation,
            "equicorrelation_set": [{"column": j, "sign": s, "neuron": self.label(j), "class": self.classes[j],
                                     "weight_range": [f(self.weight_ranges[j][0]), f(self.weight_ranges[j][1])]}
                                    for j, s in zip(self.tied, self.signs)],
            "rank": self.rank, "dimension": self.dimension, "unique": self.unique, "reason": self.reason,
            "l1_norm": f(sum((abs(Fraction(v)) for v in self.result.z), Fraction(0))),  # the same on the whole face
            "fitted_values": [f(v) for v in self.result.predict(self.result.X)],  # K_E z_E + t: the same too
            "vertices": None if self.vertices is None else [self._signed(p) for p in self.vertices],
            "vertex_note": self.vertex_note,
            "minimum_width": self.minimum_width,
            "sparsest": None if self.sparsest is None else self._signed(self.sparsest),
            "width_proof": self.width_proof,
            "pruned": {"width": self.pruned["width"], "moves": self.pruned["moves"],
                       "z": self._signed(self.pruned["z"]),
                       "objective_equal": self.pruned["objective_equal"]},
            "prediction_ranges": [{"x": [f(v) for v in x], "min": f(lo), "max": f(hi)}
                                  for x, lo, hi in self.prediction_ranges],
        }

    def summary(self) -> str:
        """The report as text."""
        lines = [f"optimal set of the ℓ1 fit (β = {format_exact(self.result.beta)}): "
                 + ("unique" if self.unique else f"not unique, a face of dimension {self.dimension}"),
                 f"  why: {self.reason}",
                 f"  equicorrelation set: {len(self.tied)} columns of rank {self.rank}"]
        for j in self.tied:
            lo, hi = self.weight_ranges[j]
            lines.append(f"    column {j}: {self.label(j)}  z ∈ [{format_exact(lo)}, {format_exact(hi)}]  "
                         f"{self.classes[j]}")
        lines.append("  minimum width: " + (f"{self.minimum_width} neurons" if self.minimum_width is not None else "—")
                     + f" ({self.width_proof})")
        lines.append(f"  the fit's network pruned along the face: {self.pruned['width']} neurons in "
                     f"{self.pruned['moves']} moves, objective equal: {self.pruned['objective_equal']}")
        lines.append("  vertices: " + (str(len(self.vertices)) if self.vertices is not None else self.vertex_note))
        for x, lo, hi in self.prediction_ranges:
            lines.append(f"  f({', '.join(format_exact(v) for v in x)}) ∈ [{format_exact(lo)}, {format_exact(hi)}]")
        return "\n".join(lines)


def _z_of(m: int, tied: Sequence[int], signs: Sequence[int], p: Sequence[Fraction]) -> list[Fraction]:
    """The m coefficients of the face point p: ``z_j = σ_j p_j`` on E, 0 elsewhere."""
    z = [Fraction(0)] * m
    for j, s, v in zip(tied, signs, p):
        z[j] = s * v
    return z


def _centred(result: Any) -> tuple[list[list[Fraction]], list[Fraction]]:
    """The columns (as rows of K) and labels, centred when the fit has an intercept."""
    K = result.dictionary.exact_matrix()
    y = [Fraction(v) for v in result.y]
    if not result.bias:
        return K, y
    n = len(K)
    means = [sum((K[i][j] for i in range(n)), Fraction(0)) / n for j in range(len(K[0]))]
    ybar = sum(y, Fraction(0)) / n
    return [[K[i][j] - means[j] for j in range(len(means))] for i in range(n)], [v - ybar for v in y]


def _intercept(result: Any, z: Sequence[Fraction]) -> Fraction | None:
    if not result.bias:
        return None
    K = result.dictionary.exact_matrix()
    n = len(K)
    return sum((Fraction(v) for v in result.y), Fraction(0)) / n - sum(
        (z[j] * sum((K[i][j] for i in range(n)), Fraction(0)) / n for j in range(len(z)) if z[j]), Fraction(0))


def _objective(result: Any, z: Sequence[Fraction]) -> Fraction:
    """½‖y − Kz − t‖² + β‖z‖₁, exactly."""
    K = result.dictionary.exact_matrix()
    t = _intercept(result, z) or Fraction(0)
    r = [Fraction(yv) - t - sum((K[i][j] * z[j] for j in range(len(z)) if z[j]), Fraction(0))
         for i, yv in enumerate(result.y)]
    return sum((v * v for v in r), Fraction(0)) / 2 + result.beta * sum((abs(v) for v in z), Fraction(0))


def optimal_set(result: Any, at: Any = None, *, max_subsets: int = DEFAULT_MAX_SUBSETS,
                max_nodes: int = DEFAULT_MAX_NODES) -> OptimalSet:
    """The whole optimal set of an exact ℓ1 fit (``exactwedge.fit(..., norm=1)``), exactly.

    Parameters
    ----------
    result : FitResult
        An exact, certified ℓ1 fit with the squared loss and one label column.
    at : points, optional
        Points x at which to give the exact range of f(x) over all optimal networks.
    max_subsets : int
        The supports examined at most to enumerate the vertices or to prove the
        minimum width by exhaustion (each is refused above it, with its count).
    max_nodes : int
        Where exhaustion is refused, the minimum width comes from an exact branch
        and bound (:meth:`~exactwedge.lp.polytope.Polytope.sparsest_branch_and_bound`)
        of at most this many nodes.

    Returns
    -------
    OptimalSet
        Uniqueness (Tibshirani: E's columns independent ⇒ unique; otherwise the
        face's dimension decides), the face's dimension and vertices, the exact
        range of each tied neuron's output weight and its class (in every / some /
        no optimal network), the minimum width with its proof by exhaustion, the
        fit's own network pruned along the face (objective identical), and
        prediction ranges (exact LPs).

    Examples
    --------
    Two copies of one sample make two equal ramps: the weight splits freely between them.

    >>> from exactwedge import fit
    >>> res = fit([[0], [1], [1], [3]], [0, 2, 2, 1], "1/2", bias=True)
    >>> s = optimal_set(res, at=[[2]])
    >>> s.unique, s.dimension, s.minimum_width
    (True, 0, 2)
    """
    from ..training import FitResult

    if not isinstance(result, FitResult):
        raise InvalidInputError(f"optimal_set needs the FitResult of exactwedge.fit (a materialized dictionary), "
                                f"got {type(result).__name__}")
    if not getattr(result, "exact", False) or result.norm != 1 or result.loss != "squared":
        raise InvalidInputError("optimal_set needs an exact ℓ1 fit with the squared loss (fit(..., norm=1))")
    if not result.certificate.holds:
        raise InvalidInputError("optimal_set needs a certified optimum (the fit's exact certificate fails)")
    if isinstance(result.y[0], (list, tuple)):
        raise InvalidInputError("optimal_set takes one label column")
    Kc, yc = _centred(result)
    m = len(result.dictionary)
    z = [Fraction(v) for v in result.z]
    fit_vals = [sum((Kc[i][j] * z[j] for j in range(m) if z[j]), Fraction(0)) for i in range(len(Kc))]
    r = [a - b for a, b in zip(yc, fit_vals)]
    corr = [sum((Kc[i][j] * r[i] for i in range(len(Kc))), Fraction(0)) for j in range(m)]
    beta = Fraction(result.beta)
    tied = [j for j in range(m) if abs(corr[j]) == beta]
    signs = [1 if corr[j] > 0 else -1 for j in tied]
    if any(z[j] != 0 and j not in set(tied) for j in range(m)):  # pragma: no cover - certified above
        raise InvalidInputError("the fit's support is not in its equicorrelation set")
    A = [[s * Kc[i][j] for j, s in zip(tied, signs)] for i in range(len(Kc))]
    P = Polytope(A, fit_vals)
    p_fit = [abs(z[j]) for j in tied]
    P._known.append(tuple(p_fit))  # the fit's own point of the face
    rank = P.rank()
    ranges_p = {j: P.coordinate_range(c) for c, j in enumerate(tied)}
    free = [c for c, j in enumerate(tied) if ranges_p[j][1] > 0]
    dimension = len(free) - P.rank(free)
    if rank == len(tied):
        reason = (f"the {len(tied)} equicorrelation columns are linearly independent (rank {rank}): the optimum "
                  "is unique (Tibshirani 2013, Lemma 2)")
    else:
        reason = (f"the {len(tied)} equicorrelation columns have rank {rank} < {len(tied)}; the optimal face, "
                  f"computed exactly, has dimension {dimension}"
                  + (" (the null directions leave the sign constraints: unique)" if dimension == 0 else ""))
    weight_ranges, classes = {}, {}
    for j, s in zip(tied, signs):
        lo, hi = ranges_p[j]
        weight_ranges[j] = (lo, hi) if s > 0 else (-hi, -lo)
        classes[j] = EVERY if lo > 0 else (SOME if hi > 0 else NONE)
    try:
        verts = [list(v) for v in P.vertices(max_subsets=max_subsets)]
        vertex_note = f"{len(verts)} vertices"
    except TooLargeError as e:
        verts, vertex_note = None, str(e)
    required = [c for c, j in enumerate(tied) if classes[j] == EVERY]
    width = sparsest = None
    try:
        point, examined = P.sparsest(required=required, max_subsets=max_subsets)
        width, sparsest = nonzeros(point), list(point)
        proof = (f"exhaustive search by support size: every support of fewer than {width} neurons among the "
                 f"{len(free)} that can be nonzero (containing the {len(required)} in every optimal network) has "
                 f"no optimal network; {examined:,} supports examined")
    except TooLargeError as e:  # too many supports to try: an exact integer program instead
        try:
            point, nodes = P.sparsest_branch_and_bound(required=required, max_nodes=max_nodes)
            width, sparsest = nonzeros(point), list(point)
            proof = (f"exact branch and bound on the integer program min Σu_j, p_j ≤ (max p_j)·u_j (LP relaxations "
                     f"in rational arithmetic): every one of its {nodes:,} nodes closed, so no optimal network has "
                     f"fewer than {width} neurons (exhaustive search refused: {e})")
        except TooLargeError as e2:
            proof = f"{e}; then {e2}"
    pruned_p, moves = P.prune(p_fit)
    z_pruned = _z_of(m, tied, signs, pruned_p)
    pruned = {"z": list(pruned_p), "moves": moves, "width": nonzeros(pruned_p),
              "objective_equal": _objective(result, z_pruned) == _objective(result, z)}
    preds = []
    if at is not None:
        preds = _prediction_ranges(result, P, tied, signs, at)
    return OptimalSet(result, tied, signs, rank, dimension, dimension == 0, reason, weight_ranges, classes, verts,
                      vertex_note, width, sparsest, proof, pruned, preds, P)


def _prediction_ranges(result: Any, P: Polytope, tied: list, signs: list, at: Any) -> list:
    """``(x, min f(x), max f(x))``: f is linear in the face's p, so two exact LPs per point."""
    D = result.dictionary
    rows = as_matrix(at, what="at")
    if rows and len(rows[0]) != D.d:
        raise InvalidInputError(f"the points must have {D.d} coordinates, got {len(rows[0])}")
    probe = Network.from_solution(D, [Fraction(int(j in set(tied))) for j in range(len(D))])
    K = D.exact_matrix()
    n = len(K)
    means = ([sum((K[i][j] for i in range(n)), Fraction(0)) / n for j in tied] if result.bias else [Fraction(0)] * len(tied))
    ybar = sum((Fraction(v) for v in result.y), Fraction(0)) / n if result.bias else Fraction(0)
    out = []
    for x in rows:
        h = probe.hidden(x)  # the tied columns' features at x, in column order
        c = [s * (hv - mj) for s, hv, mj in zip(signs, h, means)]
        lo, hi = P.linear_range(c)
        out.append((tuple(x), ybar + lo, ybar + hi))
    return out
