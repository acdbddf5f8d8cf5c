r"""A polytope :math:`P = \{p \ge 0 : Ap = b\}`, exactly: ranges, dimension, vertices, sparsest points, pruning.

The optimal set of a Lasso is such a polytope (the magnitudes of the optimal
:math:`z` on the equicorrelation set, :mod:`exactwedge.optimal`). Everything
here is rational: each range is an exact LP (:func:`~exactwedge.lp.solve_lp`),
each vertex an exact solve of a basis, and the sparsest point is found by
exhaustion over supports of growing size, which proves its minimality. Work
that cannot finish is refused before it starts, with its count.

>>> P = Polytope([[1, 1, 1]], [2])       # p₀ + p₁ + p₂ = 2, p ≥ 0: a triangle
>>> P.dimension(), P.coordinate_range(0)
(2, (Fraction(0, 1), Fraction(2, 1)))
>>> sorted(P.vertices())
[(Fraction(0, 1), Fraction(0, 1), Fraction(2, 1)), (Fraction(0, 1), Fraction(2, 1), Fraction(0, 1)), (Fraction(2, 1), Fraction(0, 1), Fraction(0, 1))]
"""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import combinations
from typing import Any, Sequence

from ..exceptions import InvalidInputError, SolverError, TooLargeError
from ..numbers import as_vector
from ..numbers.linalg import _fmpq_mat
from .simplex import _fq, solve_lp

__all__ = ["Polytope", "nonzeros", "DEFAULT_MAX_SUBSETS", "DEFAULT_MAX_NODES"]

#: Supports examined at most by :meth:`Polytope.vertices` and :meth:`Polytope.sparsest` (refused above).
DEFAULT_MAX_SUBSETS = 20_000
#: Nodes of :meth:`Polytope.sparsest_branch_and_bound` at most (each an exact LP).
DEFAULT_MAX_NODES = 2_000


def nonzeros(x: Sequence[Any]) -> int:
    """The number of nonzero coordinates of x (a network's width).

    >>> nonzeros([0, 2, 0, -1])
    2
    """
    return sum(1 for v in x if v)


class Polytope:
    """``P = {p ≥ 0 : A p = b}`` with rational A (m × k) and b; P must be nonempty.

    Redundant equations are dropped once (an exact rank-revealing reduction), so
    every LP below runs on independent rows.

    Examples
    --------
    >>> P = Polytope([[1, 1, 0], [0, 1, 1]], [1, 1])
    >>> P.point_of_lp([0, -1, 0]), P.dimension()
    ((Fraction(0, 1), Fraction(1, 1), Fraction(0, 1)), 1)
    """

    def __init__(self, A: Sequence[Sequence[Any]], b: Sequence[Any]):
        rows = [list(as_vector(r, what="a row of A")) for r in A]
        self.k = len(rows[0]) if rows else 0
        if any(len(r) != self.k for r in rows):
            raise InvalidInputError("the rows of A must have one length")
        self.b = list(as_vector(b, len(rows), what="b"))
        if any(not isinstance(v, Fraction) for r in rows for v in r) or any(not isinstance(v, Fraction) for v in self.b):
            raise InvalidInputError("a polytope needs rational A and b")
        self.A = rows
        # independent rows: the pivot columns of Aᵀ's reduced echelon form
        keep: list[int] = []
        if rows and self.k:
            R, rank = _fmpq_mat([[r[j] for r in rows] for j in range(self.k)], len(rows)).rref()
            for r in range(int(rank)):
                keep.append(next(c for c in range(len(rows)) if R[r, c] != 0))
        self.rows = keep
        self._known: list[tuple[Fraction, ...]] = []  # points of P met so far (for shortcuts)
        self._hi: dict[int, Fraction] = {}

    # ---------------------------------------------------------------- LPs
    def _lp(self, c: Sequence[Any]) -> Any:
        Ar = [self.A[i] for i in self.rows]
        br = [self.b[i] for i in self.rows]
        if not Ar:  # no equation: P is the orthant (bounded only when k = 0)
            Ar, br = [[Fraction(0)] * self.k], [Fraction(0)]
        res = solve_lp(list(c), Ar, br)
        if res.status == "infeasible":
            raise InvalidInputError("the polytope is empty (A p = b has no solution p ≥ 0)")
        if res.status != "optimal":
            raise SolverError(f"the polytope's LP ended {res.status!r} (P must be bounded)")
        x = tuple(res.x)
        if any(self._dot_row(i, x) != self.b[i] for i in range(len(self.A))):  # pragma: no cover - exact LP
            raise SolverError("internal error: an LP point violates a dropped equation")
        self._known.append(x)
        return res

    def _dot_row(self, i: int, x: Sequence[Fraction]) -> Fraction:
        return sum((a * v for a, v in zip(self.A[i], x) if a), Fraction(0))

    def point_of_lp(self, c: Sequence[Any]) -> tuple[Fraction, ...]:
        """A vertex minimizing ``cᵀp`` over P (exact simplex)."""
        return tuple(self._lp(c).x)

    def linear_range(self, c: Sequence[Any]) -> tuple[Fraction, Fraction]:
        """``(min, max)`` of ``cᵀp`` over P, two exact LPs.

        >>> Polytope([[1, 1]], [3]).linear_range([1, -1])
        (Fraction(-3, 1), Fraction(3, 1))
        """
        c = list(as_vector(c, self.k, what="c"))
        lo = self._lp(c).value
        hi = -self._lp([-v for v in c]).value
        return lo, hi

    def coordinate_range(self, j: int) -> tuple[Fraction, Fraction]:
        """``(min p_j, max p_j)`` over P; the minimum is 0 without an LP once a point with ``p_j = 0`` is known.

        >>> Polytope([[1, 1], [1, 0]], [3, 1]).coordinate_range(1)
        (Fraction(2, 1), Fraction(2, 1))
        """
        if j not in self._hi:
            self._hi[j] = -self._lp([-Fraction(int(i == j)) for i in range(self.k)]).value
        if any(x[j] == 0 for x in self._known):
            return Fraction(0), self._hi[j]
        return self._lp([Fraction(int(i == j)) for i in range(self.k)]).value, self._hi[j]

    def free_coordinates(self) -> list[int]:
        """The j with ``p_j > 0`` somewhere on P (the others are 0 on all of P); one LP per coordinate at most.

        >>> Polytope([[1, 1, 0], [0, 0, 1]], [1, 0]).free_coordinates()
        [0, 1]
        """
        out = []
        for j in range(self.k):
            if any(x[j] > 0 for x in self._known):
                out.append(j)
                continue
            if self.coordinate_range(j)[1] > 0:
                out.append(j)
        return out

    # --------------------------------------------------------- linear algebra
    def _columns(self, S: Sequence[int]) -> Any:
        return _fmpq_mat([[self.A[i][j] for j in S] for i in self.rows], len(S))

    def rank(self, S: Sequence[int] | None = None) -> int:
        """The rank of the columns ``S`` of A (all by default)."""
        S = list(range(self.k)) if S is None else list(S)
        return int(self._columns(S).rank()) if S and self.rows else 0

    def dimension(self) -> int:
        """``dim P``: the free coordinates minus the rank of their columns (P's affine hull)."""
        F = self.free_coordinates()
        return len(F) - self.rank(F)

    def solve_support(self, S: Sequence[int]) -> tuple[Fraction, ...] | None:
        """The point of ``{A p = b}`` supported on the independent columns S, if they are independent and it exists.

        >>> Polytope([[1, 2]], [4]).solve_support([1])
        (Fraction(0, 1), Fraction(2, 1))
        """
        S = list(S)
        if not S:
            return tuple([Fraction(0)] * self.k) if all(v == 0 for v in self.b) else None
        M = _fmpq_mat([[self.A[i][j] for j in S] + [self.b[i]] for i in self.rows], len(S) + 1)
        R, rank = M.rref()
        if int(rank) != len(S) or any(R[r, r] != 1 for r in range(len(S))):
            return None  # dependent columns, or b outside their span
        x = [Fraction(0)] * self.k
        for r, j in enumerate(S):
            x[j] = _fq(R[r, len(S)])
        return tuple(x)

    # --------------------------------------------------------- enumeration
    def vertices(self, *, max_subsets: int = DEFAULT_MAX_SUBSETS) -> list[tuple[Fraction, ...]]:
        """Every vertex of P (the feasible basic solutions), refused above ``max_subsets`` candidate bases.

        >>> Polytope([[1, 1, 0], [0, 1, 1]], [1, 1]).vertices()
        [(Fraction(0, 1), Fraction(1, 1), Fraction(0, 1)), (Fraction(1, 1), Fraction(0, 1), Fraction(1, 1))]
        """
        F = self.free_coordinates()
        r = self.rank(F)
        count = math.comb(len(F), r)
        if count > max_subsets:
            raise TooLargeError(f"the optimal face has {len(F)} free coordinates of rank {r}: {count:,} candidate "
                                f"bases, more than max_subsets={max_subsets:,} (raise it to enumerate them)")
        found = set()
        for S in combinations(F, r):
            x = self.solve_support(S)
            if x is not None and all(v >= 0 for v in x):
                found.add(x)
        return sorted(found)

    def sparsest(self, *, required: Sequence[int] = (), max_subsets: int = DEFAULT_MAX_SUBSETS
                 ) -> tuple[tuple[Fraction, ...], int]:
        """A point of P with the fewest nonzeros, and the number of supports examined (the proof of minimality).

        Supports of size 0, 1, 2, … are tried in turn, each containing ``required``
        (coordinates positive on all of P, which every point must use) and only
        free coordinates: the first size with a point is the minimum, since every
        smaller support was examined and has none. A sparsest point is a vertex
        (its columns are independent), so the search stops by the rank.

        >>> P = Polytope([[1, 1, 1], [1, 0, 2]], [2, 3])  # no point with one nonzero: 1 + 3 supports examined
        >>> P.sparsest()
        ((Fraction(1, 1), Fraction(0, 1), Fraction(1, 1)), 6)
        """
        F = self.free_coordinates()
        req = sorted(set(required))
        if any(j not in F for j in req):
            raise InvalidInputError("a required coordinate is 0 on all of P")
        rest = [j for j in F if j not in req]
        r = self.rank(F)
        examined = 0
        for size in range(len(req), r + 1):
            count = math.comb(len(rest), size - len(req))
            if examined + count > max_subsets:
                raise TooLargeError(f"no point of the optimal face has fewer than {size} nonzeros; size {size} has "
                                    f"{count:,} supports to examine, more than max_subsets={max_subsets:,} "
                                    "(raise it, or take the pruned network as an upper bound)")
            for extra in combinations(rest, size - len(req)):
                examined += 1
                x = self.solve_support(req + list(extra))
                if x is not None and all(v >= 0 for v in x):
                    return x, examined
        raise SolverError("internal error: a nonempty polytope has a vertex")  # pragma: no cover

    def sparsest_branch_and_bound(self, *, required: Sequence[int] = (), max_nodes: int = DEFAULT_MAX_NODES
                                  ) -> tuple[tuple[Fraction, ...], int]:
        """A point of P with the fewest nonzeros by exact branch and bound, and the nodes it took.

        The integer program ``min Σ u_j`` with ``p_j ≤ M_j u_j`` (``M_j`` = max p_j
        on P, exact), ``u ∈ {0, 1}``, is relaxed to the LP ``min Σ p_j / M_j`` over
        P with the branched coordinates fixed (``u_j = 1``: counted; ``u_j = 0``:
        the column dropped), solved in rationals. A relaxation's vertex is itself
        a point of P, so each one is a candidate; a node whose bound, rounded up,
        is no better than the best point is closed. When every node is closed
        the best point is the minimum: that is the proof. Refused (TooLargeError,
        with the best point's width and the lower bound) after ``max_nodes``.

        >>> P = Polytope([[1, 1, 1], [1, 0, 2]], [2, 3])
        >>> P.sparsest_branch_and_bound()[0]
        (Fraction(1, 1), Fraction(0, 1), Fraction(1, 1))
        """
        F = self.free_coordinates()
        M = {j: self.coordinate_range(j)[1] for j in F}
        req = sorted(set(required))
        if any(j not in F for j in req):
            raise InvalidInputError("a required coordinate is 0 on all of P")
        best: tuple[Fraction, ...] | None = None
        best_width = self.k + 1
        stack = [(frozenset(), frozenset(req))]  # (zero, used)
        nodes = 0
        lowest = len(req)
        while stack:
            zero, used = stack.pop()
            nodes += 1
            if nodes > max_nodes:
                raise TooLargeError(f"branch and bound stopped at max_nodes={max_nodes:,}: the best optimal network "
                                    f"found has {best_width if best else '?'} neurons, and none has "
                                    f"fewer than {lowest} (raise max_nodes to close the gap)")
            cols = [j for j in F if j not in zero]
            Ar = [[self.A[i][j] for j in cols] for i in self.rows] or [[Fraction(0)] * len(cols)]
            br = [self.b[i] for i in self.rows] or [Fraction(0)]
            c = [Fraction(0) if j in used else 1 / M[j] for j in cols]
            res = solve_lp(c, Ar, br)
            if res.status != "optimal":
                continue  # no point of P with these coordinates 0
            x = [Fraction(0)] * self.k
            for j, v in zip(cols, res.x):
                x[j] = v
            width = nonzeros(x)
            if width < best_width:
                best, best_width = tuple(x), width
            bound = len(used) + math.ceil(res.value)
            if nodes == 1:
                lowest = bound
            if bound >= best_width:
                continue
            free = [j for j in cols if j not in used and x[j] > 0]
            if not free:
                continue
            j = max(free, key=lambda k: (min(x[k] / M[k], 1 - x[k] / M[k]), -k))  # the most fractional u_j
            stack.append((zero | {j}, used))
            stack.append((zero, used | {j}))
        if best is None:
            raise InvalidInputError("the polytope is empty (A p = b has no solution p ≥ 0)")
        return best, nodes

    def prune(self, p: Sequence[Any]) -> tuple[tuple[Fraction, ...], int]:
        """From a point of P to a vertex whose support is inside p's: ``(point, moves)``.

        While the columns of the support are dependent, move along a null
        direction of them until a coordinate reaches 0 (Carathéodory). The
        point stays in P at each move, so every linear function constant on P
        (for the Lasso: the fit and the ℓ1 norm) keeps its value exactly.

        >>> Polytope([[1, 1, 1]], [2]).prune([1, 1 / Fraction(2), 1 / Fraction(2)])
        ((Fraction(2, 1), Fraction(0, 1), Fraction(0, 1)), 2)
        """
        x = list(as_vector(p, self.k, what="p"))
        if any(v < 0 for v in x) or any(self._dot_row(i, x) != self.b[i] for i in range(len(self.A))):
            raise InvalidInputError("prune needs a point of the polytope")
        moves = 0
        while True:
            S = [j for j in range(self.k) if x[j] != 0]
            if not S or self.rank(S) == len(S):
                return tuple(x), moves
            N, _nullity = self._columns(S).numer_denom()[0].nullspace()  # the first column spans a null direction
            d = [Fraction(int(N[i, 0])) for i in range(len(S))]
            if not any(v < 0 for v in d):
                d = [-v for v in d]
            # the largest step before a coordinate of the support reaches 0; the last column of a tie goes
            step = min(x[j] / -v for j, v in zip(S, d) if v < 0)
            for j, v in zip(S, d):
                x[j] += step * v
            moves += 1
