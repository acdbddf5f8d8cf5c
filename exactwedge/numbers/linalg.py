r"""Exact linear algebra over :math:`\mathbb Q` and :math:`\mathbb Z` (python-flint).

Matrices are given by rows: sequences of ints, :class:`fractions.Fraction` or
anything :func:`~exactwedge.numbers.exact` reads as a rational (floats are
refused). Results are ints and Fractions, never floats. Integer matrices go
to FLINT's ``fmpz_mat``, rational ones to ``fmpq_mat``; python-flint is
imported on first use, so ``import exactwedge`` stays light.

* :func:`rank`, :func:`rref`, :func:`pivot_columns`: row reduction;
* :func:`nullspace`: an integer basis of :math:`\{x : Mx = 0\}`;
* :func:`solve`, :func:`inverse`, :func:`det`: square systems; :func:`lstsq`:
  least squares by the normal equations;
* :class:`IndependentVectors`: an incremental independence test for integer
  vectors (accept a vector when it is independent of those accepted so far).

>>> from fractions import Fraction as Q
>>> M = [[1, 2, 3], [2, 4, 6], [0, 1, Q(1, 2)]]
>>> rank(M), pivot_columns(M), nullspace(M)
(2, [0, 1], [[4, 1, -2]])
>>> solve([[2, 1], [1, 3]], [3, 5]), det([[2, 1], [1, 3]])
([Fraction(4, 5), Fraction(7, 5)], Fraction(5, 1))
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

from ..exceptions import DimensionError, InvalidInputError
from .policy import exact, integer_rows

__all__ = ["rank", "rref", "pivot_columns", "nullspace", "solve", "lstsq", "inverse", "det", "IndependentVectors"]

#: 2^27 − 39: a sum of 64 products of residues stays below 2^63 (the mod-p test of :class:`IndependentVectors`).
_PRIME = 134217689


def _rows(M: Any, what: str = "matrix") -> tuple[list[list[Any]], int, bool]:
    """Rows as lists of ints/Fractions, the number of columns, and whether every entry is a Python int."""
    try:
        rows = [list(r) for r in M]
    except TypeError:
        raise DimensionError(f"{what} must be a sequence of rows") from None
    d = len(rows[0]) if rows else 0
    ints = True
    for i, r in enumerate(rows):
        if len(r) != d:
            raise DimensionError(f"{what}: row {i} has {len(r)} entries, expected {d} (ragged rows)")
        for j, c in enumerate(r):
            t = type(c)
            if t is int:
                continue
            ints = False
            if t is not Fraction:
                c = exact(c)
                if not isinstance(c, (int, Fraction)):
                    raise InvalidInputError(f"{what} must be rational, got {c!r}")
                r[j] = c
    return rows, d, ints


def _flint() -> Any:
    import flint

    return flint


def _fmpz_mat(rows: list[list[int]], d: int) -> Any:
    return _flint().fmpz_mat(len(rows), d, [c for r in rows for c in r])


def _fmpq_mat(rows: list[list[Any]], d: int) -> Any:
    fq = _flint().fmpq
    return _flint().fmpq_mat(len(rows), d, [fq(c.numerator, c.denominator) for r in rows for c in r])


def _fractions(A: Any) -> list[list[Fraction]]:
    """An ``fmpq_mat`` as rows of Fractions."""
    return [[Fraction(int(A[i, j].p), int(A[i, j].q)) for j in range(A.ncols())] for i in range(A.nrows())]


def _square(rows: list, d: int, what: str) -> None:
    if len(rows) != d:
        raise DimensionError(f"{what} must be square, got {len(rows)} × {d}")


def rank(M: Any) -> int:
    """The exact rank of a rational matrix (0 for a matrix without rows or columns).

    >>> from fractions import Fraction as Q
    >>> rank([[1, 2], [2, 4], [0, 1]]), rank([[Q(1, 2), Q(1, 3)], [3, 2]]), rank([])
    (2, 1, 0)
    """
    rows, d, ints = _rows(M)
    if not rows or not d:
        return 0
    return int((_fmpz_mat(rows, d) if ints else _fmpq_mat(rows, d)).rank())


def rref(M: Any) -> tuple[list[list[Fraction]], list[int]]:
    """The reduced row echelon form (rank rows, then zero rows) and its pivot columns.

    >>> R, piv = rref([[0, 2, 4], [1, 1, 1], [1, 2, 3]])
    >>> R, piv
    ([[Fraction(1, 1), Fraction(0, 1), Fraction(-1, 1)], [Fraction(0, 1), Fraction(1, 1), Fraction(2, 1)], [Fraction(0, 1), Fraction(0, 1), Fraction(0, 1)]], [0, 1])
    """
    rows, d, _ = _rows(M)
    if not rows or not d:
        return [[Fraction(0)] * d for _ in rows], []
    R, r = _fmpq_mat(rows, d).rref()
    return _fractions(R), _pivots(R, int(r), d)


def _pivots(R: Any, r: int, d: int) -> list[int]:
    return [next(j for j in range(d) if R[i, j] != 0) for i in range(r)]


def pivot_columns(M: Any) -> list[int]:
    """Indices of a maximal set of linearly independent columns: the pivots of the RREF (the first ones).

    >>> pivot_columns([[1, 2, 3], [2, 4, 7]])
    [0, 2]
    """
    rows, d, _ = _rows(M)
    if not rows or not d:
        return []
    R, r = _fmpq_mat(rows, d).rref()
    return _pivots(R, int(r), d)


def nullspace(M: Any, *, ncols: int | None = None) -> list[list[int]]:
    r"""An integer basis of the null space :math:`\{x \in \mathbb Q^d : Mx = 0\}`.

    Each rational row is first scaled to integers (which keeps the null
    space); the basis is FLINT's (``fmpz_mat.nullspace``, fraction-free), one
    list of ints per basis vector, empty when M has full column rank.
    ``ncols`` gives d for a matrix without rows (whose null space is all of
    :math:`\mathbb Q^d`).

    >>> from fractions import Fraction as Q
    >>> nullspace([[1, 1, 0], [0, 1, 1]]), nullspace([[Q(1, 2), Q(1, 3)]]), nullspace([[1, 0], [0, 1]])
    ([[-1, 1, -1]], [[2, -3]], [])
    >>> nullspace([], ncols=2)
    [[1, 0], [0, 1]]
    """
    rows, d, ints = _rows(M)
    if not rows:
        if ncols is None:
            raise DimensionError("nullspace of a matrix without rows needs ncols")
        d = ncols
    elif ncols is not None and ncols != d:
        raise DimensionError(f"the matrix has {d} columns, not ncols = {ncols}")
    if not ints:
        rows, _ = integer_rows(rows)
    N, nullity = _fmpz_mat(rows, d).nullspace()
    return [[int(N[i, j]) for i in range(d)] for j in range(int(nullity))]


def solve(A: Any, b: Sequence[Any]) -> list[Fraction]:
    """The solution x of the square nonsingular system ``A x = b``, exactly.

    Raises :class:`~exactwedge.exceptions.InvalidInputError` when A is singular.

    >>> from fractions import Fraction as Q
    >>> solve([[1, 1], [1, -1]], [Q(1, 2), 2])
    [Fraction(5, 4), Fraction(-3, 4)]
    >>> solve([[1, 2], [2, 4]], [1, 1])
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: the 2 × 2 matrix is singular: A x = b has no unique solution
    """
    rows, d, _ = _rows(A, "A")
    _square(rows, d, "A")
    rhs, _, _ = _rows([[v] for v in b], "b")
    if len(rhs) != d:
        raise DimensionError(f"b must have {d} entries, got {len(rhs)}")
    if not d:
        return []
    try:
        S = _fmpq_mat(rows, d).solve(_fmpq_mat(rhs, 1))
    except ZeroDivisionError:
        raise InvalidInputError(f"the {d} × {d} matrix is singular: A x = b has no unique solution") from None
    return [r[0] for r in _fractions(S)]


def lstsq(A: Any, b: Sequence[Any]) -> list[Fraction]:
    r"""The exact least-squares solution of :math:`Ax \approx b` for A of full column rank.

    The unique minimizer of :math:`\lVert Ax - b\rVert_2`, the solution of the
    normal equations :math:`A^\top A x = A^\top b`; when the system is
    consistent it solves ``A x = b``. Raises
    :class:`~exactwedge.exceptions.InvalidInputError` when A has dependent columns.

    >>> lstsq([[1, 0], [0, 1], [1, 1]], [1, 1, 0])
    [Fraction(1, 3), Fraction(1, 3)]
    >>> lstsq([[1, 2], [2, 4], [0, 0]], [1, 2, 3])
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: the 3 × 2 matrix has dependent columns: no unique least-squares solution
    """
    rows, d, _ = _rows(A, "A")
    rhs, _, _ = _rows([[v] for v in b], "b")
    if len(rhs) != len(rows):
        raise DimensionError(f"b must have {len(rows)} entries, got {len(rhs)}")
    if not d:
        return []
    M = _fmpq_mat(rows, d)
    Mt = M.transpose()
    try:
        S = (Mt * M).solve(Mt * _fmpq_mat(rhs, 1))
    except ZeroDivisionError:
        raise InvalidInputError(f"the {len(rows)} × {d} matrix has dependent columns: "
                                "no unique least-squares solution") from None
    return [r[0] for r in _fractions(S)]


def inverse(M: Any) -> list[list[Fraction]]:
    """The exact inverse of a square nonsingular rational matrix.

    Raises :class:`~exactwedge.exceptions.InvalidInputError` when M is singular.

    >>> inverse([[2, 1], [1, 1]])
    [[Fraction(1, 1), Fraction(-1, 1)], [Fraction(-1, 1), Fraction(2, 1)]]
    >>> inverse([[1, 1], [1, 1]])
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: the 2 × 2 matrix is singular: no inverse
    """
    rows, d, _ = _rows(M)
    _square(rows, d, "the matrix")
    if not d:
        return []
    try:
        return _fractions(_fmpq_mat(rows, d).inv())
    except ZeroDivisionError:
        raise InvalidInputError(f"the {d} × {d} matrix is singular: no inverse") from None


def det(M: Any) -> Fraction:
    """The exact determinant of a square rational matrix (1 for the 0 × 0 matrix).

    >>> from fractions import Fraction as Q
    >>> det([[1, 2], [3, 4]]), det([[Q(1, 2), 0], [0, Q(2, 3)]]), det([])
    (Fraction(-2, 1), Fraction(1, 3), Fraction(1, 1))
    """
    rows, d, ints = _rows(M)
    _square(rows, d, "the matrix")
    if not d:
        return Fraction(1)
    if ints:
        return Fraction(int(_fmpz_mat(rows, d).det()))
    v = _fmpq_mat(rows, d).det()
    return Fraction(int(v.p), int(v.q))


class IndependentVectors:
    """An incremental exact independence test for vectors of :math:`\\mathbb Q^d`.

    :meth:`add` accepts a vector, and returns True, when it is linearly
    independent of the vectors accepted so far. Rational vectors are scaled
    to integers first (which keeps independence); ``vectors`` holds the
    accepted ones, as integers.

    A vector independent of the accepted ones modulo a prime p is independent
    over Q (reduction mod p cannot raise the rank): that test keeps a reduced
    row echelon form mod p in numpy int64 and is fast in high dimension. A
    vector dependent modulo p is decided exactly: it lies in the rational span
    of the accepted vectors iff it is orthogonal to their integer null space
    (:func:`nullspace`, recomputed only after an acceptance). After a vector
    is accepted although dependent mod p, every later test is exact
    (``exact_only``).

    >>> ind = IndependentVectors(3)
    >>> ind.add([1, 0, 0]), ind.add([2, 0, 0]), ind.add([0, 134217689, 0]), ind.exact_only
    (True, False, True, True)
    >>> from fractions import Fraction as Q
    >>> ind.add([Q(1, 2), Q(1, 3), 0]), ind.add([0, 0, Q(5, 7)]), ind.vectors
    (False, True, [[1, 0, 0], [0, 134217689, 0], [0, 0, 5]])
    """

    def __init__(self, d: int) -> None:
        import numpy as np

        self.d = d
        self.R = np.zeros((0, d), dtype=np.int64)  # reduced rows mod p, pivot entries 1
        self.piv: list[int] = []
        self.vectors: list[list[int]] = []
        self.exact_only = d >= 512  # beyond, sums of residue products could overflow int64
        self._null: Any = None  # flint (N, nullity) of the accepted vectors, or None when stale

    def __len__(self) -> int:
        return len(self.vectors)

    def _in_span(self, v: list[int]) -> bool:
        if not self.vectors:
            return not any(v)
        if self._null is None:
            self._null = _fmpz_mat(self.vectors, self.d).nullspace()
        N, nullity = self._null
        prod = _fmpz_mat([v], self.d) * N
        return all(prod[0, j] == 0 for j in range(int(nullity)))

    def add(self, v: Sequence[Any]) -> bool:
        """Accept ``v`` (and return True) when it is independent of the accepted vectors."""
        import numpy as np

        v = list(v)
        if len(v) != self.d:
            raise DimensionError(f"the vector must have {self.d} entries, got {len(v)}")
        if any(type(c) is not int for c in v):
            v = integer_rows([_rows([v], "vector")[0][0]])[0][0]
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
                self.vectors.append(v)
                self._null = None
                return True
        if self._in_span(v):
            return False
        self.vectors.append(v)
        self._null = None
        self.exact_only = True
        return True
