r"""Polishing a trained network into a closed-form one (THEORY §5, paper Sec. 4.1).

For each hidden neuron :math:`(w, b)` of a trained two-layer network:

1. choose its samples: the training points with the smallest
   :math:`|x_i\cdot w + b|`, taken greedily while they stay independent —
   without bias r−1 points :math:`x_J` (r = d for full-rank data), with bias
   an anchor :math:`x_j` and d−1 further points, used shifted, :math:`x_k - x_j`;
   when the data do not supply enough independent points the set is completed
   by standard basis vectors :math:`e_k` (the augmented sets of THEORY §3);
2. replace the weight by the scaled cross product of these vectors, on the
   same side as w,

   .. math:: w \leftarrow s\,c\,\operatorname{cross}(x_{k_1}-x_j, \dots, x_{k_{d-1}}-x_j),
             \qquad b \leftarrow -w\cdot x_j,

   with :math:`s = \pm1` chosen so that the new pre-activations correlate
   positively with the old ones, and c > 0 rational (:math:`\lVert w\rVert_p`
   kept, exactly for p = 1);
3. refit the output layer exactly: ridge regression (normal equations, in
   rationals), least squares, or the exact ℓ1 Lasso
   :math:`\min\tfrac12\lVert H\alpha + t\mathbf1 - y\rVert^2 + \beta\sum_j\lVert w_j\rVert_1|\alpha_j|`
   (:func:`exactwedge.lasso.solve.solve_lasso`), which is the network's own
   objective after rescaling;
4. rescale (App. 6.12), so that :math:`P_{NN} = \tfrac12\lVert f(X)-y\rVert^2 + \beta\sum_j\lVert w_j\rVert_p|\alpha_j|`.

Every polished neuron records its samples, so the result is an exact
:class:`~exactwedge.network.Network` with provenance (LaTeX via :mod:`exactwedge.latex`).

>>> from fractions import Fraction as Q
>>> w, b, info = polish_weight([[0, 0], [1, 0], [0, 1], [1, 1]], [Q(1), Q(1)], Q(-3, 2))
>>> w, b, info["samples"]
((Fraction(1, 1), Fraction(1, 1)), Fraction(-1, 1), (1, 2))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

from ..exceptions import DimensionError, InvalidInputError
from ..network import Network, Unit
from ..numbers import as_matrix, from_float

__all__ = ["PolishResult", "DeepPolishResult", "polish", "polish_deep", "polish_weight", "refit_output", "exact_data"]


def exact_data(X: Any, *, max_denominator: int | None = None) -> list[list[Fraction]]:
    """Data as exact rationals: floats go through :func:`exactwedge.from_float` explicitly.

    >>> exact_data([[0.5, 1], ["1/3", 2]])
    [[Fraction(1, 2), Fraction(1, 1)], [Fraction(1, 3), Fraction(2, 1)]]
    """
    import numpy as np

    if isinstance(X, np.ndarray):
        X = X.tolist()
    rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in X]
    out = []
    for r in rows:
        out.append([from_float(c, max_denominator) if isinstance(c, float) else c for c in r])
    return [list(r) for r in as_matrix(out, what="X")]


def _dot(a: Sequence[Fraction], b: Sequence[Fraction]) -> Fraction:
    return sum((p * q for p, q in zip(a, b)), Fraction(0))


class _Echelon:
    """Incremental exact rank test (Gaussian elimination on Fractions)."""

    def __init__(self) -> None:
        self.rows: list[tuple[int, list[Fraction]]] = []

    def add(self, v: Sequence[Fraction]) -> bool:
        v = list(v)
        for piv, r in self.rows:
            if v[piv]:
                f = v[piv] / r[piv]
                v = [a - f * c for a, c in zip(v, r)]
        for i, c in enumerate(v):
            if c:
                self.rows.append((i, v))
                return True
        return False


def polish_weight(X: Any, w: Sequence[Any], b: Any = None, *, norm: int = 1, span: str = "contain") -> tuple[tuple, Fraction, dict]:
    r"""One neuron's polished weight: the scaled cross product of its closest samples.

    Parameters
    ----------
    X : (n, d) exact data
    w : the trained weight (exact; floats through :func:`exactwedge.from_float` first)
    b : the trained bias, or None for a neuron without bias
    norm : {1, 2}
        The new weight keeps :math:`\lVert w\rVert_1` exactly (p = 1), or
        :math:`\lVert w\rVert_2` up to a rational approximation (p = 2).
    span : {"contain", "cut"}
        Only matters when the data (shifted by the anchor, with a bias) have
        rank r < d. ``"contain"`` (default) takes up to d−1 independent data
        vectors, hence all r: the hyperplane then contains every sample and
        the neuron is zero on the whole data set. ``"cut"`` takes r−1 and
        completes them by basis vectors e_k that complement the data span, so
        the hyperplane meets the data's span exactly in the span of the chosen
        samples (for images with pixels that are always 0, e.g. digits).

    Returns
    -------
    (w_new, b_new, info)
        ``info["samples"]`` are the sample indices (the anchor first with a
        bias), ``info["basis"]`` the basis vectors e_k used to complete the
        set (1-based), ``info["side"]`` the sign s.

    Notes
    -----
    Everything is exact and fast in high dimension (d = 64 in milliseconds):
    each chosen vector is scaled to integers by its own common denominator,
    independence is tested by incremental fraction-free elimination on Python
    integers (stopping once the exact rank of the data is reached), and the
    cross product is the integer null vector of the (d−1) × d matrix
    (``flint.fmpz_mat.nullspace``), scaled exactly by
    :math:`\det[n; v_1; \dots; v_{d-1}] / (n\cdot n)` so that it *equals*
    :func:`exactwedge.cross` (which satisfies
    :math:`x\cdot\operatorname{cross}(V) = \det[x; V]`). The result is
    identical to the minor-by-minor computation.

    Examples
    --------
    >>> from fractions import Fraction as Q
    >>> polish_weight([[1, 0], [2, 3], [1, 1]], [Q(1), Q(-1)])
    ((Fraction(1, 1), Fraction(-1, 1)), Fraction(0, 1), {'samples': (2,), 'basis': (), 'side': 1})

    Data on the line x₂ = 0 (rank 1 < d = 2): by default the hyperplane is that
    line, and the neuron vanishes on all the data; ``span="cut"`` gives the
    hyperplane through no sample and normal to the data's span instead:

    >>> polish_weight([[1, 0], [3, 0]], [Q(1), Q(1)])[0]
    (Fraction(0, 1), Fraction(2, 1))
    >>> polish_weight([[1, 0], [3, 0]], [Q(1), Q(1)], span="cut")[0]
    (Fraction(2, 1), Fraction(0, 1))
    """
    return _polish_weight(X, w, b, norm=norm, span=span, fast=True)


_PRIME = 134217689  # 2^27 − 39: 64 products of residues stay below 2^63


class _IntEchelon:
    """Incremental exact independence test for integer vectors.

    A vector independent of the accepted ones modulo a prime is independent
    over Q (reduction mod p cannot raise the rank). A vector dependent modulo
    p is decided exactly: it lies in the rational span of the accepted
    vectors iff it is orthogonal to their integer null space
    (``flint.fmpz_mat.nullspace``, recomputed only after an acceptance). The
    mod-p part keeps a reduced row echelon form in numpy int64; after a vector
    is accepted although dependent mod p, every later test is exact.
    """

    def __init__(self, d: int) -> None:
        import numpy as np

        self.d = d
        self.R = np.zeros((0, d), dtype=np.int64)  # reduced rows mod p, pivot entries 1
        self.piv: list[int] = []
        self.accepted: list[list[int]] = []
        self.exact_only = False
        self._null: Any = None  # (N, nullity) of the accepted vectors, or None when stale

    def _in_span(self, v: list[int]) -> bool:
        import flint

        if not self.accepted:
            return not any(v)
        if self._null is None:
            A = flint.fmpz_mat(len(self.accepted), self.d, [c for r in self.accepted for c in r])
            self._null = A.nullspace()
        N, nullity = self._null
        prod = flint.fmpz_mat(1, self.d, v) * N
        return all(prod[0, j] == 0 for j in range(nullity))

    def add(self, v: Sequence[int]) -> bool:
        import numpy as np

        v = list(v)
        if not self.exact_only:
            r = np.array([c % _PRIME for c in v], dtype=np.int64)
            if self.piv:
                r = (r - (r[self.piv][:, None] * self.R).sum(axis=0) % _PRIME) % _PRIME
            nz = np.flatnonzero(r)
            if len(nz):  # independent mod p, hence over Q
                k = int(nz[0])
                r = (r * pow(int(r[k]), -1, _PRIME)) % _PRIME
                if self.piv:
                    self.R = (self.R - (self.R[:, k:k + 1] * r[None, :]) % _PRIME) % _PRIME
                self.R = np.vstack([self.R, r[None, :]])
                self.piv.append(k)
                self.accepted.append(v)
                self._null = None
                return True
        if self._in_span(v):
            return False
        self.accepted.append(v)
        self._null = None
        self.exact_only = True
        return True


def _polish_weight(X: Any, w: Sequence[Any], b: Any = None, *, norm: int = 1, span: str = "contain", fast: bool = True) -> tuple[tuple, Fraction, dict]:
    """The implementation of :func:`polish_weight`; ``fast=False`` is the minor-by-minor reference."""
    rows = exact_data(X)
    n, d = len(rows), len(rows[0])
    wv = [from_float(c) if isinstance(c, float) else Fraction(c) for c in w]
    if len(wv) != d:
        raise DimensionError(f"w must have {d} entries, got {len(wv)}")
    has_bias = b is not None
    bv = (from_float(b) if isinstance(b, float) else Fraction(b)) if has_bias else Fraction(0)
    if norm not in (1, 2):
        raise InvalidInputError(f"norm must be 1 or 2, got {norm!r}")
    if span not in ("contain", "cut"):
        raise InvalidInputError(f"span must be 'contain' or 'cut', got {span!r}")
    if fast:
        return _polish_fast(rows, wv, bv, has_bias, norm, span)
    if span != "contain":
        raise InvalidInputError("the reference implementation has span='contain' only")
    pre = [_dot(x, wv) + bv for x in rows]
    order = sorted(range(n), key=lambda i: (abs(pre[i]), i))
    ech = _Echelon()
    vecs: list[list[Fraction]] = []
    samples: list[int] = []
    anchor = None
    if has_bias:
        anchor = order[0]
        samples.append(anchor)
        cand = order[1:]
    else:
        cand = order
    for i in cand:
        if len(vecs) == d - 1:
            break
        v = [a - c for a, c in zip(rows[i], rows[anchor])] if has_bias else list(rows[i])
        if ech.add(v):
            vecs.append(v)
            samples.append(i)
    basis = []
    for k in range(d):
        if len(vecs) == d - 1:
            break
        e = [Fraction(int(i == k)) for i in range(d)]
        if ech.add(e):
            vecs.append(e)
            basis.append(k + 1)
    from ..ga import cross

    c = list(cross(*vecs, dim=d).coefficients) if d > 1 else [Fraction(1)]
    c = [Fraction(v) for v in c]
    cb = -_dot(c, rows[anchor]) if has_bias else Fraction(0)
    corr = sum((p * (_dot(x, c) + cb) for p, x in zip(pre, rows)), Fraction(0))
    side = 1 if corr > 0 or (corr == 0 and _dot(c, wv) >= 0) else -1
    return _finish(wv, c, cb, side, norm, samples, basis)


def _finish(wv: list[Fraction], c: list[Fraction], cb: Fraction, side: int, norm: int,
            samples: list[int], basis: list[int]) -> tuple[tuple, Fraction, dict]:
    """Scale the cross product c (bias cb) to the side and norm of the trained weight."""
    if norm == 1:
        scale = sum((abs(v) for v in wv), Fraction(0)) / sum((abs(v) for v in c), Fraction(0))
    else:
        import math

        scale = Fraction(math.sqrt(float(_dot(wv, wv)) / float(_dot(c, c)))).limit_denominator(10 ** 6)
    if scale == 0:
        scale = Fraction(1)
    s = side * scale
    return tuple(s * v for v in c), s * cb, {"samples": tuple(samples), "basis": tuple(basis), "side": side}


def _lcm_den(values: Any) -> int:
    import math

    L = 1
    for c in values:
        L = L * c.denominator // math.gcd(L, c.denominator)
    return L


def _sgn(v: int) -> int:
    return (v > 0) - (v < 0)


def _polish_fast(rows: list[list[Fraction]], wv: list[Fraction], bv: Fraction, has_bias: bool,
                 norm: int, span: str = "contain") -> tuple[tuple, Fraction, dict]:
    """The same computation as the reference, on integers scaled by positive constants."""
    import flint

    n, d = len(rows), len(rows[0])
    D = _lcm_den(c for r in rows for c in r)
    Xi = [[int(c * D) for c in r] for r in rows]  # D·x_i
    Lw = _lcm_den(wv + [bv])
    wi = [int(c * Lw) for c in wv]
    bi = int(bv * Lw * D)
    pre = [sum(p * q for p, q in zip(x, wi)) + bi for x in Xi]  # D·Lw·(x·w + b): same order
    order = sorted(range(n), key=lambda i: (abs(pre[i]), i))
    samples: list[int] = []
    anchor = None
    if has_bias:
        anchor = order[0]
        samples.append(anchor)
        cand = order[1:]
        xa = Xi[anchor]
        shifted = {i: [p - q for p, q in zip(Xi[i], xa)] for i in cand}
    else:
        cand = order
        shifted = {i: Xi[i] for i in cand}
    # the data supply at most rank(shifted) independent vectors: stop scanning there (exact)
    rank = flint.fmpz_mat(len(cand), d, [c for i in cand for c in shifted[i]]).rank() if cand else 0
    limit = min(d - 1, rank)
    # span="cut" on rank-deficient data: r−1 data directions, plus the r-th in the echelon only,
    # so that the basis vectors complete the data span and the hyperplane cannot contain all the data
    cut = span == "cut" and 0 < rank < d
    ech = _IntEchelon(d)
    ivecs: list[list[int]] = []
    for i in cand:
        if len(ech.accepted) == (rank if cut else limit):
            break
        if ech.add(shifted[i]):
            if cut and len(ech.accepted) == rank:
                break
            ivecs.append(shifted[i])
            samples.append(i)
    m = len(ivecs)  # data vectors, each scaled by D
    basis = []
    for k in range(d):
        if len(ivecs) == d - 1:
            break
        e = [int(i == k) for i in range(d)]
        if ech.add(e):
            ivecs.append(e)
            basis.append(k + 1)
    if d == 1:
        nv, lam = [1], Fraction(1)
    else:  # cross is multilinear: cross(V) = cross(D v_1, ..., D v_m, e...) / D^m
        nv, lam = _null_vector(ivecs, d)
        lam /= D ** m
    c = [lam * v for v in nv]
    # side: sign of Σ pre_i (x_i·c + cb), with c = λ n, everything scaled by positive constants
    xa = Xi[anchor] if has_bias else [0] * d
    na = sum(p * q for p, q in zip(xa, nv))
    corr = _sgn(lam.numerator) * _sgn(sum(p * (sum(a * q for a, q in zip(x, nv)) - na) for p, x in zip(pre, Xi)))
    tie = _sgn(lam.numerator) * _sgn(sum(p * q for p, q in zip(nv, wi)))
    side = 1 if corr > 0 or (corr == 0 and tie >= 0) else -1
    cb = -_dot(c, rows[anchor]) if has_bias else Fraction(0)
    return _finish(wv, c, cb, side, norm, samples, basis)


def _null_vector(vecs: list[list[int]], d: int) -> tuple[list[int], Fraction]:
    """``(n, λ)`` with ``λ n = exactwedge.cross(*vecs)`` for d−1 independent integer vectors."""
    import flint

    A = flint.fmpz_mat(d - 1, d, [c for r in vecs for c in r])
    N, nullity = A.nullspace()
    if nullity != 1:  # pragma: no cover - the vectors are independent by construction
        raise InvalidInputError(f"expected a one-dimensional null space, got {nullity}")
    nv = [int(N[k, 0]) for k in range(d)]
    # cross(V) = λ n and n·cross(V) = det[n; V], so λ = det[n; V] / (n·n)
    det = int(flint.fmpz_mat(d, d, nv + [c for r in vecs for c in r]).det())
    return nv, Fraction(det, sum(c * c for c in nv))


def _solve_exact(M: list[list[Fraction]], r: list[Fraction]) -> list[Fraction]:
    import flint

    A = flint.fmpq_mat(len(M), len(M), [flint.fmpq(v.numerator, v.denominator) for row in M for v in row])
    B = flint.fmpq_mat(len(M), 1, [flint.fmpq(v.numerator, v.denominator) for v in r])
    S = A.solve(B)
    return [Fraction(int(S[i, 0].p), int(S[i, 0].q)) for i in range(len(M))]


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
    alpha = _solve_exact(M, r) if m else []
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
    H = [[max(_dot(x, u.w) + u.b, Fraction(0)) if act == "relu" else abs(_dot(x, u.w) + u.b) for u in units] for x in rows]
    alpha, t, cert = refit_output(H, yv, bt, method=refit, intercept=has_bias)
    kept = [Unit(u.w, u.b, a, u.label, u.provenance) for u, a in zip(units, alpha) if a != 0]
    net = Network(kept, t, act, p)
    pred = net.predict(rows)
    loss = sum(((a - b) ** 2 for a, b in zip(pred, yv)), Fraction(0)) / 2
    after = loss + net.regularization(bt, form="path")
    return PolishResult(net, net.rescaled(), float(before), before_rescaled, after, info, refit, cert)


def _exact_sqrt(q: Fraction) -> Any:
    """√q exactly: a Fraction when q is a rational square, else a sympy surd."""
    import math

    q = Fraction(q)
    a, b = math.isqrt(q.numerator), math.isqrt(q.denominator)
    if a * a == q.numerator and b * b == q.denominator:
        return Fraction(a, b)
    import sympy

    return sympy.sqrt(sympy.Rational(q.numerator, q.denominator))


def _norm_sq(v: Sequence[Fraction], p: int) -> Fraction:
    """:math:`\\lVert v\\rVert_p^2`, rational for p = 1 and p = 2."""
    if p == 1:
        s = sum((abs(c) for c in v), Fraction(0))
        return s * s
    return sum((c * c for c in v), Fraction(0))


def _as_exact_number(v: Any) -> Any:
    """A Fraction when v is rational (Fraction, int, sympy Rational), else v unchanged."""
    if isinstance(v, Fraction):
        return v
    if isinstance(v, int):
        return Fraction(v)
    import sympy

    v = sympy.sympify(v)
    if v.is_Rational:
        return Fraction(int(v.p), int(v.q))
    return v


def _deep_regularizer(Ws: list, p: int, form: str) -> Any:
    """R(weights) of :func:`exactwedge.trained.gd.network_objective`, exactly (sympy surds for ℓ2 path terms)."""
    L = len(Ws)
    def cols(W: list, j: int) -> list:
        return [r[j] for r in W]

    total: Any = Fraction(0)
    if form == "decay":
        for i, W in enumerate(Ws):
            if i % 2 == 0:  # odd layer (1-based): columns
                total += sum((_norm_sq(cols(W, j), p) for j in range(len(W[0]))), Fraction(0)) / 2
            else:
                total += sum((_norm_sq(r, p) for r in W), Fraction(0)) / 2
        return total
    return _path_blocks(Ws, p) + (Fraction(0) if L % 2 == 0 else _norm_sq([r[0] for r in Ws[-1]], p) / 2)


def _path_blocks(Ws: list, p: int) -> Any:
    r""":math:`\sum_k\sum_j\lVert W_{2k-1}[:,j]\rVert_p\lVert W_{2k}[j,:]\rVert_p` over the complete blocks."""
    total: Any = Fraction(0)
    for i in range(0, len(Ws) - 1, 2):
        W1, W2 = Ws[i], Ws[i + 1]
        for j in range(len(W1[0])):
            total += _exact_sqrt(_norm_sq([r[j] for r in W1], p) * _norm_sq(W2[j], p))
    return total


def _forward(rows: list, Ws: list, bs: list, act: str) -> list:
    """Exact hidden activations ``[A_0, …, A_{L-1}]`` (Fractions)."""
    out = [rows]
    A = rows
    for W, b in zip(Ws[:-1], bs):
        Z = [[_dot(x, [r[j] for r in W]) + b[j] for j in range(len(b))] for x in A]
        A = [[max(z, Fraction(0)) if act == "relu" else abs(z) for z in zr] for zr in Z]
        out.append(A)
    return out


@dataclass
class DeepPolishResult:
    r"""A polished deep network (exact rational weights) and its objective before and after.

    Attributes
    ----------
    weights : list of list of list of Fraction
        ``W_1`` (d × h_1), …, ``W_L`` (h_{L-1} × 1), as in
        :class:`~exactwedge.trained.TrainedNetwork` (rows index the inputs).
    biases : list of list of Fraction
        ``b_1..b_{L-1}`` (zeros without bias).
    intercept : Fraction
    activation, norm, regularizer : the trained network's options
    beta : Fraction
    activations : list
        The exact training-set activations ``[A_0 = X, A_1, …, A_{L-1}]`` of the polished network.
    layers : list of list of dict
        Per hidden layer, per neuron: ``samples`` (training-sample indices,
        0-based, the anchor first with a bias) whose layer input the
        hyperplane passes through by construction, ``anchor``, ``basis``
        (1-based basis vectors completing the set), ``side``, and
        ``zero_set``: every training sample whose pre-activation is exactly 0.
    scales : list of list
        Per two-layer block (W_{2k-1}, W_{2k}), the exact App. 6.12 factors
        :math:`\gamma_j` (Fraction or sympy surd): column j of W_{2k-1} and
        b_{2k-1}[j] times γ_j, row j of W_{2k} divided by γ_j, which equalizes
        the two norms and leaves the function unchanged; γ_j = 0 for a neuron
        with a zero outgoing row (removed), γ_j = 1 for a zero weight column.
    objective_before : float
        The trained network's objective (its own regularizer form), float64.
    objective_before_rescaled : float
        The same after the block rescaling (path form of the blocks, plus
        ½‖W_L‖² for odd L), float64.
    objective_after, objective_after_rescaled :
        The same two quantities of the polished network (the second is the
        weight-decay objective of its block-rescaled version), exact: a
        Fraction, or a sympy expression when ℓ2 path terms are surds (p = 2).
    refit : str
    certificate :
        Of the output refit (Lasso certificate, or the normal-equation residual).
    """

    weights: list
    biases: list
    intercept: Fraction
    activation: str
    norm: int
    regularizer: str
    beta: Fraction
    activations: list
    layers: list
    scales: list
    objective_before: float
    objective_before_rescaled: float
    objective_after: Any
    objective_after_rescaled: Any
    refit: str = "ridge"
    certificate: Any = None

    @property
    def depth(self) -> int:
        """The number L of layers."""
        return len(self.weights)

    def predict(self, X: Any) -> list[Fraction]:
        """Exact outputs ``f(X)`` by a forward pass in rationals.

        >>> r = DeepPolishResult([[[Fraction(1)]], [[Fraction(2)]]], [[Fraction(-1)]], Fraction(1), "relu", 1, "decay",
        ...                      Fraction(0), [], [], [], 0.0, 0.0, 0, 0)
        >>> r.predict([[3], [0]])
        [Fraction(5, 1), Fraction(1, 1)]
        """
        A = _forward(exact_data(X), self.weights, self.biases, self.activation)[-1]
        WL = [r[0] for r in self.weights[-1]]
        return [_dot(a, WL) + self.intercept for a in A]

    def rescaled_weights(self) -> tuple[list, list]:
        """``(weights, biases)`` after the App. 6.12 block rescaling (exact, possibly sympy surds)."""
        Ws = [[list(r) for r in W] for W in self.weights]
        bs = [list(b) for b in self.biases]
        for k, g in enumerate(self.scales):
            W1, W2 = Ws[2 * k], Ws[2 * k + 1]
            for j, gj in enumerate(g):
                for r in W1:
                    r[j] = r[j] * gj
                bs[2 * k][j] = bs[2 * k][j] * gj
                W2[j] = [c / gj if gj else c for c in W2[j]]  # γ = 0 only for a zero row
        return Ws, bs


def polish_deep(trained: Any, X: Any, y: Any, beta: Any = None, *, refit: str | None = None,
                max_denominator: int | None = None) -> DeepPolishResult:
    r"""Polish a trained deep network layer by layer, refit the output layer exactly, rescale per block.

    For ℓ = 1, …, L−1, every neuron :math:`(w, b)` of layer ℓ (trained float
    weights, taken exactly by :func:`exactwedge.from_float`) is replaced by
    :func:`polish_weight` on that layer's *input*: the exact activations
    :math:`A_{\ell-1}` of the already polished layers on the training set
    (:math:`A_0` is the data, converted by :func:`exact_data`). The new
    hyperplane passes exactly through the chosen rows of :math:`A_{\ell-1}`
    (so the neuron's provenance is a set of training-sample indices), keeps
    the neuron's side (its new pre-activations correlate non-negatively with
    the trained weight's on the same input) and, for p = 1, its ℓ1 norm. Then
    :math:`A_\ell` is recomputed exactly. The output layer is refit exactly
    on :math:`A_{L-1}` with :func:`refit_output`.

    Rescaling (App. 6.12) is applied per two-layer block
    :math:`(W_{2k-1}, W_{2k})`: neuron j of layer 2k−1 gets
    :math:`\gamma_j = (\lVert W_{2k}[j,:]\rVert_p/\lVert W_{2k-1}[:,j]\rVert_p)^{1/2}`
    on its weights and bias and :math:`1/\gamma_j` on its outgoing row, which
    leaves the function unchanged (σ is positively homogeneous) and turns the
    block's weight decay into its path cost
    :math:`\sum_j\lVert W_{2k-1}[:,j]\rVert_p\lVert W_{2k}[j,:]\rVert_p`.
    For odd L the output layer has no partner and keeps
    :math:`\tfrac12\lVert W_L\rVert_p^2`.

    Parameters
    ----------
    trained : TrainedNetwork
        From :func:`exactwedge.trained.train` (any depth L ≥ 2).
    X, y : the training data (floats through :func:`exactwedge.from_float`)
    beta : exact number, optional
        Default: the trained β (its exact binary value).
    refit : {"lasso", "ridge", "lstsq"}, optional
        Default "lasso" for p = 1 and even L: the last hidden layer's neurons
        are then scaled to unit ℓ1 norm, so that the Lasso is the exact
        optimum of the last block's path objective given the hidden layers.
        Otherwise "ridge", :math:`\tfrac12\lVert r\rVert^2 + \frac\beta2\lVert W_L\rVert_2^2`,
        which is the network's own last-layer weight decay for even L (any p)
        and for odd L with p = 2.
    max_denominator : int, optional
        Passed to :func:`exactwedge.from_float` for float data.

    Returns
    -------
    DeepPolishResult

    Examples
    --------
    >>> from exactwedge.trained import train
    >>> X, y = [[0, 0], [2, 0], [0, 2], [1, 1], [2, 2]], [0, 1, 1, 0, 3]
    >>> run = train(X, y, 0.1, widths=(3, 2, 2), norm=1, epochs=200, seed=0)
    >>> res = polish_deep(run, X, y, "1/10")
    >>> res.refit, [[n["samples"] for n in layer] for layer in res.layers]
    ('lasso', [[(4, 1), (0, 2), (2, 0)], [(1, 3), (0, 3)], [(0,), (0,)]])
    >>> after = res.objective_after_rescaled
    >>> type(after).__name__, round(float(after), 4), round(res.objective_before_rescaled, 4)
    ('Fraction', 3.0, 3.0001)
    >>> res.certificate.holds  # the Lasso refit is the exact optimum given the polished hidden layers
    True

    Every neuron's hyperplane passes exactly through its samples' layer input:

    >>> A1 = res.activations[1]
    >>> all(sum(a * r[j] for a, r in zip(A1[i], res.weights[1])) + res.biases[1][j] == 0
    ...     for j, n in enumerate(res.layers[1]) for i in n["samples"])
    True
    >>> res.predict(X) == [sum(a * w[0] for a, w in zip(h, res.weights[-1])) + res.intercept for h in res.activations[-1]]
    True
    """
    from .gd import TrainedNetwork

    if not isinstance(trained, TrainedNetwork):
        raise InvalidInputError(f"polish_deep needs a TrainedNetwork, got {type(trained).__name__}")
    L = trained.depth
    p, act, form, has_bias = trained.norm, trained.activation, trained.regularizer, trained.bias
    bt = Fraction(beta) if beta is not None else from_float(trained.beta)
    if refit is None:
        refit = "lasso" if p == 1 and L % 2 == 0 else "ridge"
    if refit not in ("lasso", "ridge", "lstsq"):
        raise InvalidInputError(f"refit must be 'lasso', 'ridge' or 'lstsq', got {refit!r}")
    if refit == "lasso" and p != 1:
        raise InvalidInputError("the exact Lasso refit needs the ℓ1 regularizer (norm=1)")
    rows = exact_data(X, max_denominator=max_denominator)
    yv = [from_float(v, max_denominator) if isinstance(v, float) else Fraction(v) for v in y]
    if len(yv) != len(rows):
        raise DimensionError(f"y must have {len(rows)} entries (one per sample), got {len(yv)}")
    import numpy as np

    # before: float64, the trained network's own objective and its block-rescaled form
    before = trained.objective(X, y)
    Wf = trained.weights
    reg_r = sum(float((np.abs(Wf[i]).sum(axis=0) if p == 1 else np.sqrt((Wf[i] ** 2).sum(axis=0)))
                      @ (np.abs(Wf[i + 1]).sum(axis=1) if p == 1 else np.sqrt((Wf[i + 1] ** 2).sum(axis=1))))
                for i in range(0, L - 1, 2))
    if L % 2:
        reg_r += 0.5 * float((np.abs(Wf[-1]).sum() if p == 1 else np.sqrt((Wf[-1] ** 2).sum())) ** 2)
    resid = trained.predict(X) - np.asarray([float(v) for v in y])
    before_rescaled = 0.5 * float(resid @ resid) + float(trained.beta) * reg_r

    A = rows
    acts = [rows]
    Ws: list = []
    bs: list = []
    layers: list = []
    for ell in range(L - 1):
        W0 = from_float(trained.weights[ell])
        b0 = from_float(trained.biases[ell]) if has_bias else [Fraction(0)] * len(W0[0])
        cols, bias, info = [], [], []
        for j in range(len(W0[0])):
            w, b, meta = polish_weight(A, [r[j] for r in W0], b0[j] if has_bias else None, norm=p)
            if refit == "lasso" and ell == L - 2 and L % 2 == 0:  # unit ℓ1: the Lasso weight is the path cost
                s = sum((abs(c) for c in w), Fraction(0))
                if s:
                    w, b = tuple(c / s for c in w), b / s
            cols.append(list(w))
            bias.append(b)
            zero = tuple(i for i, x in enumerate(A) if _dot(x, w) + b == 0)
            info.append({"layer": ell + 1, "index": j, "samples": meta["samples"],
                         "anchor": meta["samples"][0] if has_bias else None, "basis": meta["basis"],
                         "side": meta["side"], "zero_set": zero})
        W = [[cols[j][i] for j in range(len(cols))] for i in range(len(A[0]))]
        Ws.append(W)
        bs.append(bias)
        layers.append(info)
        A = [[max(_dot(x, c) + bb, Fraction(0)) if act == "relu" else abs(_dot(x, c) + bb) for c, bb in zip(cols, bias)] for x in A]
        acts.append(A)
    alpha, t, cert = refit_output(A, yv, bt, method=refit, intercept=has_bias)
    Ws.append([[a] for a in alpha])
    pred = [_dot(h, alpha) + t for h in A]
    loss = sum(((a - b) ** 2 for a, b in zip(pred, yv)), Fraction(0)) / 2
    after = _as_exact_number(loss + bt * _deep_regularizer(Ws, p, form))
    # App. 6.12 per block: γ_j equalizes the two norms (decay term = path term √(n1·n2)); a neuron with
    # a zero outgoing row gets γ = 0 (it is removed, cost 0); one with a zero weight column but a nonzero
    # row (a constant σ(b) with a bias) has no minimizing γ and keeps γ = 1 and its decay ½‖row‖²
    scales, reg_after_r = [], Fraction(0)
    for i in range(0, L - 1, 2):
        g = []
        for j in range(len(Ws[i][0])):
            n1, n2 = _norm_sq([r[j] for r in Ws[i]], p), _norm_sq(Ws[i + 1][j], p)
            if n2 == 0:
                g.append(Fraction(0) if n1 else Fraction(1))
            elif n1 == 0:
                g.append(Fraction(1))
                reg_after_r += n2 / 2
            else:
                g.append(_gamma(n1, n2))
                reg_after_r += _exact_sqrt(n1 * n2)
        scales.append(g)
    if L % 2:
        reg_after_r += _norm_sq(alpha, p) / 2
    after_r = _as_exact_number(loss + bt * reg_after_r)
    return DeepPolishResult(Ws, bs, t, act, p, form, bt, acts, layers, scales, float(before), before_rescaled,
                            after, after_r, refit, cert)


def _gamma(n1: Fraction, n2: Fraction) -> Any:
    r""":math:`\gamma = (\lVert a\rVert/\lVert b\rVert)^{1/2} = (n_2/n_1)^{1/4}` from the squared norms, exactly."""
    q = n2 / n1
    r = _exact_sqrt(q)
    if isinstance(r, Fraction):
        return _exact_sqrt(r)
    import sympy

    return sympy.root(sympy.Rational(q.numerator, q.denominator), 4)
