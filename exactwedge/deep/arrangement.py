r"""The brute-force dictionary of deep narrow 1-D networks: vertices of a hyperplane arrangement.

An independent check of :func:`exactwedge.deep.one_d.deep_dictionary`. A unit
of a parallel deep narrow network is a chain of width-1 layers; by
homogeneity its weights are ``±1`` (``abs``: ``+1``, since
:math:`|{-t}| = |t|`) and it is the feature

.. math:: g_\theta(x) = h_{L-1},\qquad h_0 = x,\quad h_l = \sigma(s_l h_{l-1} - \theta_l),

with :math:`\theta \in \mathbb Q^{L-1}` its biases. The minimum path norm of an
interpolating network is the LP over all these features with a free
intercept; its dual constraint is
:math:`\max_\theta |\lambda^\top g_\theta(X)| \le 1` with
:math:`\mathbf 1^\top\lambda = 0`.

**Why vertices suffice.** At a training point :math:`x_i` every
pre-activation :math:`s_l h_{l-1} - \theta_l` is affine in θ once the signs of
the earlier pre-activations at :math:`x_i` are fixed. Write down *all* these
affine forms (every sample, every sign pattern of the earlier layers) and
their zero sets as full hyperplanes — a superset of the true breakpoints,
which only adds vertices. On each closed cell of this arrangement every
:math:`g_\theta(x_i)` is affine in θ. The normals contain the unit vector of
:math:`\theta_l` plus earlier coordinates for every layer, so they span
:math:`\mathbb R^{L-1}` and every cell is pointed. Along a recession direction
``d`` of a cell the derivative of :math:`h_l` is the same at every sample (by
induction: if :math:`h_{l-1}` moves by δ at every sample, the pre-activation
moves by :math:`\epsilon = s_l\delta - d_l` at every sample; if ε ≠ 0 its sign
must eventually agree at all samples, else the cell would be cut by a
hyperplane, so :math:`h_l` moves by ε, 0 (ReLU, negative) or −ε (abs,
negative) at every sample; if ε = 0 it moves by 0). Hence
:math:`\lambda^\top g_\theta` is constant along recession directions when
:math:`\mathbf 1^\top\lambda = 0`, its maximum over a cell is attained at a
vertex, and the exact dictionary is :math:`\{g_\theta(X)\}` over the vertices
θ of the arrangement (for ReLU, one arrangement per sign vector ``s``).

Every vertex is found by solving every ``(L−1)``-tuple of hyperplanes with
independent normals exactly (grouped by normal: one exact inverse per normal
tuple). Duplicate vertices are dropped; columns are kept once up to an added
constant and a sign (the intercept and the ``±`` of the Lasso absorb both),
and constant columns are dropped.

One unit ``||x − 3/2| − 3/2|`` (kinks 0, 3/2, 3) interpolates these data with
path norm 1, while the recursion with anchors at training points needs 4/3:

>>> X, y = [0, 2, 3, 5], [0, 1, 0, 2]
>>> min_l1_value(vertex_dictionary(X, depth=3, activation="abs"), y)
Fraction(1, 1)
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any, Sequence

from ..exceptions import InvalidInputError, TooLargeError
from ..numbers.linalg import inverse
from .one_d import ACTIVATIONS, Chain, DeepDictionary, _check_x

__all__ = ["arrangement_hyperplanes", "min_l1_value", "vertex_dictionary"]

#: Default limit on the number of hyperplane tuples solved.
DEFAULT_MAX_TUPLES = 2_000_000


def _normalize(coef: tuple, const: Fraction) -> tuple | None:
    """Scale ``coef·θ + const = 0`` so that its first nonzero coefficient is 1 (None: no hyperplane)."""
    for c in coef:
        if c != 0:
            return tuple(v / c for v in coef), const / c
    return None


def arrangement_hyperplanes(x: Any, signs: tuple, activation: str) -> dict:
    r"""The zero sets of every pre-activation at every sample, as full hyperplanes in θ-space.

    The pre-activation of layer ``l`` at :math:`x_i` is affine in θ for each
    sign pattern (``abs``: ``±``; ReLU: active/inactive) of the earlier layers
    at :math:`x_i`; each gives the hyperplane ``coef·θ + const = 0``, scaled so
    that its first nonzero coefficient is 1.

    Parameters
    ----------
    x : (n,) exact 1-D data
    signs : tuple of ±1, one per layer (``L − 1`` of them)
    activation : {"relu", "abs"}

    Returns
    -------
    dict
        ``{(coef, const): (layer, sample index, pattern)}``, the first label
        that produced each hyperplane (layers 1-based).

    Examples
    --------
    abs, L = 3: ``a = x_i`` and ``b = ±(x_i − a)``, i.e. ``a ± b = x_i``.

    >>> H = arrangement_hyperplanes([0, 2], (1, 1), "abs")
    >>> sorted((tuple(map(str, c)), str(k)) for c, k in H)
    [(('1', '-1'), '-2'), (('1', '-1'), '0'), (('1', '0'), '-2'), (('1', '0'), '0'), (('1', '1'), '-2'), (('1', '1'), '0')]
    """
    xs = _check_x(x)
    r = len(signs)
    zero = Fraction(0)
    planes: dict = {}
    for i, xi in enumerate(xs):
        states = {((zero,) * r, xi): ()}  # h_0 = x_i as an affine form of θ: (coef, const)
        for l in range(r):
            s = signs[l]
            new: dict = {}
            for (coef, const), pat in states.items():
                zc = tuple(s * c - (1 if k == l else 0) for k, c in enumerate(coef))
                zk = s * const
                key = _normalize(zc, zk)
                if key is not None and key not in planes:
                    planes[key] = (l + 1, i, pat)
                if activation == "abs":
                    outs = [((zc, zk), pat + ("+",)), ((tuple(-c for c in zc), -zk), pat + ("-",))]
                else:
                    outs = [((zc, zk), pat + ("+",)), (((zero,) * r, zero), pat + ("0",))]
                for h, p in outs:
                    new.setdefault(h, p)
            states = new
    return planes


def _vertex_tuples(planes: dict, r: int):
    """Group hyperplanes by normal; yield ``(inverse, groups)`` for every independent normal tuple."""
    groups: dict = {}
    for (coef, const), label in planes.items():
        groups.setdefault(coef, []).append((const, label))
    normals = sorted(groups)
    for combo in itertools.combinations(normals, r):
        try:
            inv = inverse([list(c) for c in combo])
        except InvalidInputError:  # dependent normals: no vertex
            continue
        yield inv, [groups[c] for c in combo]


def _theta(inv: tuple[list[int], int], pick: tuple) -> tuple[tuple[int, ...], int]:
    """The vertex ``θ = inv · (−c)`` of the picked planes ``(c, label)``, as ``(numerators, E)`` in lowest terms
    over one denominator ``E``; ``inv`` is the integer matrix and the denominator of the inverse.

    >>> _theta(([[1, 0], [1, 2]], 2), ((Fraction(1), "a"), (Fraction(-1, 3), "b")))
    ((-3, -1), 6)
    """
    rows, dinv = inv
    q = 1
    for c, _ in pick:
        q = math.lcm(q, c.denominator)
    p = [-c.numerator * (q // c.denominator) for c, _ in pick]
    num = [sum(a * b for a, b in zip(row, p)) for row in rows]
    e = dinv * q
    g = e
    for v in num:
        g = math.gcd(g, v)
    return tuple(v // g for v in num), e // g


def _integer_inverse(inv: list[list[Fraction]]) -> tuple[list[list[int]], int]:
    """A rational matrix as ``(integer matrix, common denominator)``."""
    dinv = math.lcm(*(v.denominator for row in inv for v in row))
    return [[v.numerator * (dinv // v.denominator) for v in row] for row in inv], dinv


def _column(signs: tuple, theta: tuple[tuple[int, ...], int], activation: str, xs: Sequence[Fraction],
            lx: int) -> tuple[list[int], int]:
    """The feature ``g_θ`` on every sample as integers over one denominator: ``(h, D)`` with ``g_θ(x_i) = h_i/D``.

    Every layer is ``±h − θ_l`` then ReLU or abs, so ``D = lcm(lx, E)`` (``lx``: the samples' denominator,
    ``E``: θ's) stays a denominator throughout, and the arithmetic is in Python ints.

    >>> _column((1, -1), ((1, -6), 2), "relu", [Fraction(0), Fraction(2)], 1)
    ([6, 3], 2)
    """
    num, e = theta
    D = math.lcm(lx, e)
    T = [t * (D // e) for t in num]
    relu = activation != "abs"
    out = []
    for x in xs:
        h = x.numerator * (D // x.denominator)
        for s, t in zip(signs, T):
            u = (h if s > 0 else -h) - t
            h = (u if u > 0 else 0) if relu else abs(u)
        out.append(h)
    return out, D


def _key(h: list[int], D: int) -> tuple | None:
    """:func:`~exactwedge.deep.one_d.equivalence_key` of the column ``h/D`` in integers: its difference vector
    ``(h − h_0)/D``, sign-normalized, in lowest terms over one denominator (None for a constant column).

    >>> _key([3, 1, 2], 1) == _key([0, 4, 2], 2), _key([5, 5], 3)
    (True, None)
    """
    d = [v - h[0] for v in h]
    first = next((v for v in d if v != 0), 0)
    if first == 0:
        return None
    if first < 0:
        d = [-v for v in d]
    g = D
    for v in d:
        g = math.gcd(g, v)
    return (D // g,) + tuple(v // g for v in d)


def vertex_dictionary(x: Any, *, depth: int = 3, activation: str = "relu",
                      max_tuples: int | None = DEFAULT_MAX_TUPLES) -> DeepDictionary:
    r"""The complete dictionary of deep narrow 1-D networks, by brute force over arrangement vertices.

    For each sign vector (ReLU: all of :math:`\{\pm1\}^{L-1}`; abs: ``+1``),
    every ``(L−1)``-tuple of hyperplanes of :func:`arrangement_hyperplanes`
    with independent normals is solved exactly; each vertex θ gives the
    feature :math:`g_\theta` (see the module text for why these are all the
    extreme features). Columns equal up to a constant and a sign are kept
    once, constant columns are dropped.

    Parameters
    ----------
    x : (n,) or (n, 1) exact 1-D data
    depth : {2, 3, 4}
    activation : {"relu", "abs"}
    max_tuples : int or None
        Refuse (TooLargeError) when more hyperplane tuples would be solved.

    Returns
    -------
    DeepDictionary
        Its chains carry explicit biases ``−θ_l`` and weights ``s_l``;
        provenance: ``theta``, ``signs`` and ``planes``, the labels
        ``(layer, sample index, pattern)`` of the hyperplanes through the vertex.

    Examples
    --------
    The midpoint feature :math:`||x − 3/2| − 3/2|` (kinks 0, 3/2, 3; a vertex
    where neither bias is set by a training point alone):

    >>> D = vertex_dictionary([0, 1, 3], depth=3, activation="abs")
    >>> [c.label() for c in D.chains if dict(c.provenance)["theta"][0] == Fraction(3, 2)]
    ['abs(1*abs(1*x + -3/2) + -3/2)']
    """
    if depth not in (2, 3, 4):
        raise InvalidInputError(f"deep narrow 1-D dictionaries exist for depth 2, 3 or 4, got depth={depth!r}")
    if activation not in ACTIVATIONS:
        raise InvalidInputError(f"activation must be 'relu' or 'abs', got {activation!r}")
    xs = _check_x(x)
    if not xs:
        raise InvalidInputError("no data points")
    r = depth - 1
    sign_sets = list(itertools.product((1, -1), repeat=r)) if activation == "relu" else [(1,) * r]
    work = []
    total = 0
    for s in sign_sets:
        planes = arrangement_hyperplanes(xs, s, activation)
        tuples = list(_vertex_tuples(planes, r))
        for _, groups in tuples:
            k = 1
            for g in groups:
                k *= len(g)
            total += k
        work.append((s, tuples))
    if max_tuples is not None and total > max_tuples:
        raise TooLargeError(f"the depth-{depth} arrangement of n = {len(xs)} points has {total} hyperplane tuples "
                            f"to solve, more than max_tuples = {max_tuples}")
    chains, columns, seen = [], [], set()
    lx = math.lcm(*(v.denominator for v in xs))
    for s, tuples in work:
        done: set = set()
        for inv, groups in tuples:
            iinv = _integer_inverse(inv)
            for pick in itertools.product(*groups):
                vertex = _theta(iinv, pick)
                if vertex in done:
                    continue
                done.add(vertex)
                h, D = _column(s, vertex, activation, xs, lx)
                key = _key(h, D)
                if key is None:
                    continue  # constant: absorbed by the intercept
                if key in seen:
                    continue
                seen.add(key)
                col = tuple(Fraction(v, D) for v in h)
                theta = tuple(Fraction(v, vertex[1]) for v in vertex[0])
                prov = (("theta", theta), ("signs", s), ("planes", tuple(lab for _, lab in pick)))
                chains.append(Chain((), s, activation, prov, tuple(-t for t in theta)))
                columns.append(col)
    return DeepDictionary(xs, chains, columns, depth, activation, total,
                          kind=f"deep narrow 1-D, L={depth}, arrangement vertices (brute force)")


#: The minimum-ℓ1 LP (A, c) of each recent matrix K, and the optimal basis of its last y (a warm
#: start: only y changes), most recent last.
_LAST_LP: dict[tuple, tuple[list, list, list[int]]] = {}


def min_l1_value(dictionary: DeepDictionary, y: Any) -> Fraction:
    r"""The minimum ℓ1 norm :math:`\min \lVert z\rVert_1` s.t. :math:`Kz + t\mathbf 1 = y` over a dictionary, exactly.

    The same LP as :func:`exactwedge.interpolate` (free intercept), for any
    :class:`~exactwedge.deep.one_d.DeepDictionary`.

    Examples
    --------
    >>> X, y = [0, 4, 5, 7, 10, 11], [0, 0, 0, 2, 3, 3]
    >>> min_l1_value(vertex_dictionary(X, depth=3), y)
    Fraction(1, 1)
    """
    from ..problem import rational_vector
    from ..lp.simplex import solve_lp

    n = len(dictionary.x)
    yv = rational_vector(y, n)
    K = dictionary.exact_matrix()
    key = tuple(tuple((v.numerator, v.denominator) for v in row) for row in K)
    known = _LAST_LP.pop(key, None)  # (A, c, the last optimal basis): only y changes
    if known is None:
        m = len(dictionary)
        A = [K[i] + [-k for k in K[i]] + [Fraction(1), Fraction(-1)] for i in range(n)]
        known = (A, [Fraction(1)] * (2 * m) + [Fraction(0), Fraction(0)], None)
    A, c, start = known
    # the value is unique, so the LP may start from the optimal basis of this matrix's last y
    res = solve_lp(c, A, yv, start=start)
    if res.status != "optimal":
        raise InvalidInputError(f"the interpolation LP is {res.status}")
    _LAST_LP[key] = (A, c, res.basis)
    if len(_LAST_LP) > 8:
        del _LAST_LP[next(iter(_LAST_LP))]
    return res.value
