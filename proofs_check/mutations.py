"""Corruptions for ``mutate=``: show that every check can fail.

Each helper returns a corrupted copy of what a hook carries — a flipped
coordinate, a wrong normalization, a dropped column — or wraps a library
function into a wrong one. ``tests/proofs_check/test_proofs_check.py`` feeds one to every
check and expects FAIL.

>>> from fractions import Fraction as Q
>>> flip_first_nonzero([Q(0), Q(2), Q(3)])
[Fraction(0, 1), Fraction(-2, 1), Fraction(3, 1)]
>>> scaled(Q(3), 2)
Fraction(6, 1)
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from typing import Any, Callable

__all__ = [
    "flip_first_nonzero",
    "scaled",
    "drop_columns",
    "drop_basis_columns",
    "wrong_function",
    "flip_block_output",
]


def flip_first_nonzero(seq: Any) -> Any:
    """The sequence with its first nonzero entry negated (a flipped coordinate); same type.

    >>> flip_first_nonzero((1, -2))
    (-1, -2)
    """
    out = list(seq)
    for i, v in enumerate(out):
        if (any(c != 0 for c in v) if isinstance(v, tuple) else v != 0):
            out[i] = tuple(-c for c in v) if isinstance(v, tuple) else -v
            break
    return type(seq)(out) if isinstance(seq, tuple) else out


def scaled(x: Any, factor: Any) -> Any:
    """``x`` times ``factor`` (a wrong normalization); sequences element-wise.

    >>> scaled([1, 2], Fraction(1, 2))
    [Fraction(1, 2), Fraction(1, 1)]
    """
    if isinstance(x, (list, tuple)):
        return type(x)(scaled(v, factor) for v in x)
    return x * factor


def drop_columns(D: Any, drop: Callable[[int, tuple], bool]) -> Any:
    """A copy of a :class:`~exactwedge.Dictionary` without the columns j where ``drop(j, subset_j)``.

    >>> from exactwedge import dictionary
    >>> D = dictionary([[1, 2], [3, 1]])
    >>> len(D), len(drop_columns(D, lambda j, s: j == 0))
    (4, 3)
    """
    import numpy as np

    keep = np.array([j for j in range(len(D)) if not drop(j, tuple(D.subsets[j]))], dtype=np.int64)
    return dataclasses.replace(
        D, numerators=D.numerators[:, keep], scales=D.scales[keep], crosses=D.crosses[keep], signs=D.signs[keep],
        anchors=D.anchors[keep], subsets=[D.subsets[j] for j in keep.tolist()], _float=None)


def drop_basis_columns(D: Any) -> Any:
    """The dictionary without the neurons whose subset J contains a basis vector (no augmentation).

    >>> from exactwedge import dictionary
    >>> D = dictionary([[1, 2], [3, 1]])
    >>> D.subsets, drop_basis_columns(D).subsets
    ([(0,), (1,), ('e1',), ('e2',)], [(0,), (1,)])
    """
    return drop_columns(D, lambda j, s: any(isinstance(a, str) for a in s))


def wrong_function(f: Callable, corrupt: Callable[[Any], Any]) -> Callable:
    """``f`` followed by ``corrupt`` on its result: a wrong implementation.

    >>> from exactwedge import cross
    >>> wrong_function(cross, flip_first_nonzero)([1, 0, 0], [0, 1, 0])
    Vector(0, 0, -1)
    """

    def g(*args: Any, **kw: Any) -> Any:
        out = f(*args, **kw)
        res = corrupt(out)
        if type(out).__name__ == "Vector" and not type(res).__name__ == "Vector":
            from exactwedge import Vector

            return Vector(*res)
        return res

    return g


def flip_block_output(block: Any) -> Any:
    """A :class:`~exactwedge.deep.Block` whose first nonzero output weight is negated.

    >>> from exactwedge.deep import Block
    >>> flip_block_output(Block([[1]], [[2, 0]])).W2
    ((Fraction(-2, 1), Fraction(0, 1)),)
    """
    from exactwedge.deep import Block

    W2 = [list(r) for r in block.W2]
    for r in W2:
        for k, v in enumerate(r):
            if v != 0:
                r[k] = -v
                return Block(block.W1, W2)
    return Block(block.W1, W2)
