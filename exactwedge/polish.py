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

from .exceptions import DimensionError, InvalidInputError
from .network import Network, Unit
from .numbers import as_matrix, from_float

__all__ = ["PolishResult", "polish", "polish_weight", "refit_output", "exact_data"]


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
    from .ga import cross

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
        from .lasso.solve import solve_lasso

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
        from .numbers import format_exact

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
        A :class:`~exactwedge.baselines.TrainedNetwork` or an exact network.
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
    >>> from exactwedge.baselines import train
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
    from .baselines.gd import TrainedNetwork

    if isinstance(trained, TrainedNetwork):
        if trained.depth != 2:
            raise InvalidInputError(f"polish handles two-layer networks; got L = {trained.depth}")
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
