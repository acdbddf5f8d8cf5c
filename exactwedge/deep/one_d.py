r"""Lasso dictionaries of deep narrow networks on 1-D data (L = 2, 3, 4), exact and complete.

Zeger, Wang, Mishkin, Ergen, Candès, Pilanci, "A Library of Mirrors: Deep
Neural Nets in Low Dimensions are Convex Lasso Models with Reflection
Features" (arXiv 2403.01046), and Zeger & Pilanci, "Black Boxes and Looking
Glasses" (arXiv 2410.04279). A parallel deep narrow network is
:math:`f(x) = t + \sum_i \alpha_i g_i(x)`, each :math:`g_i` a chain of width-1
layers :math:`h \mapsto \sigma(w h + b)`, regularized by the path norm
:math:`\sum_i |\alpha_i| \prod_l |w_l|` (free biases and intercept). By
homogeneity the weights are ``±1``, and the minimum path norm of an
interpolating network is the Lasso/LP over the dictionary of all chains. A
finite dictionary gives the right value only if it is *complete*: it must
contain every extreme feature, not only realizable ones.

**ReLU** (the authors' recursion, ``pilancilab/1d-convex-nn``,
``convex_training.ipynb``, function ``reludic``). With :math:`g_1(x) = x`,

.. math::

    g_{l+1}(x) = \sigma\bigl(s_l\,(g_l(x) - g_l(a_l))\bigr),\qquad l = 1, \dots, L-1,

where :math:`s_l \in \{\pm 1\}` and :math:`a_l = x_{j_l}` are training points,
except for the *reflection* variant (``k = 1``, L = 4) whose first anchor is
:math:`a_1 = 2x_{j_2} - x_{j_1}`. The column is :math:`(g_L(x_i))_i`.

* L = 2: ramps :math:`(s(x - x_j))_+`.
* L = 3: **capped ramps**, ramps with two breakpoints at training points.
* L = 4: capped ramps of capped ramps, and the reflected breakpoints
  :math:`2x_j - x_k`.

These are complete: a ReLU chain is monotone with slopes in {0, ±1} and one
sloped interval, and the brute-force vertex dictionary
(:mod:`exactwedge.deep.arrangement`) is, up to constants and sign, the
``n(n−1)/2`` capped ramps between pairs of training points, at L = 3 and at
L = 4 alike. So the ReLU minimum-ℓ1 value at L = 4 equals the one at L = 3:
the reflected features are realizable but never needed.

**abs** (:math:`\sigma = |\cdot|`, signs irrelevant). The same recursion is
*not* complete at L = 3, 4: on ``X = [0, 2, 3, 5]``, ``y = [0, 1, 0, 2]`` the
single unit :math:`||x - 3/2| - 3/2|` (kinks 0, 3/2, 3) interpolates with
path norm 1, while the recursion's best is 4/3. The dictionary here is the
complete one. A chain is :math:`|||x - a| - b| - c|` with ``b, c ≥ 0`` (a
negative level makes a layer the identity plus a constant); its kinks are
among the *kink expressions* ``a``, ``a ± b``, ``a ± b ± c`` (``a ± (b − c)``
only when ``c ≤ b``). The extreme features are the vertices of the
arrangement of these expressions set equal to training points
(:mod:`exactwedge.deep.arrangement`): ``L − 1`` independent kinks at
training points. The families (provenance ``kinks``: which expression sits at
which training point, 0-based):

* L = 3: the anchored chains :math:`||x - x_i| - |x_j - x_i||` (kinks
  :math:`x_i, x_j, 2x_i - x_j`; ``j = i``: :math:`|x - x_i|`) and the
  **midpoints** :math:`||x - m| - r|`, :math:`m = (x_i + x_j)/2`,
  :math:`r = (x_i - x_j)/2 > 0` (kinks :math:`x_j, m, x_i`);
* L = 4: those, and every choice of three independent kink expressions at
  training points with ``b, c > 0`` (30 families, :func:`abs_kink_families`;
  those using ``a ± (b − c)`` only when ``c ≤ b``).

Every feature *is* a deep narrow network (see :meth:`Chain.layers`) whose
path norm :math:`\prod_l |w_l| = 1`, so a Lasso solution ``z`` is a parallel
deep narrow network of path norm :math:`\lVert z\rVert_1`. Shorter chains are
contained (ReLU: repeat the last anchor with ``s = +1``; abs: an identity
layer :math:`|h - 0|`), so the minimum-ℓ1 value is non-increasing in L.

What is proved and what is checked. *Proved* (text of
:mod:`exactwedge.deep.arrangement`): the maximum of every dual constraint
over all chains is attained at a vertex of the hyperplane arrangement of the
pre-activation zero sets, so the brute-force vertex dictionary is complete;
the reductions above (``b, c ≥ 0``; vertices with ``b = 0`` or ``c = 0`` are
shorter chains; across a hyperplane piece that is not a kink the dual
objective is affine, so only vertices of actual kinks are needed) give the
abs families. *Checked* (``tests/deep/test_deep_arrangement.py`` and the
``proofs_check`` entry ``deep_one_d_vertex_dictionary``): on random small data
sets, the LP values over these dictionaries and over the brute-force one are
equal, and every brute-force column has norm ≤ 1 over these dictionaries
(the unit balls agree), for ReLU and abs, L = 2, 3, 4; each feature equals
the forward pass of its explicit network, exactly. The equivalence of the
Lasso value with the deep training problem itself is the paper's theorem.

>>> X, y = [0, 4, 5, 7, 10, 11], [0, 0, 0, 2, 3, 3]
>>> len(deep_dictionary(X, depth=3)), [str(b) for b in deep_dictionary(X, depth=4).breakpoints()]
(30, ['0', '3', '4', '5', '6', '7', '8', '9', '10', '11'])

The reflections 3 = 2·5 − 7, 6 = 2·5 − 4, 8 = 2·4 − 0, 9 = 2·7 − 5 appear at L = 4.
The abs midpoint feature:

>>> D = deep_dictionary([0, 2, 3, 5], depth=3, activation="abs")
>>> [c.label() for c in D.chains if dict(c.provenance)["kinks"] == (("a+b", 2), ("a-b", 0))]
['abs(1*abs(1*x + -3/2) + -3/2)']
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

from ..exceptions import DimensionError, InvalidInputError, TooLargeError
from ..numbers import format_exact
from .kinks import ABS_INNER, abs_kink_families

__all__ = ["Chain", "DeepDictionary", "DeepNarrowNetwork", "abs_kink_families", "chain_feature", "deep_dictionary",
           "equivalence_key"]

ACTIVATIONS = ("relu", "abs")


def _sigma(activation: str, t: Fraction) -> Fraction:
    if activation == "relu":
        return t if t > 0 else Fraction(0)
    return abs(t)


@dataclass(frozen=True)
class Chain:
    """One deep narrow feature: a chain of width-1 layers ``h ↦ σ(s_l h + b_l)``.

    Given by anchors (``b_l = −s_l g_l(a_l)``: layer ``l`` kinks where
    ``g_l(x) = g_l(a_l)``) or, when ``biases`` is set, by its biases directly.

    Attributes
    ----------
    anchors : tuple of Fraction
        The kink locations ``a_l`` (training points or reflections); empty
        when the chain is given by ``biases``.
    signs : tuple of int
        The weights ``s_l ∈ {+1, −1}`` (``+1`` for ``abs``).
    activation : {"relu", "abs"}
    provenance : tuple of (key, value) pairs
        Where the feature comes from (read it with ``dict(chain.provenance)``).
    biases : tuple of Fraction
        Explicit biases ``b_l`` (empty: derived from the anchors).

    Examples
    --------
    >>> c = Chain((), (1, 1), "abs", biases=(Fraction(-1), Fraction(-2)))   # ||x − 1| − 2|
    >>> c.depth, [c(v) for v in (-1, 1, 2, 3)]
    (3, [Fraction(0, 1), Fraction(2, 1), Fraction(1, 1), Fraction(0, 1)])
    """

    anchors: tuple
    signs: tuple
    activation: str
    provenance: tuple = ()
    biases: tuple = ()

    @property
    def depth(self) -> int:
        return len(self.signs) + 1

    def __call__(self, x: Any) -> Fraction:
        """The feature at ``x``, exactly."""
        return self._g_upto(len(self.signs), x)

    def _g_upto(self, l: int, x: Any) -> Fraction:
        """``g_{l+1}(x)``: the output of the first ``l`` layers."""
        g = Fraction(x)
        for w, b in self.layers()[:l]:
            g = _sigma(self.activation, w * g + b)
        return g

    def layers(self) -> list[tuple[Fraction, Fraction]]:
        """The explicit narrow network: ``(weight, bias)`` of each width-1 layer.

        Layer ``l`` maps ``h ↦ σ(w_l h + b_l)`` with ``w_l = s_l`` and
        ``b_l = −s_l g_l(a_l)`` (or the explicit bias); composing them gives the feature.

        Examples
        --------
        >>> c = Chain((Fraction(0), Fraction(2)), (1, -1), "relu")
        >>> c.layers(), [c(x) for x in (-1, 1, 3)]
        ([(Fraction(1, 1), Fraction(0, 1)), (Fraction(-1, 1), Fraction(2, 1))], [Fraction(2, 1), Fraction(1, 1), Fraction(0, 1)])
        """
        cached = self.__dict__.get("_layers")
        if cached is not None:
            return list(cached)
        if self.biases:
            out = [(Fraction(s), Fraction(b)) for s, b in zip(self.signs, self.biases)]
        else:
            out = []
            for l in range(len(self.anchors)):
                g = Fraction(self.anchors[l])
                for w, b in out:
                    g = _sigma(self.activation, w * g + b)
                s = Fraction(self.signs[l])
                out.append((s, -s * g))
        object.__setattr__(self, "_layers", tuple(out))  # a cache, not a field
        return list(out)

    def label(self) -> str:
        name = "relu" if self.activation == "relu" else "abs"
        inner = "x"
        for (w, b) in self.layers():
            inner = f"{name}({format_exact(w)}*{inner} + {format_exact(b)})"
        return inner

    def to_json(self) -> dict:
        return {"anchors": [format_exact(a) for a in self.anchors], "signs": list(self.signs),
                "layers": [{"w": format_exact(w), "b": format_exact(b)} for w, b in self.layers()],
                "provenance": _jsonable(dict(self.provenance)), "formula": self.label()}


def _jsonable(v: Any) -> Any:
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, Fraction):
        return format_exact(v)
    return v


def chain_feature(x: Any, anchors: Sequence[Any], signs: Sequence[int], activation: str = "relu") -> Fraction:
    r"""Evaluate the deep narrow feature :math:`g_L(x)` of anchors and signs, exactly.

    Parameters
    ----------
    x : exact scalar
    anchors : sequence of exact scalars, the ``a_l``
    signs : sequence of ±1
    activation : {"relu", "abs"}

    Returns
    -------
    Fraction

    Examples
    --------
    A capped ramp (L = 3): rises from 0 at x = 1 to 2 at x = 3, flat after.

    >>> [chain_feature(x, [3, 1], [-1, -1]) for x in (0, 1, 2, 3, 5)]
    [Fraction(0, 1), Fraction(0, 1), Fraction(1, 1), Fraction(2, 1), Fraction(2, 1)]
    >>> [chain_feature(x, [1, 3], [1, 1], "abs") for x in (-1, 0, 1, 3)]  # kinks 1, 3 and 2·1 − 3
    [Fraction(0, 1), Fraction(1, 1), Fraction(2, 1), Fraction(0, 1)]
    """
    if activation not in ACTIVATIONS:
        raise InvalidInputError(f"activation must be 'relu' or 'abs', got {activation!r}")
    if len(anchors) != len(signs) or any(s not in (1, -1) for s in signs):
        raise InvalidInputError("expected as many signs (each ±1) as anchors")
    return Chain(tuple(Fraction(a) for a in anchors), tuple(signs), activation)(x)


class DeepDictionary:
    """The exact dictionary of a deep narrow architecture on 1-D data.

    Zero columns (abs, L ≥ 3: constant columns) and exact duplicates are
    dropped by :func:`deep_dictionary` (:func:`~exactwedge.deep.arrangement.vertex_dictionary`:
    also columns equal up to a constant and a sign); the first chain of each
    distinct column is kept (with its provenance).

    >>> D = deep_dictionary([0, 1, 3], depth=2)
    >>> len(D), D.exact_matrix()[2], D.summary()["kind"]
    (4, [Fraction(3, 1), Fraction(2, 1), Fraction(0, 1), Fraction(0, 1)], 'deep narrow 1-D, L=2 (Zeger et al. 2024)')
    """

    def __init__(self, x: list, chains: list, columns: list, depth: int, activation: str, candidates: int,
                 kind: str | None = None):
        self.kind = kind or f"deep narrow 1-D, L={depth} (Zeger et al. 2024)"
        self.x = x
        self.chains = chains
        self.columns = columns
        self.depth = depth
        self.activation = activation
        self.candidates = candidates
        self.norm = 1
        self.bias = True

    def __len__(self) -> int:
        return len(self.chains)

    def exact_matrix(self) -> list[list[Fraction]]:
        """Rows are samples, columns are features (Fractions)."""
        return [[c[i] for c in self.columns] for i in range(len(self.x))]

    def breakpoints(self) -> list[Fraction]:
        """All kink locations of the features (sorted, distinct), exact."""
        pts = set()
        for c in self.chains:
            pts.update(_kinks(c))
        return sorted(pts)

    def summary(self) -> dict:
        return {"n": len(self.x), "d": 1, "bias": True, "norm": 1, "activation": self.activation,
                "depth": self.depth, "columns": len(self), "candidates": self.candidates, "exact": True,
                "kind": self.kind}

    def __repr__(self) -> str:
        return f"DeepDictionary(n={len(self.x)}, depth={self.depth}, activation={self.activation!r}, columns={len(self)})"


def _kinks(c: Chain) -> set:
    """Candidate kinks of a chain, exactly: the zeros of every layer's pre-activation.

    ``g_l`` is linear between consecutive kinks of the earlier layers; on each
    such piece the zero of ``s_l(g_l(x) − g_l(a_l))`` is solved in closed form.
    """
    kinks: set = set()
    for l, (w, b) in enumerate(c.layers()):
        target = -b / w
        pts = sorted(kinks)
        if pts:
            pieces = [(None, pts[0])] + list(zip(pts[:-1], pts[1:])) + [(pts[-1], None)]
        else:
            pieces = [(None, None)]
        new = set()
        for lo, hi in pieces:
            if lo is None and hi is None:
                p, q = Fraction(0), Fraction(1)
            elif lo is None:
                p, q = hi - 1, hi
            elif hi is None:
                p, q = lo, lo + 1
            else:
                p, q = lo, hi
            gp, gq = c._g_upto(l, p), c._g_upto(l, q)
            if gp == gq:
                continue
            root = p + (target - gp) * (q - p) / (gq - gp)
            if (lo is None or root >= lo) and (hi is None or root <= hi):
                new.add(root)
        kinks |= new
    return kinks


def _abs_chains(xs: list, depth: int) -> tuple[list, list]:
    """The complete abs dictionary of depth 3 or 4 (see :func:`deep_dictionary`).

    Order (a column keeps its first chain): the anchored chains
    ``||x − x_i| − |x_j − x_i||`` for ``(i, j)`` in lexicographic order (``j = i``:
    the ramp ``|x − x_i|``), then the midpoints, then (L = 4) the three-kink
    families of :func:`abs_kink_families` with ``b, c > 0``. Exact integer
    arithmetic (numpy int64 when it cannot overflow, else Python integers):
    data in units of ``1/den``, θ and the features in units of ``1/(4·den)``
    (the inverses have entries in ¼ℤ). Constant columns and exact duplicates
    are dropped.
    """
    import numpy as np

    n = len(xs)
    den = 1
    for v in xs:
        den = math.lcm(den, v.denominator)
    scale = 4 * den
    ints = [int(v * den) for v in xs]
    dtype = object if max((abs(v) for v in ints), default=0) * 64 >= 2**62 else np.int64
    X = np.array(ints, dtype=dtype)
    # blocks of candidates: (θ rows in units of 1/scale, one (kink names, indices) per row)
    blocks = []
    rows, prov = [], []
    for i, j in itertools.product(range(n), repeat=2):  # anchored: a = x_i, a ± b = x_j
        b = abs(ints[j] - ints[i])
        rows.append((4 * ints[i], 4 * b))
        prov.append((("a", i),) if b == 0 else (("a", i), ("a+b" if ints[j] > ints[i] else "a-b", j)))
    for i, j in itertools.product(range(n), repeat=2):  # midpoint: a + b = x_i, a − b = x_j
        if ints[i] > ints[j]:
            rows.append((2 * (ints[i] + ints[j]), 2 * (ints[i] - ints[j])))
            prov.append((("a+b", i), ("a-b", j)))
    blocks.append((np.array(rows, dtype=dtype).reshape(-1, 2), prov))
    if depth == 4:
        idx = np.array(list(itertools.product(range(n), repeat=3)), dtype=np.int64).reshape(-1, 3)
        P = X[idx]
        for names, inv in abs_kink_families(3):
            inv4 = np.array([[int(4 * v) for v in row] for row in inv], dtype=dtype)
            T = P @ inv4.T
            keep = (T[:, 1] > 0) & (T[:, 2] > 0)  # b = 0 or c = 0: a shorter chain, already listed
            if any(e in ABS_INNER for e in names):
                keep &= T[:, 2] <= T[:, 1]  # a ± (b − c) is a kink only when c ≤ b
            sel = np.flatnonzero(keep)
            blocks.append((T[sel], [tuple(zip(names, map(int, idx[r]))) for r in sel.tolist()]))
    X4 = 4 * X
    chains, columns, seen = [], [], set()
    for T, prov in blocks:
        if not len(T):
            continue
        H = np.abs(X4[None, :] - T[:, :1])
        for l in range(1, T.shape[1]):
            H = np.abs(H - T[:, l:l + 1])
        for t, h, kinks in zip(T.tolist(), H.tolist(), prov):
            key = tuple(h)
            if key in seen or all(v == key[0] for v in key):
                continue  # a duplicate, or constant on the data (the intercept absorbs it)
            seen.add(key)
            a, b, c = ([Fraction(int(v), scale) for v in t] + [Fraction(0)])[:3]
            anchors = [a, a + b, a + b + c][:len(t)]
            anchors += [anchors[-1]] * (depth - 1 - len(anchors))  # an identity layer |h − 0| = h
            chains.append(Chain(tuple(anchors), (1,) * (depth - 1), "abs", (("kinks", kinks),)))
            columns.append(tuple(Fraction(int(v), scale) for v in h))
    return chains, columns


def _check_x(x: Any) -> list[Fraction]:
    from ..problem import read_data_matrix

    rows = read_data_matrix(x)
    if rows and len(rows[0]) != 1:
        raise DimensionError(f"deep narrow dictionaries are for 1-D data, got d = {len(rows[0])}")
    return [r[0] for r in rows]


def deep_dictionary(x: Any, *, depth: int = 3, activation: str = "relu",
                    max_columns: int | None = 200_000) -> DeepDictionary:
    r"""Build the exact deep narrow dictionary of 1-D data for depth L ∈ {2, 3, 4}.

    ReLU (and abs, L = 2): all ``j ∈ [n]^{L−1}``, ``s ∈ {±1}^{L−1}`` (for
    ``abs`` the signs are +1), and for L = 4 also the reflected first anchor
    ``2x_{j_2} − x_{j_1}``: ``2^{L−1} n^{L−1}`` (×2 for L = 4) candidates;
    zero columns and exact duplicates are dropped.

    abs, L = 3, 4: the complete vertex families of the module text (anchored,
    midpoints; at L = 4 also the three-kink families): ``n² + n(n−1)/2``
    (``+ 30 n³`` for L = 4) candidates; constant columns and exact duplicates
    are dropped. A column keeps its first chain.

    Parameters
    ----------
    x : (n,) or (n, 1) exact 1-D data
    depth : {2, 3, 4}
    activation : {"relu", "abs"}
    max_columns : int or None
        Refuse (TooLargeError) when the candidate count exceeds this.

    Returns
    -------
    DeepDictionary

    Examples
    --------
    >>> D = deep_dictionary([0, 2, 3], depth=4, activation="abs")
    >>> len(D), Fraction(-3) in D.breakpoints(), Fraction(3, 2) in D.breakpoints()  # 2·0 − 3; (0 + 3)/2
    (12, True, True)
    """
    if depth not in (2, 3, 4):
        raise InvalidInputError(f"deep narrow 1-D dictionaries exist for depth 2, 3 or 4, got depth={depth!r}")
    if activation not in ACTIVATIONS:
        raise InvalidInputError(f"activation must be 'relu' or 'abs', got {activation!r}")
    xs = _check_x(x)
    n = len(xs)
    if n == 0:
        raise InvalidInputError("no data points")
    r = depth - 1
    vertex_abs = activation == "abs" and depth > 2
    if vertex_abs:
        candidates = n * n + n * (n - 1) // 2 + (len(abs_kink_families(3)) * n ** 3 if depth == 4 else 0)
    else:
        nsigns = 2 ** r if activation == "relu" else 1
        candidates = nsigns * n ** r * (2 if depth == 4 else 1)
    if max_columns is not None and candidates > max_columns:
        raise TooLargeError(f"the depth-{depth} dictionary of n = {n} points has {candidates} candidate columns, "
                            f"more than max_columns = {max_columns}")
    if vertex_abs:
        chains, columns = _abs_chains(xs, depth)
        return DeepDictionary(xs, chains, columns, depth, activation, candidates)
    sign_sets = list(itertools.product((1, -1), repeat=r)) if activation == "relu" else [(1,) * r]
    # exact integer arithmetic: the chains are positively homogeneous, so scale the data by den
    den = 1
    for v in xs:
        den = math.lcm(den, v.denominator)
    X = [int(v * den) for v in xs]
    relu = activation == "relu"
    chains, columns, seen = [], [], set()
    for k in ((0, 1) if depth == 4 else (0,)):
        for js in itertools.product(range(n), repeat=r):
            A = [X[j] for j in js]
            if k == 1:
                A[0] = 2 * X[js[1]] - X[js[0]]
            for s in sign_sets:
                biases = []
                for l in range(r):  # b_l = −s_l g_l(a_l)
                    g = A[l]
                    for w, b in zip(s, biases):
                        u = w * g + b
                        g = (u if u > 0 else 0) if relu else abs(u)
                    biases.append(-s[l] * g)
                col = []
                for g in X:
                    for w, b in zip(s, biases):
                        u = w * g + b
                        g = (u if u > 0 else 0) if relu else abs(u)
                    col.append(g)
                key = tuple(col)
                if not any(key) or key in seen:
                    continue
                seen.add(key)
                chains.append(Chain(tuple(Fraction(a, den) for a in A), s, activation, (("j", js), ("k", k))))
                columns.append(tuple(Fraction(v, den) for v in col))
    return DeepDictionary(xs, chains, columns, depth, activation, candidates)


class DeepNarrowNetwork:
    """A parallel deep narrow network ``f(x) = t + Σ_i α_i g_i(x)`` (chains of width 1).

    ``x``, the training inputs (optional), names each chain's breakpoints (the
    points where its slope changes) by the samples in :meth:`to_json`
    (:func:`~exactwedge.deep.kinks.name_breakpoints`).

    Examples
    --------
    >>> net = DeepNarrowNetwork([(Fraction(2), Chain((Fraction(0),), (1,), "relu"))], Fraction(-1))
    >>> net.predict([[0], [3]]), net.path_norm(), net.objective([0, 3], [0, 4], Fraction(1, 2))
    ([Fraction(-1, 1), Fraction(5, 1)], Fraction(2, 1), Fraction(2, 1))
    """

    def __init__(self, units: list, intercept: Fraction, x: Sequence[Fraction] | None = None):
        self.units = units
        self.intercept = intercept
        self.x = None if x is None else list(x)

    def predict(self, X: Any) -> list[Fraction]:
        xs = _check_x(X)
        return [self.intercept + sum((a * ch(v) for a, ch in self.units), Fraction(0)) for v in xs]

    def path_norm(self) -> Fraction:
        """``Σ_i |α_i| Π_l |w_{i,l}|``, from the layers' weights."""
        total = Fraction(0)
        for a, ch in self.units:
            p = abs(Fraction(a))
            for w, _ in ch.layers():
                p *= abs(w)
            total += p
        return total

    def objective(self, X: Any, y: Any, beta: Any) -> Fraction:
        r"""The training objective :math:`\tfrac12\lVert f(X) - y\rVert^2 + \beta \sum_i |\alpha_i|\prod_l|w_{i,l}|`, exactly.

        The path-norm form of the regularizer; it equals the authors'
        :math:`(\beta/L)\sum_{\text{weights}} |w|^L` once each chain is
        balanced (:func:`exactwedge.deep.fit.fit_deep`).
        """
        from ..problem import rational_vector

        pred = self.predict(X)
        yv = rational_vector(y, len(pred))
        loss = sum(((p - v) ** 2 for p, v in zip(pred, yv)), Fraction(0)) / 2
        return loss + Fraction(beta) * self.path_norm()

    def to_json(self) -> list[dict]:
        out = []
        for a, ch in self.units:
            item = dict(alpha=format_exact(a), **ch.to_json())
            if self.x is not None:
                from .kinks import name_breakpoints, slope_changes

                item["breakpoints"] = name_breakpoints(slope_changes(ch, _kinks(ch)), self.x, dict(ch.provenance),
                                                       ch.activation)
                item["label"] = "breakpoints " + ", ".join(
                    f"{b['name']} = {b['at']}" if b["name"] else b["at"] for b in item["breakpoints"])
            out.append(item)
        return out


def equivalence_key(col: Sequence[Fraction]) -> tuple | None:
    """A column up to an added constant and a sign (what a Lasso with a free intercept sees); None if constant.

    >>> equivalence_key([3, 1, 2]) == equivalence_key([0, 2, 1]), equivalence_key([5, 5])
    (True, None)
    """
    d = [Fraction(c) - Fraction(col[0]) for c in col]
    first = next((v for v in d if v != 0), None)
    if first is None:
        return None
    return tuple(d) if first > 0 else tuple(-v for v in d)
