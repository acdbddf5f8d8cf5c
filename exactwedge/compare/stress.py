r"""Where float dictionaries go wrong: an ill-conditioning study, reproducible by seed.

A dictionary entry is :math:`(x_i\cdot w_j + b_j)_+` with
:math:`w_j = \pm\operatorname{cross}(a_J)/\lVert\cdot\rVert` and
:math:`b_j = -w_j\cdot x_{\text{anchor}}`. The **naive float pipeline** computes
it the way float code does, from the float64 data: the vectors
:math:`a_J` (differences :math:`x_k - x_{\text{anchor}}` in float), their cross
product from float determinants (``numpy.linalg.det`` of the deleted-row
minors), the normalization, the bias, then the feature. It is *not* the
correctly rounded export of our exact values (:meth:`Dictionary.to_float`),
which keeps every sign and every zero.

:func:`audit_float_dictionary` counts, against the exact pre-activations
(integer arithmetic on the integer-scaled data, so their signs are exact):

* ``sign_errors``: entries whose float pre-activation has another sign
  (−, 0, +) than the exact one; split into ``sign_flips`` (+ ↔ −),
  ``spurious_nonzero`` (exact 0, float ≠ 0: a sample on the hyperplane seen
  off it) and ``lost_nonzero``;
* ``activation_errors``: entries whose **positive part** is wrong, i.e. the
  ReLU is on in float and off exactly or the reverse
  (:math:`[\hat p > 0] \ne [p > 0]`; for the absolute-value activation,
  :math:`[\hat p \ne 0] \ne [p \ne 0]`);
* the same counts for the exact pipeline, recomputed independently from the
  neurons' exact ``w`` and ``b`` (always 0: this is the check), and for the
  correctly rounded export (0 as well: rounding keeps signs and zeros).

:func:`stress_study` then solves the Lasso three ways at one β: exactly, and
with a float back-end on the naive float dictionary and on the correctly
rounded export; each float solution is measured exactly on the exact problem
(:mod:`exactwedge.compare.metrics`): its true objective gap, its support
against the exact one, and the objective the float solver *believed* it had.

The data families (:data:`STRESS_CASES`), all in R² and drawn from
``numpy.random.default_rng(seed)``:

``near_collinear``
    samples on the line :math:`y = \tfrac37 x + \tfrac13` (not exact in
    binary), a few moved off it by :math:`k\cdot10^{-15}`; with bias;
``large_offset``
    :math:`(10^8 + a_i,\ 10^8 + a_i + c)` with distinct small integers
    :math:`a_i` and one small integer c: large coordinates with small
    differences, on a line near the origin's diagonal; no bias. The features
    are 2×2 determinants :math:`c(a_i - a_j)` of numbers whose products pass
    :math:`2^{53}`, so the float ones are wrong by about one unit; the study's
    β is :math:`10^{-8}`, small enough that the exact optimum uses them;
``near_duplicates``
    four rational cluster centres, each sample a centre plus
    :math:`k\cdot10^{-12}`; with bias.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..dictionary.build import integer_data
from ..exceptions import InvalidInputError
from ..numbers import format_exact

__all__ = [
    "STRESS_CASES",
    "StressCase",
    "stress_case",
    "naive_float_preactivations",
    "exact_preactivation_signs",
    "audit_float_dictionary",
    "DictionaryAudit",
    "stress_study",
    "run_stress",
    "render_stress",
]

#: The data families of the study.
STRESS_CASES = ("near_collinear", "large_offset", "near_duplicates")

#: The default seed (``exactwedge path --stress --seed S`` changes it).
DEFAULT_SEED = 2024


@dataclass
class StressCase:
    """One seeded data set of the study."""

    name: str
    description: str
    X: list
    y: list
    bias: bool
    seed: int
    beta: Fraction | None = None  # the study's β (None: β_max/20)


def stress_case(name: str, *, seed: int = DEFAULT_SEED, n: int = 14) -> StressCase:
    """The data set ``name`` (one of :data:`STRESS_CASES`), drawn from ``seed``.

    >>> c = stress_case("large_offset", seed=1, n=4)
    >>> c.bias, len(c.X), all(abs(v - 10**8) <= 10 for r in c.X for v in r), c.beta
    (False, 4, True, Fraction(1, 100000000))
    >>> stress_case("round")
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: unknown stress case 'round'; expected one of near_collinear, large_offset, near_duplicates
    """
    if name not in STRESS_CASES:
        raise InvalidInputError(f"unknown stress case {name!r}; expected one of {', '.join(STRESS_CASES)}")
    if isinstance(n, bool) or not isinstance(n, int) or n < 3:
        raise InvalidInputError(f"a stress case needs n >= 3 samples, got {n!r}")
    rng = np.random.default_rng(seed)
    y = [Fraction(int(v)) for v in rng.integers(-3, 4, size=n)]
    if name == "near_collinear":
        ts = rng.permutation(np.arange(1, n + 1))
        offs = rng.integers(-3, 4, size=n)
        X = [[Fraction(int(t), 3), Fraction(int(t), 7) + Fraction(1, 3) + Fraction(int(k), 10**15)]
             for t, k in zip(ts, offs)]
        desc = "points on y = 3x/7 + 1/3 (x = t/3), some moved by k·1e-15; bias"
        return StressCase(name, desc, X, y, True, seed)
    if name == "large_offset":
        a = rng.permutation(np.arange(-(n // 2 + 3), n // 2 + 4))[:n]
        c = int(rng.integers(1, 4))
        X = [[Fraction(10**8 + int(v)), Fraction(10**8 + int(v) + c)] for v in a]
        desc = f"(1e8 + a, 1e8 + a + {c}) for distinct small integers a; no bias; beta = 1e-8"
        return StressCase(name, desc, X, y, False, seed, Fraction(1, 10**8))
    centres = [(Fraction(1, 3), Fraction(2, 7)), (Fraction(5, 3), Fraction(1, 11)),
               (Fraction(4, 9), Fraction(7, 5)), (Fraction(-2, 3), Fraction(3, 13))]
    X = []
    for i in range(n):
        cx, cy = centres[i % len(centres)]
        dx, dy = rng.integers(-3, 4, size=2)
        X.append([cx + Fraction(int(dx), 10**12), cy + Fraction(int(dy), 10**12)])
    desc = "4 rational cluster centres, each sample a centre + k·1e-12; bias"
    return StressCase(name, desc, X, y, True, seed)


# ------------------------------------------------------------------ the two pipelines
def _column_vectors(D: Any, Xf: np.ndarray) -> np.ndarray:
    """``(m, d, d−1)``: each column's vectors ``a_J`` computed in float from ``Xf``."""
    n, d = Xf.shape
    m = len(D)
    V = np.zeros((m, d, max(d - 1, 0)))
    for j in range(m):
        a = int(D.anchors[j])
        for k, s in enumerate(D.subsets[j]):
            if isinstance(s, str):
                V[j, int(s[1:]) - 1, k] = 1.0
            else:
                V[j, :, k] = Xf[s] - Xf[a] if a >= 0 else Xf[s]
    return V


def naive_float_preactivations(D: Any, X_float: np.ndarray | None = None) -> np.ndarray:
    """The pre-activations ``x_i·w_j + b_j`` computed the naive float way (``(n, m)``).

    Cross products from float determinants of the float vectors ``a_J``,
    normalized in float, bias ``−w·x_anchor`` in float, then ``X w + b``. A
    column whose float cross product is 0 (its vectors look dependent in
    float) has no neuron: its pre-activations are 0.

    >>> from exactwedge.dictionary import dictionary
    >>> D = dictionary([[1, 2], [3, 1]])
    >>> naive_float_preactivations(D)[:, 0].tolist()
    [0.0, 1.6666666666666667]
    """
    Xf = (np.array([[float(v) for v in r] for r in D.X], dtype=np.float64) if X_float is None
          else np.asarray(X_float, dtype=np.float64))
    n, d = Xf.shape
    m = len(D)
    if m == 0:
        return np.zeros((n, 0))
    V = _column_vectors(D, Xf)
    C = np.empty((m, d))
    for k in range(d):
        minor = np.delete(V, k, axis=1)  # (m, d−1, d−1)
        C[:, k] = (-1) ** k * (np.linalg.det(minor) if d > 1 else 1.0)
    norms = np.abs(C).sum(axis=1) if D.norm == 1 else np.sqrt((C * C).sum(axis=1))
    norms[norms == 0] = np.inf  # a float cross product of 0: the float pipeline has no neuron (a zero column)
    W = C * (np.asarray(D.signs, dtype=np.float64) / norms)[:, None]
    anchors = np.asarray(D.anchors, dtype=np.int64)
    B = np.where(anchors >= 0, -np.einsum("md,md->m", W, Xf[np.maximum(anchors, 0)]), 0.0)
    return Xf @ W.T + B[None, :]


def exact_preactivation_signs(D: Any) -> np.ndarray:
    """Exact signs (−1, 0, +1) of every pre-activation, in integer arithmetic (``(n, m)`` int8).

    ``sign((x_i − x_anchor)·c_j)·sign_j`` on the integer-scaled data, where
    ``c_j`` is the column's integer cross product.

    >>> from exactwedge.dictionary import dictionary
    >>> exact_preactivation_signs(dictionary([0, 1, 3], bias=True)).tolist()
    [[0, -1, 1, 1], [1, 0, 0, 1], [1, 1, -1, 0]]
    """
    XI = integer_data(D.X)[0].tolist()  # Python ints
    n = len(XI)
    m = len(D)
    out = np.zeros((n, m), dtype=np.int8)
    for j in range(m):
        c = [int(v) for v in D.crosses[j]]
        a = int(D.anchors[j])
        sg = int(D.signs[j])
        base = XI[a] if a >= 0 else [0] * len(c)
        for i in range(n):
            v = sg * sum((xi - xa) * cc for xi, xa, cc in zip(XI[i], base, c))
            out[i, j] = (v > 0) - (v < 0)
    return out


def _exact_recheck(D: Any, S: np.ndarray) -> int:
    """Entries where the neurons' exact (w, b) disagree with the integer signs or the stored column (ℓ1)."""
    bad = 0
    for j in range(len(D)):
        nr = D.neuron(j)
        col = D.column(j) if D.norm == 1 else None
        w, b = nr.direction, nr.offset  # ℓ1 direction: same signs for ℓ2
        for i, x in enumerate(D.X):
            p = sum((xv * wv for xv, wv in zip(x, w)), Fraction(0)) + b
            s = (p > 0) - (p < 0)
            if s != int(S[i, j]):
                bad += 1
            elif col is not None:
                feat = abs(p) if D.activation == "abs" else max(p, Fraction(0))
                if feat != col[i]:
                    bad += 1
    return bad


@dataclass
class DictionaryAudit:
    """Counts of wrong entries in float dictionaries, against exact (see the module docstring)."""

    entries: int
    columns: int
    sign_errors: int
    sign_flips: int
    spurious_nonzero: int
    lost_nonzero: int
    activation_errors: int
    columns_affected: int
    max_abs_error: float
    exact_sign_errors: int
    export_activation_errors: int
    exact_zero_entries: int

    def to_json(self) -> dict:
        return dict(self.__dict__)


def _active(P: np.ndarray, activation: str) -> np.ndarray:
    return P != 0 if activation == "abs" else P > 0


def audit_float_dictionary(D: Any, *, recheck: bool = True) -> DictionaryAudit:
    """Count the entries the naive float pipeline gets wrong (sign, positive part), against exact.

    Parameters
    ----------
    D : Dictionary
    recheck : bool
        Also recompute every exact entry from the neurons' exact ``w`` and
        ``b`` (``exact_sign_errors``, expected 0).

    Examples
    --------
    >>> from exactwedge.dictionary import dictionary
    >>> a = audit_float_dictionary(dictionary([[10**8 + 1, 10**8 + 3], [10**8 + 2, 10**8 + 5], [10**8, 10**8 + 1]]))
    >>> a.exact_sign_errors, a.export_activation_errors, a.sign_errors > 0
    (0, 0, True)
    """
    S = exact_preactivation_signs(D)
    P = naive_float_preactivations(D)
    Sf = np.sign(P).astype(np.int8)
    wrong = Sf != S
    act_exact = _active(S, D.activation)
    act_float = _active(P, D.activation)
    act_wrong = act_float != act_exact
    Kn = np.abs(P) if D.activation == "abs" else np.maximum(P, 0.0)
    Kx = D.to_float()
    export_wrong = int((_active(Kx, "abs") != act_exact).sum()) if Kx.size else 0
    return DictionaryAudit(
        entries=int(S.size),
        columns=int(S.shape[1]),
        sign_errors=int(wrong.sum()),
        sign_flips=int(((Sf * S) < 0).sum()),
        spurious_nonzero=int(((S == 0) & (Sf != 0)).sum()),
        lost_nonzero=int(((S != 0) & (Sf == 0)).sum()),
        activation_errors=int(act_wrong.sum()),
        columns_affected=int(act_wrong.any(axis=0).sum()) if S.size else 0,
        max_abs_error=float(np.abs(Kn - Kx).max(initial=0.0)),
        exact_sign_errors=_exact_recheck(D, S) if recheck else 0,
        export_activation_errors=export_wrong,
        exact_zero_entries=int((S == 0).sum()),
    )


# ------------------------------------------------------------------ the Lasso consequences
@dataclass
class StressReport:
    """One case of the study: the dictionary audit and the Lasso three ways."""

    case: StressCase
    dictionary: dict
    audit: DictionaryAudit
    beta: Fraction
    exact: dict
    lasso: dict = field(default_factory=dict)  # variant -> measures
    backend: str = "sklearn"

    def to_json(self) -> dict:
        return {
            "case": self.case.name,
            "description": self.case.description,
            "seed": self.case.seed,
            "n": len(self.case.X),
            "bias": self.case.bias,
            "dictionary": self.dictionary,
            "audit": self.audit.to_json(),
            "beta": format_exact(self.beta),
            "backend": self.backend,
            "exact": self.exact,
            "float": self.lasso,
        }


def stress_study(case: StressCase | str, *, beta: Any = None, backend: str = "sklearn", seed: int = DEFAULT_SEED,
                 n: int = 14) -> StressReport:
    r"""Audit one case's float dictionary and show what it does to the float Lasso.

    Parameters
    ----------
    case : StressCase or str
        A case, or a name from :data:`STRESS_CASES` (drawn with ``seed`` and ``n``).
    beta : exact positive number, optional
        Default: the case's β (``large_offset``: :math:`10^{-8}`), else
        :math:`\beta_{\max}/20`.
    backend : str
        The float back-end (see :mod:`exactwedge.lasso.backends`).

    Examples
    --------
    >>> r = stress_study("large_offset", seed=3, n=6)
    >>> r.audit.exact_sign_errors, r.audit.sign_errors > 0
    (0, True)
    >>> sorted(r.lasso)
    ['naive_float', 'rounded_export']
    """
    from ..dictionary import dictionary
    from ..lasso.backends import get_backend
    from ..lasso.columns import ExactColumns
    from ..lasso.solve import solve_lasso
    from ..problem import check_beta
    from .comparison import exact_beta_max
    from .metrics import exact_point, float_support, jaccard, sign_agreement, uniqueness

    c = stress_case(case, seed=seed, n=n) if isinstance(case, str) else case
    D = dictionary(c.X, bias=c.bias)
    audit = audit_float_dictionary(D)
    cols = ExactColumns(D.numerators, D.scales)
    yv = list(c.y)
    bmax = exact_beta_max(cols, yv, c.bias)
    if beta is not None:
        b = check_beta(beta)
    elif c.beta is not None:
        b = c.beta
    else:
        b = bmax / 20 if bmax > 0 else Fraction(1)
    sol = solve_lasso(cols, yv, b, intercept=c.bias)
    _E, unique = uniqueness(cols, yv, b, sol.z, sol.intercept, intercept=c.bias)
    exact = {"value": format_exact(sol.value), "value_float": float(sol.value), "support": sol.support,
             "certificate_holds": bool(sol.certificate.holds), "z_unique": unique}
    be = get_backend(backend)
    yf = np.array([float(v) for v in yv])
    variants = {}
    P = naive_float_preactivations(D)
    variants["naive_float"] = np.abs(P) if D.activation == "abs" else np.maximum(P, 0.0)
    variants["rounded_export"] = D.to_float()
    lasso = {}
    for name, Kv in variants.items():
        (fp,) = be.solve(Kv, yf, [b], c.bias)
        entry: dict[str, Any] = {"status": fp.status, "converged": fp.converged, "messages": fp.messages}
        if fp.z is not None and np.all(np.isfinite(fp.z)):
            r = Kv @ fp.z + (fp.intercept or 0.0) - yf
            believed = 0.5 * float(r @ r) + float(b) * float(np.abs(fp.z).sum())
            m = exact_point(cols, yv, b, fp.z, fp.intercept, intercept=c.bias)
            gap = m.value - sol.value
            S = float_support(fp.z)
            entry.update(
                believed_value=believed,
                believed_minus_exact_optimum=believed - float(sol.value),
                true_value=float(m.value),
                true_gap=float(gap),
                true_rel_gap=float(gap / sol.value) if sol.value else None,
                support=S,
                support_jaccard=jaccard(S, sol.support),
                sign_agreement=sign_agreement(sol.z, fp.z),
                kkt_bound_violation=float(m.bound_violation),
            )
        lasso[name] = entry
    return StressReport(c, D.summary(), audit, b, exact, lasso, backend)


def run_stress(*, seed: int = DEFAULT_SEED, cases: Sequence[str] = STRESS_CASES, backend: str = "sklearn",
               n: int = 14) -> list[StressReport]:
    """The whole study: one :class:`StressReport` per case, all from ``seed``.

    >>> [r.case.name for r in run_stress(cases=["large_offset"], n=5)]
    ['large_offset']
    """
    return [stress_study(name, seed=seed, backend=backend, n=n) for name in cases]


def render_stress(reports: Sequence[StressReport], console: Any) -> None:
    """Print the study as two rich tables (dictionary audit, Lasso consequences).

    >>> import io
    >>> from rich.console import Console
    >>> buf = io.StringIO()
    >>> render_stress(run_stress(cases=["large_offset"], n=5), Console(file=buf, width=160))
    >>> "large_offset" in buf.getvalue()
    True
    """
    from rich.table import Table

    from .table import fmt_float

    t = Table(title="float dictionaries against exact (naive float pipeline: float cross products and features)",
              title_justify="left")
    for col in ("case", "n", "columns", "entries", "exact zeros", "sign errors", "flips +/−", "spurious ≠0",
                "wrong (·)+", "cols hit", "max |Δ|", "exact", "rounded export"):
        t.add_column(col)
    for r in reports:
        a = r.audit
        t.add_row(r.case.name, str(len(r.case.X)), str(a.columns), str(a.entries), str(a.exact_zero_entries),
                  f"[red]{a.sign_errors}[/red]" if a.sign_errors else "0", str(a.sign_flips), str(a.spurious_nonzero),
                  f"[red]{a.activation_errors}[/red]" if a.activation_errors else "0", str(a.columns_affected),
                  fmt_float(a.max_abs_error), f"{a.exact_sign_errors} errors", f"{a.export_activation_errors} errors")
    console.print(t)
    lt = Table(title="the Lasso on each float dictionary, measured exactly on the exact problem", title_justify="left")
    for col in ("case", "β", "P* (exact)", "float K", "believed P", "true P − P*", "rel.", "support", "Jaccard",
                "signs", "status"):
        lt.add_column(col)
    for r in reports:
        for name, e in r.lasso.items():
            lt.add_row(r.case.name, format_exact(r.beta) if len(format_exact(r.beta)) < 16 else f"{float(r.beta):.4g}",
                       f"{r.exact['value_float']:.8g}", name.replace("_", " "),
                       fmt_float(e.get("believed_value"), 8), fmt_float(e.get("true_gap")), fmt_float(e.get("true_rel_gap")),
                       f"{len(e.get('support', []))} vs {len(r.exact['support'])}", fmt_float(e.get("support_jaccard")),
                       fmt_float(e.get("sign_agreement")), e["status"])
    console.print(lt)
    console.print("sign errors: float sign (−, 0, +) ≠ exact sign of x·w + b; wrong (·)+: the ReLU is on in float and off "
                  "exactly, or the reverse. 'exact' recomputes every entry from the neurons' exact w and b.")
