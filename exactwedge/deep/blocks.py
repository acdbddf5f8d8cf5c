r"""Two-layer blocks of a deep ReLU network, and their re-expression by wedge neurons (Thm 9, Thm 10).

A deep network of L = 2k layers without biases is a chain of two-layer blocks

.. math:: A_0 = X, \qquad A_{b+1} = (A_b W_{2b+1})_+\, W_{2b+2},

and its regularizer (eq. 39) is :math:`\frac\beta2\sum_\ell\sum_j\lVert\cdot\rVert_p^2`
over the columns of odd layers and the rows of even layers. Within a block
each hidden unit j can be rescaled (App. 6.12) without changing the outputs,
so a block costs at least its *path* form
:math:`\sum_j \lVert W_1[:,j]\rVert_p\,\lVert W_2[j,:]\rVert_p`, with equality after
rescaling (:meth:`Block.regularization`).

**Thm 9 (p = 1).** Keep the block's outputs :math:`H = (AW_1)_+W_2` on the
training set and minimize its regularization. With ℓ1 rows in the second
layer the problem splits per output unit o into one exact LP

.. math:: \min_z\ \lVert z\rVert_1 \quad\text{s.t.}\quad Kz = H_{:,o},

whose columns K are the ℓ1 wedge features :math:`(Aw_J)_+` of the block's
input activations (:func:`exactwedge.dictionary`, augmented). Its value is at
most the block's path norm for that output, by Lemma 14 and LP duality
(:func:`reexpress_block_l1`).

**Thm 10 (p = 2).** Each hidden weight :math:`w_j` lies in a cone of the
arrangement of A's rows, on which :math:`(Aw)_+` is linear; writing it as a
nonnegative combination of the cone's extreme rays (normalized cross products
of rows of A, Weyl) keeps the outputs exactly, and costs at most
:math:`1/r` times :math:`\lVert w_j\rVert_2` (r of THEORY §6, for A)
(:func:`reexpress_block_l2`).

>>> from fractions import Fraction as Q
>>> blk = Block(((Q(1), Q(-1)), (Q(0), Q(1))), ((Q(2),), (Q(1),)))
>>> blk.forward([[1, 0], [0, 1], [1, 1]])
((Fraction(2, 1),), (Fraction(1, 1),), (Fraction(2, 1),))
>>> blk.regularization(1)
Fraction(4, 1)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

from ..exceptions import DimensionError, InvalidInputError, SolverError
from ..numbers import as_matrix, sqrt_exact, to_sympy

__all__ = [
    "Block",
    "BlockReexpression",
    "layer_forward",
    "deep_forward",
    "deep_regularization",
    "reexpress_block_l1",
    "reexpress_block_l2",
]


def _rational_matrix(M: Any, what: str) -> tuple:
    rows = as_matrix(M, what=what)
    if any(not isinstance(c, Fraction) for r in rows for c in r):
        raise InvalidInputError(f"{what} must be rational")
    return tuple(tuple(r) for r in rows)


def _relu(v: Fraction) -> Fraction:
    return v if v > 0 else Fraction(0)


def _norm(v: Sequence[Fraction], p: int) -> Fraction:
    """:math:`\\lVert v\\rVert_1` for p = 1, :math:`\\lVert v\\rVert_2^2` for p = 2 (both rational)."""
    if p == 1:
        return sum((abs(c) for c in v), Fraction(0))
    return sum((c * c for c in v), Fraction(0))


_SIGMA = {"relu": _relu, "abs": abs, None: lambda v: v}


def _layer(rows: tuple, W: tuple, b: Sequence[Fraction] | None, activation: str | None) -> tuple:
    """``σ(rows W + 1 bᵀ)`` on validated rational tuples."""
    sigma = _SIGMA[activation]
    h = len(W[0]) if W else 0
    b = b if b is not None else (Fraction(0),) * h
    return tuple(tuple(sigma(sum((a[i] * W[i][j] for i in range(len(a))), Fraction(0)) + b[j]) for j in range(h))
                 for a in rows)


def layer_forward(A: Any, W: Any, b: Any = None, activation: str | None = "relu") -> tuple:
    r"""One layer of a deep network, exactly: :math:`\sigma(AW + \mathbf 1 b^\top)`, one row per input row.

    ``W`` is ``m_in × h`` (column j is unit j's weight), ``b`` the h biases
    (None: no bias), ``activation`` ``"relu"``, ``"abs"``, or None for a
    linear layer.

    >>> layer_forward([[1, 2], [3, -4]], [[1], [1]], [Fraction(-1)], "abs")
    ((Fraction(2, 1),), (Fraction(2, 1),))
    >>> layer_forward([[1, 2]], [[1, 0], [1, -1]], None, None)
    ((Fraction(3, 1), Fraction(-2, 1)),)
    """
    if activation not in _SIGMA:
        raise InvalidInputError(f"activation must be 'relu', 'abs' or None, got {activation!r}")
    rows = _rational_matrix(A, "A")
    Wt = _rational_matrix(W, "W")
    if rows and len(rows[0]) != len(Wt):
        raise DimensionError(f"A must have {len(Wt)} columns (the rows of W), got {len(rows[0])}")
    bt = None
    if b is not None:
        bt = _rational_matrix([b], "b")[0]
        if len(bt) != (len(Wt[0]) if Wt else 0):
            raise DimensionError(f"b must have one entry per column of W, got {len(bt)}")
    return _layer(rows, Wt, bt, activation)


@dataclass(frozen=True)
class Block:
    """A two-layer block ``A ↦ (A W1)_+ W2`` with exact rational weights.

    Attributes
    ----------
    W1 : tuple of tuple of Fraction
        ``m_in × h``: column j is hidden unit j's weight.
    W2 : tuple of tuple of Fraction
        ``h × m_out``: row j is hidden unit j's output weights.
    """

    W1: tuple
    W2: tuple

    def __post_init__(self) -> None:
        W1 = _rational_matrix(self.W1, "W1")
        W2 = _rational_matrix(self.W2, "W2")
        h1 = len(W1[0]) if W1 else 0
        if len(W2) != h1:
            raise DimensionError(f"W1 has {h1} hidden units (columns) but W2 has {len(W2)} rows")
        object.__setattr__(self, "W1", W1)
        object.__setattr__(self, "W2", W2)

    @property
    def hidden(self) -> int:
        """The number h of hidden units."""
        return len(self.W2)

    def forward(self, A: Any) -> tuple:
        """``(A W1)_+ W2`` exactly, one output row per input row.

        >>> Block(((Fraction(1),),), ((Fraction(3), Fraction(-1)),)).forward([[2], [-1]])
        ((Fraction(6, 1), Fraction(-2, 1)), (Fraction(0, 1), Fraction(0, 1)))
        """
        rows = _rational_matrix(A, "A")
        if rows and len(rows[0]) != len(self.W1):
            raise DimensionError(f"A must have {len(self.W1)} columns, got {len(rows[0])}")
        return _layer(_layer(rows, self.W1, None, "relu"), self.W2, None, None)

    def unit_norms(self, p: int) -> list[tuple]:
        """Per hidden unit j: ``(‖W1[:,j]‖_p^p', ‖W2[j,:]‖_p^p')`` — the norms for p = 1, their squares for p = 2.

        >>> Block(((Fraction(3),), (Fraction(4),)), ((Fraction(1), Fraction(-1)),)).unit_norms(2)
        [(Fraction(25, 1), Fraction(2, 1))]
        """
        if p not in (1, 2):
            raise InvalidInputError(f"p must be 1 or 2, got {p!r}")
        return [(_norm([r[j] for r in self.W1], p), _norm(self.W2[j], p)) for j in range(self.hidden)]

    def regularization(self, p: int, form: str = "path") -> Any:
        r"""The block's regularizer without β, exactly.

        ``form="path"``: :math:`\sum_j \lVert W_1[:,j]\rVert_p\lVert W_2[j,:]\rVert_p`
        (a Fraction for p = 1, a SymPy surd sum for p = 2), the value after
        the optimal rescaling; ``form="decay"``:
        :math:`\tfrac12\sum_j(\lVert W_1[:,j]\rVert_p^2 + \lVert W_2[j,:]\rVert_p^2)` (rational).

        >>> b = Block(((Fraction(3),), (Fraction(4),)), ((Fraction(1), Fraction(-1)),))
        >>> b.regularization(2), b.regularization(2, "decay"), b.regularization(1)
        (5*sqrt(2), Fraction(27, 2), Fraction(14, 1))
        """
        norms = self.unit_norms(p)
        if form == "decay":
            if p == 1:
                return sum((a * a + b * b for a, b in norms), Fraction(0)) / 2
            return sum((a + b for a, b in norms), Fraction(0)) / 2
        if form != "path":
            raise InvalidInputError(f"form must be 'path' or 'decay', got {form!r}")
        if p == 1:
            return sum((a * b for a, b in norms), Fraction(0))
        import sympy

        return sympy.Add(*[to_sympy(sqrt_exact(a * b)) for a, b in norms])


def deep_forward(X: Any, blocks: Sequence[Block]) -> list[tuple]:
    """The activations ``[A_0 = X, A_1, …, A_k]`` of a chain of blocks, exactly.

    >>> b = Block(((Fraction(1),),), ((Fraction(2),),))
    >>> [a[1][0] for a in deep_forward([[1], [3]], [b, b])]
    [Fraction(3, 1), Fraction(6, 1), Fraction(12, 1)]
    """
    acts = [_rational_matrix(X, "X")]
    for blk in blocks:
        acts.append(blk.forward(acts[-1]))
    return acts


def deep_regularization(blocks: Sequence[Block], p: int, form: str = "path", *, last: Any = None) -> Any:
    r"""The sum of the blocks' regularizers (see :meth:`Block.regularization`).

    ``last`` is the unpaired last layer of a network of odd depth (an odd
    layer, ``m × k``): it adds its weight decay
    :math:`\tfrac12\sum_j\lVert W_L[:,j]\rVert_p^2` in both forms.

    >>> b = Block(((Fraction(1),),), ((Fraction(-2),),))
    >>> deep_regularization([b, b], 1), deep_regularization([b, b], 1, "decay")
    (Fraction(4, 1), Fraction(5, 1))
    >>> deep_regularization([b], 1, last=[[Fraction(1)], [Fraction(-2)]])
    Fraction(13, 2)
    """
    total: Any = Fraction(0)
    for b in blocks:
        total = total + b.regularization(p, form)
    if last is not None:
        W = _rational_matrix(last, "last")
        norms = [_norm([r[j] for r in W], p) for j in range(len(W[0]) if W else 0)]
        total = total + sum((n * n if p == 1 else n for n in norms), Fraction(0)) / 2
    return total


@dataclass
class BlockReexpression:
    """A block re-expressed by wedge neurons of its input activations.

    Attributes
    ----------
    block : Block
        The new block (same outputs on the training activations).
    values : list
        ℓ1 (Thm 9): the exact LP optimum per output unit (their sum is the
        new path regularization). ℓ2 (Thm 10): empty.
    certified : bool
        ℓ1: every LP optimum passed its exact certificate
        (:meth:`~exactwedge.lp.LPResult.verify`); ℓ2: every cone
        decomposition was checked exactly.
    radius : float or None
        ℓ2: r of the arrangement of A (the bound factor is 1/r).
    sources : list
        Per new hidden unit: its provenance (the dictionary column for ℓ1,
        the primitive ray for ℓ2).
    """

    block: Block
    values: list = field(default_factory=list)
    certified: bool = False
    radius: float | None = None
    sources: list = field(default_factory=list)


def reexpress_block_l1(A: Any, block: Block, *, dictionary: Any = None) -> BlockReexpression:
    r"""Re-express a block by the ℓ1 wedge neurons of its inputs: one exact LP per output (Thm 9).

    .. math:: \min_{z^{(o)}} \lVert z^{(o)}\rVert_1 \ \text{ s.t. }\ K z^{(o)} = H_{:,o},
              \qquad H = (AW_1)_+W_2,\quad K_{:,J} = (A w_J)_+,\ \lVert w_J\rVert_1 = 1.

    The new block has one hidden unit per dictionary column used, with
    weight :math:`w_J` and output row :math:`(z^{(1)}_J, \dots, z^{(m)}_J)`, so
    its outputs on A equal H exactly and its path regularization is
    :math:`\sum_o \lVert z^{(o)}\rVert_1`.

    Parameters
    ----------
    A : (n, m_in) rational activations (the block's inputs on the training set)
    block : Block
    dictionary : Dictionary, optional
        The columns to use; by default ``exactwedge.dictionary(A, norm=1)``.

    Returns
    -------
    BlockReexpression

    Raises
    ------
    SolverError
        When an LP is infeasible (the dictionary cannot reproduce H).

    Examples
    --------
    >>> blk = Block(((Fraction(1), Fraction(1)),), ((Fraction(1),), (Fraction(1),)))
    >>> re = reexpress_block_l1([[1], [2], [-1]], blk)
    >>> re.values, re.certified, re.block.regularization(1), blk.regularization(1)
    ([Fraction(2, 1)], True, Fraction(2, 1), Fraction(2, 1))
    >>> re.block.forward([[1], [2], [-1]]) == blk.forward([[1], [2], [-1]])
    True
    >>> dead = Block(((Fraction(-1),),), ((Fraction(5), Fraction(1)),))  # outputs all zero on A ≥ 0
    >>> reexpress_block_l1([[1], [2]], dead).block.forward([[1], [2]])
    ((Fraction(0, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(0, 1)))
    """
    from ..dictionary import dictionary as build
    from ..lp.linprog import linprog_exact

    rows = _rational_matrix(A, "A")
    H = block.forward(rows)
    D = dictionary if dictionary is not None else build(rows, norm=1, bias=False)
    m = len(D)
    cols = [D.column(j) for j in range(m)]
    n = len(rows)
    m_out = len(H[0]) if H else 0
    A_eq = [[cols[j][i] for j in range(m)] + [-cols[j][i] for j in range(m)] for i in range(n)]
    Z: dict[int, list] = {}
    values, ok = [], True
    for o in range(m_out):
        res = linprog_exact([Fraction(1)] * (2 * m), A_eq=A_eq, b_eq=[H[i][o] for i in range(n)])
        if res.status != "optimal":
            raise SolverError(f"output unit {o}: the re-expression LP is {res.status} "
                              f"({m} dictionary columns cannot reproduce the block's outputs)")
        ok = ok and res.verify()
        values.append(res.value)
        for j in range(m):
            v = res.x[j] - res.x[m + j]
            if v != 0:
                Z.setdefault(j, [Fraction(0)] * m_out)[o] = v
    used = sorted(Z)
    neurons = [D.neuron(j) for j in used]
    m_in = len(rows[0])
    W1 = tuple(tuple(neurons[k].w[i] for k in range(len(used))) for i in range(m_in))
    W2 = tuple(tuple(Z[j]) for j in used)
    if not used:
        W1, W2 = _zero_block(m_in, m_out)
    return BlockReexpression(Block(W1, W2), values, ok, None, [dict(column=j, **D.neuron(j).provenance()) for j in used])


def _zero_block(m_in: int, m_out: int) -> tuple:
    """One idle unit (w = 0, zero output weights): a block with zero outputs of width m_out and zero cost."""
    return tuple((Fraction(0),) for _ in range(m_in)), (tuple(Fraction(0) for _ in range(m_out)),)


def reexpress_block_l2(A: Any, block: Block) -> BlockReexpression:
    r"""Re-express a block by cross-product neurons of its inputs' chambers (Thm 10, p = 2).

    Each hidden weight :math:`w_j \ne 0` lies in the cone
    :math:`\{v : \sigma_i a_i^\top v \ge 0,\ a_i^\top v = 0 \text{ where } \sigma_i = 0\}`,
    :math:`\sigma = \operatorname{sign}(Aw_j)`, on which :math:`(Av)_+` is linear. An
    exact LP writes :math:`w_j = \sum_k \nu_k r_k` with :math:`\nu\ge0` over the
    cone's extreme rays :math:`r_k` (primitive integer cross products of rows
    of A, Lemma 19), so :math:`(Aw_j)_+ = \sum_k\nu_k(Ar_k)_+`. Units with the
    same ray are merged. The outputs are kept exactly, and (THEORY §6)
    :math:`\sum_k \nu_k\lVert r_k\rVert_2 \le \lVert w_j\rVert_2 / r`, so the
    ℓ2 path regularization grows at most by the factor 1/r.

    Parameters
    ----------
    A : (n, m_in) rational activations of rank m_in
    block : Block

    Returns
    -------
    BlockReexpression
        With ``radius`` = r of A's arrangement.

    Examples
    --------
    >>> blk = Block(((Fraction(1),), (Fraction(1),)), ((Fraction(1),),))
    >>> A = [[1, 0], [0, 1], [1, -2]]
    >>> re = reexpress_block_l2(A, blk)
    >>> re.block.forward(A) == blk.forward(A), re.certified, re.sources
    (True, True, [(0, 1), (2, 1)])
    >>> float(re.block.regularization(2)) <= float(blk.regularization(2)) / re.radius
    True
    """
    from ..arrangement.chambers import chamber_radius, chamber_rays
    from ..lp.linprog import linprog_exact

    rows = _rational_matrix(A, "A")
    m_in = len(rows[0])
    radius = chamber_radius(rows).value  # raises DimensionError when rank A < m_in
    merged: dict[tuple, list] = {}
    order: list[tuple] = []
    ok = True
    m_out = len(block.W2[0]) if block.W2 else 0
    for j in range(block.hidden):
        w = [block.W1[i][j] for i in range(m_in)]
        out = block.W2[j]
        if all(v == 0 for v in w) or all(v == 0 for v in out):
            continue
        sig = []
        for a in rows:
            s = sum((p * q for p, q in zip(a, w)), Fraction(0))
            sig.append((s > 0) - (s < 0))
        R = chamber_rays(rows, sig)
        res = linprog_exact([Fraction(0)] * len(R), A_eq=[[Fraction(r[i]) for r in R] for i in range(m_in)], b_eq=w)
        if res.status != "optimal":
            raise SolverError(f"hidden unit {j}: its weight is not in the cone of its chamber's rays")
        back = [sum((res.x[k] * R[k][i] for k in range(len(R))), Fraction(0)) for i in range(m_in)]
        ok = ok and back == w and all(v >= 0 for v in res.x)
        for k, nu in enumerate(res.x):
            if nu == 0:
                continue
            key = tuple(R[k])
            if key not in merged:
                merged[key] = [Fraction(0)] * m_out
                order.append(key)
            merged[key] = [a + nu * b for a, b in zip(merged[key], out)]
    W1 = tuple(tuple(Fraction(key[i]) for key in order) for i in range(m_in))
    W2 = tuple(tuple(merged[key]) for key in order)
    if not order:
        W1, W2 = _zero_block(m_in, m_out)
    return BlockReexpression(Block(W1, W2), [], ok, radius, list(order))
