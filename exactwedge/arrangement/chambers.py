r"""Chambers of the arrangement of the data hyperplanes, and their geometry (THEORY §6).

The rows :math:`x_1..x_n` of X cut :math:`\mathbb R^d` by the hyperplanes
:math:`x_i^\top v = 0`. A *chamber* is a full-dimensional cell: a sign vector
:math:`\sigma\in\{\pm1\}^n` with :math:`\{v : \sigma_i x_i^\top v > 0\}` nonempty.
When rank X = d (the arrangement is essential) the closure
:math:`K_\sigma = \{v : \sigma_i x_i^\top v \ge 0\}` is a pointed cone, generated
by its extreme rays, and by Weyl's facet lemma (Lemma 19) these are the
vectors :math:`\pm\operatorname{cross}(x_J)` (J: d−1 independent rows) that lie in
:math:`K_\sigma`.

* :func:`chambers` enumerates the chambers and their extreme rays exactly
  (integer arithmetic).
* :func:`max_chamber_diameter` is the maximum chamber diameter D of Def. 3,
  :math:`D = \max\{\lVert u - v\rVert_2 : \lVert u\rVert = \lVert v\rVert = 1,\ \operatorname{sign}(Xu) = \operatorname{sign}(Xv)\}`,
  computed between the unit extreme rays of one chamber, exactly (a surd).
* :func:`chamber_radius` is r of THEORY §6: the minimum over chambers of the
  distance from the origin to the convex hull of the chamber's unit extreme
  rays (float64).
* :func:`angular_dispersion` (d = 2) is the largest angular gap between
  consecutive lines :math:`\operatorname{span}(x_i)`: our reading of Def. 2.
* :func:`l1_isometry_range` is the range of :math:`\lVert Xw\rVert_1` over unit w,
  which decides the isometry condition (44) of Lemma 11.

**When the ray pairs give D.** Fix a chamber and suppose every two of its unit
rays have :math:`u_a^\top u_b \ge 0` (ray-pair distance ≤ √2). Then
:math:`u^\top v \ge 0` on the whole chamber, :math:`v \mapsto u^\top v/\lVert v\rVert`
is quasi-concave there, and its minimum over the chamber is attained at an
extreme ray; so the diameter is the largest ray-pair distance. Without that
condition (wide chambers, few points, d ≥ 3) the largest distance can be
attained inside a face: the ray-pair value is then only a lower bound, and
it is already above √2, where the D-form bound of THEORY §6 is vacuous. The
result says which case holds (``attained_at_rays``). In d = 2 (arcs) the
ray pairs always give D.

>>> cs = chambers([[1, 0], [0, 1]])
>>> [(c.signs, c.rays) for c in cs][:2]
[((-1, -1), ((-1, 0), (0, -1))), ((-1, 1), ((-1, 0), (0, 1)))]
>>> max_chamber_diameter([[1, 0], [0, 1]]).squared
2
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..exceptions import DimensionError, InvalidInputError, TooLargeError
from ..ga.batch import INT64_LIMIT, cross_products
from ..numbers import as_matrix, integer_rows

__all__ = [
    "Chamber",
    "ChamberDiameter",
    "ChamberRadius",
    "AngularDispersion",
    "chambers",
    "chamber_rays",
    "max_chamber_diameter",
    "chamber_radius",
    "angular_dispersion",
    "l1_isometry_range",
]

#: Refuse to complete a ray whose zero set has more rows than this (2^k sign completions).
MAX_ZERO_ROWS = 16


@dataclass(frozen=True)
class Chamber:
    """One chamber: its sign vector and the primitive integer generators of its extreme rays.

    Attributes
    ----------
    signs : tuple of int
        ``sign(x_i·v)`` inside the chamber: ±1 per row (0 for a zero row).
    rays : tuple of tuple of int
        Primitive integer vectors, one per extreme ray of the closure, sorted.
    """

    signs: tuple
    rays: tuple


def _rows(X: Any) -> tuple[list[list[int]], int]:
    rows = as_matrix(X, what="X")
    if not rows or not rows[0]:
        raise DimensionError("X must have at least 1 row and 1 column")
    if any(not isinstance(c, Fraction) for r in rows for c in r):
        raise InvalidInputError("X must be rational")
    ints, _ = integer_rows(rows)
    return ints, len(rows[0])


def _primitive(v: list[int]) -> tuple[int, ...]:
    g = 0
    for c in v:
        g = math.gcd(g, int(c))
    return tuple(int(c) // g for c in v) if g > 1 else tuple(int(c) for c in v)


def _rank(ints: list[list[int]]) -> int:
    import flint

    if not ints:
        return 0
    return int(flint.fmpz_mat(ints).rank())


def _matrix(ints: list[list[int]]) -> np.ndarray:
    M = max((abs(c) for r in ints for c in r), default=0)
    return np.array(ints, dtype=np.int64 if M <= INT64_LIMIT else object).reshape(len(ints), -1)


def _signs(R: np.ndarray, P: np.ndarray) -> np.ndarray:
    """Exact ``sign(R @ P.T)`` for integer matrices."""
    MR = int(np.abs(R.astype(object)).max()) if R.size else 0
    MP = int(np.abs(P.astype(object)).max()) if P.size else 0
    if R.dtype != object and P.dtype != object and MR * MP * max(P.shape[1], 1) <= INT64_LIMIT:
        A = R @ P.T
    else:
        A = R.astype(object) @ P.astype(object).T
    return ((A > 0).astype(np.int8) - (A < 0).astype(np.int8)).astype(np.int8)


def _candidate_rays(P: np.ndarray, d: int) -> np.ndarray:
    """All ±cross of d−1 rows, nonzero, primitive, without duplicates."""
    if d == 1:
        return np.array([[1], [-1]], dtype=np.int64)
    if P.shape[0] < d - 1:
        return np.zeros((0, d), dtype=np.int64)
    tab = cross_products(P, max_subsets=None)
    C = tab.numerators[tab.nonzero()]
    if not len(C):
        return np.zeros((0, d), dtype=np.int64)
    seen = {}
    for c in C.tolist():
        p = _primitive(c)
        lead = next(x for x in p if x != 0)
        if lead < 0:
            p = tuple(-x for x in p)
        seen[p] = None
    base = list(seen)
    allr = base + [tuple(-x for x in p) for p in base]
    return _matrix([list(r) for r in allr])


def chamber_rays(X: Any, signs: Any) -> list[tuple[int, ...]]:
    r"""Extreme rays of the cone :math:`\{v : \sigma_i x_i^\top v \ge 0\}` (Weyl, Lemma 19).

    By Lemma 19 a nonzero v of the cone spans an extreme ray (Def. 6: v is
    not a sum of two independent vectors of the cone) exactly when d−1
    linearly independent rows vanish on it, that is, v is
    :math:`\pm\operatorname{cross}(x_J)` for d−1 independent rows J. These are
    returned, as primitive integer vectors. A sign 0 makes row i an
    equation :math:`x_i^\top v = 0`.

    When rank X = d the cone is pointed and is generated by these rays. When
    rank X = d − 1 the cone contains a line, and its two directions are the
    extreme rays in the sense of Def. 6 (the cone is then not generated by
    them); below d − 1 there are none.

    Parameters
    ----------
    X : (n, d) rational array-like
    signs : sequence of n values in {−1, 0, +1}

    Returns
    -------
    list of tuple of int
        Sorted; empty when the cone has no extreme ray.

    Examples
    --------
    >>> chamber_rays([[1, 0], [0, 1], [1, 1]], [1, 1, 1])
    [(0, 1), (1, 0)]
    >>> chamber_rays([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [1, -1, 1])
    [(0, -1, 0), (0, 0, 1), (1, 0, 0)]
    >>> chamber_rays([[0, 1]], [1])  # the half-plane y ≥ 0: its boundary line
    [(-1, 0), (1, 0)]
    """
    ints, d = _rows(X)
    s = [int(v) for v in signs]
    if len(s) != len(ints):
        raise DimensionError(f"signs must have {len(ints)} entries, got {len(s)}")
    if any(v not in (-1, 0, 1) for v in s):
        raise InvalidInputError("signs must be -1, 0 or +1")
    live = [i for i, r in enumerate(ints) if any(r)]
    P = _matrix([ints[i] for i in live]) if live else np.zeros((0, d), dtype=np.int64)
    R = _candidate_rays(P, d)
    if not R.shape[0]:
        return []
    S = _signs(R, P) if live else np.zeros((R.shape[0], 0), dtype=np.int8)
    sl = np.array([s[i] for i in live], dtype=np.int8)
    ok = np.all(np.where(sl[None, :] == 0, S == 0, S * sl[None, :] >= 0), axis=1)
    return sorted(tuple(int(c) for c in r) for r in R[ok].tolist())


def chambers(X: Any) -> list[Chamber]:
    r"""All chambers of the central arrangement :math:`\{x_i^\top v = 0\}`, with their extreme rays.

    Method (exact). Every chamber of an essential arrangement is a pointed
    cone with at least one extreme ray, and the sign vector of a chamber
    agrees, off the zero rows Z of any of its rays c, with ``sign(Xc)``. So
    the candidates are the rays completed on Z by every sign pattern; a
    candidate σ is a chamber exactly when the sum g of the rays that produced
    it has :math:`\sigma_i x_i^\top g > 0` for every row (g is then interior),
    and those rays are the chamber's extreme rays. Zero rows cut nothing and
    get sign 0.

    Parameters
    ----------
    X : (n, d) rational array-like of rank d

    Returns
    -------
    list of Chamber
        Sorted by sign vector.

    Raises
    ------
    DimensionError
        When rank X < d: the chambers are not pointed (reduce the dimension
        first, Lemma 18).
    TooLargeError
        When a ray lies on more than :data:`MAX_ZERO_ROWS` hyperplanes.

    Examples
    --------
    Three lines in the plane give six chambers (arcs), each with two rays:

    >>> cs = chambers([[1, 0], [0, 1], [1, 1]])
    >>> len(cs), cs[0]
    (6, Chamber(signs=(-1, -1, -1), rays=((-1, 0), (0, -1))))
    """
    ints, d = _rows(X)
    n = len(ints)
    live = [i for i, r in enumerate(ints) if any(r)]
    if _rank(ints) < d:
        raise DimensionError(
            f"the arrangement needs rank X = d = {d} for pointed chambers, got rank {_rank(ints)}; "
            "reduce the dimension first (Lemma 18)")
    P = _matrix([ints[i] for i in live])
    R = _candidate_rays(P, d)
    S = _signs(R, P)
    groups: dict[bytes, list[int]] = {}
    for a in range(R.shape[0]):
        row = S[a]
        Z = np.flatnonzero(row == 0)
        if len(Z) > MAX_ZERO_ROWS:
            raise TooLargeError(f"a ray lies on {len(Z)} hyperplanes (more than {MAX_ZERO_ROWS}): too many sign completions")
        for bits in itertools.product((-1, 1), repeat=len(Z)):
            sig = row.copy()
            sig[Z] = bits
            groups.setdefault(sig.tobytes(), []).append(a)
    out = []
    for key, members in groups.items():
        sig = np.frombuffer(key, dtype=np.int8)
        g = R[members].astype(object).sum(axis=0)
        vals = P.astype(object) @ g
        if all(int(s) * int(v) > 0 for s, v in zip(sig, vals)):
            full = [0] * n
            for i, s in zip(live, sig.tolist()):
                full[i] = int(s)
            rays = tuple(sorted(tuple(int(c) for c in R[a]) for a in members))
            out.append(Chamber(tuple(full), rays))
    out.sort(key=lambda c: c.signs)
    return out


def _less(p1: int, q1: int, p2: int, q2: int) -> bool:
    """Exactly: p1/√q1 < p2/√q2 (q1, q2 > 0)."""
    if (p1 < 0) != (p2 < 0):
        return p1 < 0
    a, b = p1 * p1 * q2, p2 * p2 * q1
    return a < b if p1 >= 0 else a > b


@dataclass(frozen=True)
class ChamberDiameter:
    """The maximum chamber diameter D (Def. 3).

    Attributes
    ----------
    squared : sympy.Expr
        :math:`D^2 = 2 - 2\\,u^\\top v` exactly, for the farthest unit ray pair
        (u, v) of one chamber (a quadratic surd).
    value : float
        D in float64.
    chamber : Chamber
        The chamber that attains it.
    pair : tuple of two tuple of int
        The two primitive rays (u, v are their normalizations).
    attained_at_rays : bool
        True when the ray pairs provably give Def. 3's D (d ≤ 2, or
        :math:`D^2 \\le 2`); otherwise ``squared`` is a lower bound on D².
    """

    squared: Any
    value: float
    chamber: Chamber
    pair: tuple
    attained_at_rays: bool


def max_chamber_diameter(X: Any) -> ChamberDiameter:
    r"""The maximum chamber diameter D of Def. 3, exactly, from the unit extreme rays.

    .. math:: D = \max_{\text{chambers}}\ \max_{a,b}\ \Big\lVert \frac{r_a}{\lVert r_a\rVert} - \frac{r_b}{\lVert r_b\rVert}\Big\rVert_2,
              \qquad D^2 = 2 - 2\,\frac{r_a^\top r_b}{\lVert r_a\rVert\,\lVert r_b\rVert}

    See the module docstring for when this is Def. 3's D
    (``attained_at_rays``); in d = 2 it always is.

    Parameters
    ----------
    X : (n, d) rational array-like of rank d

    Returns
    -------
    ChamberDiameter

    Examples
    --------
    Four lines at 45°: every chamber is an arc of 45°, so D = 2 sin(π/8).

    >>> D = max_chamber_diameter([[1, 0], [0, 1], [1, 1], [1, -1]])
    >>> D.squared, round(D.value, 10), D.attained_at_rays
    (2 - sqrt(2), 0.7653668647, True)
    """
    import sympy

    ints, d = _rows(X)
    cs = chambers(X)
    best = None  # (p, q, chamber, a, b)
    for ch in cs:
        R = [list(r) for r in ch.rays]
        if len(R) < 2:
            continue
        Rf = np.array(R, dtype=np.float64)
        nrm = np.linalg.norm(Rf, axis=1)
        Cf = (Rf @ Rf.T) / np.outer(nrm, nrm)
        m = Cf.min()
        cand = np.argwhere(Cf <= m + 1e-9)
        for a, b in cand.tolist():
            if a >= b:
                continue
            p = sum(x * y for x, y in zip(R[a], R[b]))
            q = sum(x * x for x in R[a]) * sum(y * y for y in R[b])
            if best is None or _less(p, q, best[0], best[1]):
                best = (p, q, ch, a, b)
    if best is None:  # d = 1: every chamber is a single ray
        ch = cs[0]
        return ChamberDiameter(sympy.Integer(0), 0.0, ch, (ch.rays[0], ch.rays[0]), True)
    p, q, ch, a, b = best
    sq = sympy.radsimp(2 - 2 * sympy.Integer(p) / sympy.sqrt(sympy.Integer(q)))
    attained = d <= 2 or bool(2 * p >= 0)
    return ChamberDiameter(sq, math.sqrt(max(0.0, float(sq))), ch, (ch.rays[a], ch.rays[b]), attained)


@dataclass(frozen=True)
class ChamberRadius:
    """r of THEORY §6: the smallest distance from the origin to conv(a chamber's unit rays).

    Attributes
    ----------
    value : float
        r (float64).
    chamber : Chamber
        A chamber that attains it.
    weights : tuple of float
        Convex weights of the minimum-norm point on the chamber's unit rays.
    """

    value: float
    chamber: Chamber
    weights: tuple


def _min_norm_point(U: np.ndarray) -> tuple[float, np.ndarray]:
    """Distance from 0 to conv(rows of U), by the faces of at most d points (float64)."""
    k, d = U.shape
    best, lam_best = math.inf, None
    for size in range(1, min(k, d) + 1):
        for S in itertools.combinations(range(k), size):
            US = U[list(S)]
            G = US @ US.T
            try:
                g = np.linalg.solve(G, np.ones(size))
            except np.linalg.LinAlgError:
                continue
            tot = g.sum()
            if not np.isfinite(tot) or abs(tot) < 1e-300:
                continue
            lam = g / tot
            if lam.min() < -1e-12:
                continue
            p = lam @ US
            pp = float(p @ p)
            if (U @ p).min() < pp - 1e-10:
                continue
            if pp < best:
                best = pp
                lam_best = np.zeros(k)
                lam_best[list(S)] = lam
    return math.sqrt(max(best, 0.0)), lam_best


def chamber_radius(X: Any) -> ChamberRadius:
    r"""r: the minimum over chambers of the distance from 0 to the hull of the chamber's unit rays.

    .. math:: r = \min_{\text{chambers}}\ \min\Big\{\Big\lVert\sum_k\lambda_k u_k\Big\rVert_2 : \lambda\ge0,\ \textstyle\sum_k\lambda_k = 1\Big\}

    Any unit vector w of a chamber is :math:`\sum\mu_k u_k` with
    :math:`\mu\ge0` and :math:`\sum\mu_k \le 1/r`: the factor of THEORY §6.
    Computed in float64 (the unit rays are surds): the minimum-norm point
    of a polytope is the projection of 0 on the affine hull of one of its
    faces, of at most d points; all such faces are tried.

    Examples
    --------
    Two orthogonal lines: each chamber is a right angle, r = cos(π/4).

    >>> round(chamber_radius([[1, 0], [0, 1]]).value, 12)
    0.707106781187
    """
    cs = chambers(X)
    best = None
    for ch in cs:
        U = np.array(ch.rays, dtype=np.float64)
        U = U / np.linalg.norm(U, axis=1)[:, None]
        r, lam = _min_norm_point(U)
        if best is None or r < best[0]:
            best = (r, ch, lam)
    r, ch, lam = best
    return ChamberRadius(r, ch, tuple(float(v) for v in lam))


@dataclass(frozen=True)
class AngularDispersion:
    """The angular dispersion of 2-D data (our reading of Def. 2).

    Attributes
    ----------
    cos : sympy.Expr
        The cosine of the largest gap ε, exactly.
    angle : float
        ε in radians.
    pair : tuple of two int
        The rows spanning the two lines that bound the gap.
    """

    cos: Any
    angle: float
    pair: tuple


def angular_dispersion(X: Any) -> AngularDispersion:
    r"""The largest angle ε between consecutive lines :math:`\operatorname{span}(x_i)` of 2-D data.

    Sort the lines through the data by their angle :math:`\theta_i\in[0,\pi)`;
    the gaps are :math:`\theta_{i+1}-\theta_i` and :math:`\pi - \theta_m + \theta_1`.
    The data is ε-dispersed when every gap is at most ε (our reading of
    Def. 2, whose formula was lost). The normals of the lines cut the circle
    at the same gaps, so the chambers are arcs of these widths and
    :math:`D = 2\sin(\varepsilon/2)`, :math:`r = \cos(\varepsilon/2)`, as in the
    proof of Thm 4.

    Parameters
    ----------
    X : (n, 2) rational array-like of rank 2

    Returns
    -------
    AngularDispersion

    Examples
    --------
    >>> a = angular_dispersion([[1, 0], [0, 1], [1, 1]])
    >>> a.cos, round(a.angle, 12), a.pair
    (0, 1.570796326795, (1, 0))
    """
    import sympy

    ints, d = _rows(X)
    if d != 2:
        raise DimensionError(f"the angular dispersion is defined for d = 2, got d = {d}")
    if _rank(ints) < 2:
        raise DimensionError("the angular dispersion needs two non-parallel rows (rank 2)")
    lines: dict = {}
    for i, (x, y) in enumerate(ints):
        if x == 0 and y == 0:
            continue
        if y < 0 or (y == 0 and x < 0):
            x, y = -x, -y
        key = (0, Fraction(0)) if y == 0 else (1, Fraction(-x, y))
        lines.setdefault(key, (i, (x, y)))
    order = [lines[k] for k in sorted(lines)]
    best = None
    for j in range(len(order)):
        i1, a = order[j]
        i2, b = order[(j + 1) % len(order)]
        if j + 1 == len(order):
            b = (-b[0], -b[1])  # the first line, turned by π
        p = a[0] * b[0] + a[1] * b[1]
        q = (a[0] ** 2 + a[1] ** 2) * (b[0] ** 2 + b[1] ** 2)
        if best is None or _less(p, q, best[0], best[1]):
            best = (p, q, i1, i2)
    p, q, i1, i2 = best
    cos = sympy.radsimp(sympy.Integer(p) / sympy.sqrt(sympy.Integer(q)))
    return AngularDispersion(cos, math.acos(max(-1.0, min(1.0, float(cos)))), (i1, i2))


def l1_isometry_range(X: Any) -> tuple[float, float]:
    r"""The smallest and largest :math:`\lVert Xw\rVert_1` over unit vectors w (float64).

    On a chamber σ, :math:`\lVert Xw\rVert_1 = \sigma^\top Xw` is linear and nonnegative, so
    :math:`w \mapsto \lVert Xw\rVert_1/\lVert w\rVert_2` is quasi-concave there and its minimum is at
    an extreme ray; the maximum is :math:`\max_\sigma\lVert X^\top\sigma\rVert_2` over the chambers
    (every sign vector gives a lower bound, the maximizer's own sign vector attains it). With
    these, the isometry condition (44) of Lemma 11,
    :math:`(1-\varepsilon)\lVert w\rVert_2 \le c\lVert Xw\rVert_1 \le (1+\varepsilon)\lVert w\rVert_2`,
    holds exactly for :math:`\varepsilon \ge \max(1 - c\,m,\ c\,M - 1)`.

    Parameters
    ----------
    X : (n, d) rational array-like of rank d

    Returns
    -------
    (float, float)
        (m, M).

    Examples
    --------
    >>> m, M = l1_isometry_range([[1, 0], [0, 1]])
    >>> m, round(M, 12)
    (1.0, 1.414213562373)
    """
    rows = as_matrix(X, what="X")
    P = np.array([[float(c) for c in r] for r in rows], dtype=np.float64)
    cs = chambers(X)
    rays = {r for c in cs for r in c.rays}
    U = np.array(sorted(rays), dtype=np.float64)
    U /= np.linalg.norm(U, axis=1)[:, None]
    m = float(np.abs(U @ P.T).sum(axis=1).min())
    S = np.array([c.signs for c in cs], dtype=np.float64)
    M = float(np.linalg.norm(S @ P, axis=1).max())
    return m, M
