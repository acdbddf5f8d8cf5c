r"""Lasso dictionaries of deep narrow networks on 1-D data (L = 2, 3, 4), exact.

Zeger, Wang, Mishkin, Ergen, Candès, Pilanci, "A Library of Mirrors: Deep
Neural Nets in Low Dimensions are Convex Lasso Models with Reflection
Features" (arXiv 2403.01046), and Zeger & Pilanci, "Black Boxes and Looking
Glasses" (arXiv 2410.04279). The seed text lost its formulas; the features
below follow the *recursive* definition of the authors' own code
(``pilancilab/1d-convex-nn``, ``convex_training.ipynb``, function ``reludic``).

A feature is a narrow chain: one unit per layer, weights ``±1`` and a bias
that puts the layer's kink at a training point. With
:math:`g_1(x) = x` and activation :math:`\sigma`,

.. math::

    g_{l+1}(x) = \sigma\bigl(s_l\,(g_l(x) - g_l(a_l))\bigr),\qquad l = 1, \dots, L-1,

where :math:`s_l \in \{\pm 1\}` and :math:`a_l = x_{j_l}` are training points,
except for the *reflection* variant (``k = 1``, L = 4) whose first anchor is
:math:`a_1 = 2x_{j_2} - x_{j_1}`, the mirror image of :math:`x_{j_1}` in
:math:`x_{j_2}`. The dictionary column is :math:`(g_L(x_i))_i`.

* L = 2: ramps :math:`(s(x - x_j))_+`.
* L = 3 (ReLU): **capped ramps**, e.g. :math:`(x_{j_2} - x_{j_1})_+ - (x - x_{j_1})_+`
  clipped below at 0, i.e. ramps with two breakpoints.
* L = 4 (ReLU): capped ramps of capped ramps, and the reflected breakpoints
  :math:`2x_j - x_k`.
* ``activation="abs"``: the same chains with :math:`\sigma = |\cdot|` (the
  signs drop out). A third layer already reflects: the kinks of
  :math:`\lvert\, |x - x_j| - |x_k - x_j| \,\rvert` are
  :math:`x_j, x_k, 2x_j - x_k`.

Every feature *is* a deep narrow network (see :meth:`Chain.layers`) whose
path norm :math:`\prod_l |w_l| = 1`, so a Lasso solution ``z`` is a
parallel deep narrow network of path norm :math:`\lVert z\rVert_1`.
Shorter chains are contained: repeating the last anchor with ``s = +1``
(ReLU) returns the shorter feature, so the L = 4 dictionary contains the
L = 3 one, which contains the ramps; the minimum-ℓ1 interpolation value is
non-increasing in L.

What is *checked here* (tests): each feature equals the forward pass of its
explicit network, exactly; the inclusions above; the interpolation values are
non-increasing in depth. The equivalence theorem (Lasso value = deep training
value) is the paper's, for ReLU L ≤ 4; the absolute-value L = 3, 4 chains
are the same recursion with ``|·|`` and are verified only as realizable
features (an upper bound on the deep optimum).

>>> X, y = [0, 4, 5, 7, 10, 11], [0, 0, 0, 2, 3, 3]
>>> len(deep_dictionary(X, depth=3)), [str(b) for b in deep_dictionary(X, depth=4).breakpoints()]
(30, ['0', '3', '4', '5', '6', '7', '8', '9', '10', '11'])

The reflections 3 = 2·5 − 7, 6 = 2·5 − 4, 8 = 2·4 − 0, 9 = 2·7 − 5 appear at L = 4.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

from ..exceptions import DimensionError, InvalidInputError, TooLargeError
from ..numbers import format_exact

__all__ = ["Chain", "DeepDictionary", "DeepNarrowNetwork", "deep_dictionary", "chain_feature"]

ACTIVATIONS = ("relu", "abs")


def _sigma(activation: str, t: Fraction) -> Fraction:
    if activation == "relu":
        return t if t > 0 else Fraction(0)
    return abs(t)


@dataclass(frozen=True)
class Chain:
    """One deep narrow feature: anchors ``a_1..a_{L-1}`` and signs ``s_1..s_{L-1}``.

    Attributes
    ----------
    anchors : tuple of Fraction
        The kink locations ``a_l`` (training points or reflections).
    signs : tuple of int
        ``s_l ∈ {+1, −1}`` (irrelevant for ``abs``, kept ``+1``).
    activation : {"relu", "abs"}
    provenance : dict
        Indices ``j`` (0-based, into the data as given) and ``k`` (1: reflected first anchor).
    """

    anchors: tuple
    signs: tuple
    activation: str
    provenance: tuple = ()

    @property
    def depth(self) -> int:
        return len(self.anchors) + 1

    def __call__(self, x: Any) -> Fraction:
        """The feature at ``x``, exactly."""
        g = Fraction(x)
        for l in range(len(self.anchors)):
            a = self._g_upto(l, self.anchors[l])
            g = _sigma(self.activation, self.signs[l] * (g - a))
        return g

    def _g_upto(self, l: int, x: Fraction) -> Fraction:
        g = Fraction(x)
        for m in range(l):
            g = _sigma(self.activation, self.signs[m] * (g - self._g_upto(m, self.anchors[m])))
        return g

    def layers(self) -> list[tuple[Fraction, Fraction]]:
        """The explicit narrow network: ``(weight, bias)`` of each width-1 layer.

        Layer ``l`` maps ``h ↦ σ(w_l h + b_l)`` with ``w_l = s_l`` and
        ``b_l = −s_l g_l(a_l)``; composing them gives the feature.

        Examples
        --------
        >>> c = Chain((Fraction(0), Fraction(2)), (1, -1), "relu")
        >>> c.layers(), [c(x) for x in (-1, 1, 3)]
        ([(Fraction(1, 1), Fraction(0, 1)), (Fraction(-1, 1), Fraction(2, 1))], [Fraction(2, 1), Fraction(1, 1), Fraction(0, 1)])
        """
        out = []
        for l in range(len(self.anchors)):
            s = Fraction(self.signs[l])
            out.append((s, -s * self._g_upto(l, self.anchors[l])))
        return out

    def label(self) -> str:
        name = "relu" if self.activation == "relu" else "abs"
        inner = "x"
        for (w, b) in self.layers():
            inner = f"{name}({format_exact(w)}*{inner} + {format_exact(b)})"
        return inner

    def to_json(self) -> dict:
        return {"anchors": [format_exact(a) for a in self.anchors], "signs": list(self.signs),
                "layers": [{"w": format_exact(w), "b": format_exact(b)} for w, b in self.layers()],
                "provenance": dict(self.provenance), "formula": self.label()}


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

    Zero columns and exact duplicates are dropped; the first chain of each
    distinct column is kept (with its provenance).
    """

    def __init__(self, x: list, chains: list, columns: list, depth: int, activation: str, candidates: int):
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
                "kind": f"deep narrow 1-D, L={self.depth} (Zeger et al. 2024)"}

    def __repr__(self) -> str:
        return f"DeepDictionary(n={len(self.x)}, depth={self.depth}, activation={self.activation!r}, columns={len(self)})"


def _kinks(c: Chain) -> set:
    """Candidate kinks of a chain, exactly: the zeros of every layer's pre-activation.

    ``g_l`` is linear between consecutive kinks of the earlier layers; on each
    such piece the zero of ``s_l(g_l(x) − g_l(a_l))`` is solved in closed form.
    """
    kinks: set = set()
    for l in range(len(c.anchors)):
        target = c._g_upto(l, c.anchors[l])
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


def _check_x(x: Any) -> list[Fraction]:
    from ..dictionary.build import read_data_matrix

    rows = read_data_matrix(x)
    if rows and len(rows[0]) != 1:
        raise DimensionError(f"deep narrow dictionaries are for 1-D data, got d = {len(rows[0])}")
    return [r[0] for r in rows]


def deep_dictionary(x: Any, *, depth: int = 3, activation: str = "relu",
                    max_columns: int | None = 200_000) -> DeepDictionary:
    r"""Build the exact deep narrow dictionary of 1-D data for depth L ∈ {2, 3, 4}.

    Candidate chains: all ``j ∈ [n]^{L−1}``, ``s ∈ {±1}^{L−1}`` (ReLU; for
    ``abs`` the signs are +1), and for L = 4 also the reflected first anchor
    ``2x_{j_2} − x_{j_1}``: ``2^{L−1} n^{L−1}`` (×2 for L = 4) candidates.

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
    >>> len(D), Fraction(-3) in D.breakpoints()   # 2·0 − 3, a reflection
    (6, True)
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
    nsigns = 2 ** r if activation == "relu" else 1
    candidates = nsigns * n ** r * (2 if depth == 4 else 1)
    if max_columns is not None and candidates > max_columns:
        raise TooLargeError(f"the depth-{depth} dictionary of n = {n} points has {candidates} candidate columns, "
                            f"more than max_columns = {max_columns}")
    sign_sets = list(itertools.product((1, -1), repeat=r)) if activation == "relu" else [(1,) * r]
    chains, columns, seen = [], [], set()
    for k in ((0, 1) if depth == 4 else (0,)):
        for js in itertools.product(range(n), repeat=r):
            anchors = [xs[j] for j in js]
            if k == 1:
                anchors[0] = 2 * xs[js[1]] - xs[js[0]]
            for s in sign_sets:
                ch = Chain(tuple(anchors), s, activation, (("j", js), ("k", k)))
                col = tuple(ch(v) for v in xs)
                if all(c == 0 for c in col) or col in seen:
                    continue
                seen.add(col)
                chains.append(ch)
                columns.append(col)
    return DeepDictionary(xs, chains, columns, depth, activation, candidates)


class DeepNarrowNetwork:
    """A parallel deep narrow network ``f(x) = t + Σ_i α_i g_i(x)`` (chains of width 1).

    Examples
    --------
    >>> net = DeepNarrowNetwork([(Fraction(2), Chain((Fraction(0),), (1,), "relu"))], Fraction(-1))
    >>> net.predict([[0], [3]]), net.path_norm()
    ([Fraction(-1, 1), Fraction(5, 1)], Fraction(2, 1))
    """

    def __init__(self, units: list, intercept: Fraction):
        self.units = units
        self.intercept = intercept

    def predict(self, X: Any) -> list[Fraction]:
        xs = _check_x(X)
        return [self.intercept + sum((a * ch(v) for a, ch in self.units), Fraction(0)) for v in xs]

    def path_norm(self) -> Fraction:
        """``Σ_i |α_i| Π_l |w_l|`` (the inner weights are ±1)."""
        return sum((abs(a) for a, _ in self.units), Fraction(0))

    def to_json(self) -> list[dict]:
        return [dict(alpha=format_exact(a), **ch.to_json()) for a, ch in self.units]
