"""Exact numbers leaving as floats, on purpose: screens, float exports and report approximations.

Inside exactwedge every number is exact (:mod:`~exactwedge.numbers.policy`).
A float step (a warm start, a screen, a float back-end, the "≈" beside an
exact value) gets its floats here, where float range is handled: a screen
saturates (:func:`clamped_float`), a float export refuses by name
(:func:`float_columns`), a report shows no approximation (:func:`json_float`).

>>> from fractions import Fraction
>>> clamped_float(Fraction(10) ** 400), json_float(Fraction(10) ** 400)
(inf, None)
"""

from __future__ import annotations

import contextlib
import math
import sys
from fractions import Fraction
from typing import Any, Iterator, Sequence

from ..exceptions import InvalidInputError

__all__ = ["clamped_float", "float_columns", "json_float", "single_threaded_blas", "SQUARE_SAFE_EXPONENT"]

#: A float step that squares its values (Gram matrices, objectives) stays in float64
#: while every value is within 2^±SQUARE_SAFE_EXPONENT; past it, it refuses by name.
SQUARE_SAFE_EXPONENT = 300

#: Below this magnitude :func:`clamped_float` gives 0.0 (well above the subnormals, where precision is lost).
FLOAT_TINY = 2.0 ** -1000


def clamped_float(q: Any) -> float:
    """The float nearest an exact rational, for screening only: ``±inf`` beyond float range, ``0.0`` below 2⁻¹⁰⁰⁰.

    ``float(q)`` raises ``OverflowError`` past 1.8e308; a screen that compares
    magnitudes with ``>=`` stays sound with these saturated values (a finite
    float is then below an infinite threshold, as the exact value is).

    >>> clamped_float(Fraction(1, 8)), clamped_float(Fraction(10) ** 400), clamped_float(-Fraction(10) ** 400)
    (0.125, inf, -inf)
    >>> clamped_float(Fraction(1, 10 ** 400))
    0.0
    """
    q = Fraction(q)
    try:
        f = q.numerator / q.denominator  # int true division: correctly rounded, 0.0 on underflow
    except OverflowError:
        return math.inf if q > 0 else -math.inf
    return 0.0 if abs(f) < FLOAT_TINY else f


def float_columns(N: Any, scales: Sequence[int], *, root: bool = False, what: str = "the float64 export") -> Any:
    """``N[:, j] / s_j`` (or ``/ √s_j`` with ``root``) as a float64 array, refused where a value leaves float range.

    This is the one explicit float export of integer-scaled columns. Big
    integers with an ordinary quotient are divided exactly first, then
    rounded once; a value below float range rounds to 0.0, as any float
    does. A value beyond ±1.8e308 raises :class:`InvalidInputError` naming
    ``what``: a float step cannot run on such data, the exact one can.

    >>> import numpy as np
    >>> float_columns(np.array([[3, 1], [-4, 0]]), [2, 1]).tolist()
    [[1.5, 1.0], [-2.0, 0.0]]
    >>> float_columns(np.array([[10 ** 400]], dtype=object), [1], what="the ℓ2 float solve")
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: the ℓ2 float solve needs the data in float64, but a value is about 2^1328 (float64 reaches 2^1024); the exact solve (ℓ1 norm, squared loss: the defaults) has no such limit
    """
    import numpy as np

    s = [int(v) for v in scales]
    try:
        Nf = N.astype(np.float64) if N.dtype != object else np.array(
            [[float(v) for v in row] for row in N.tolist()], dtype=np.float64).reshape(N.shape)
        sf = np.array([float(v) for v in s], dtype=np.float64)
        with np.errstate(all="ignore"):
            out = Nf / (np.sqrt(sf) if root else sf)[None, :]
    except OverflowError:  # big integers, ordinary quotients: one correctly rounded int division each
        out = np.array([[_quotient(int(v), sj, root) for v, sj in zip(row, s)] for row in N.tolist()],
                       dtype=np.float64).reshape(N.shape)
    lost = ~np.isfinite(out)
    if not lost.any():
        return out
    i, j = (int(k) for k in np.argwhere(lost)[0])
    e = abs(int(N[i, j])).bit_length() - (s[j].bit_length() // 2 if root else s[j].bit_length())
    raise InvalidInputError(
        f"{what} needs the data in float64, but a value is about 2^{e} (float64 reaches 2^1024); "
        "the exact solve (ℓ1 norm, squared loss: the defaults) has no such limit"
    )


def _quotient(v: int, s: int, root: bool) -> float:
    """``v / s`` (or ``v / √s``) as a float, ``inf`` past the float range."""
    try:
        if not root:
            return v / s
        return math.sqrt((v * v) / s) * (1 if v >= 0 else -1)
    except OverflowError:
        return math.inf


def json_float(x: Any) -> float | None:
    """The float approximation a report shows next to an exact value; None where it leaves float range.

    JSON has no infinity, and ``float(x)`` raises ``OverflowError`` past 1.8e308;
    the exact value (kept as text beside it) is the answer either way.

    >>> json_float(Fraction(1, 4)), json_float(Fraction(10) ** 400), json_float(Fraction(1, 10 ** 400))
    (0.25, None, 0.0)
    """
    try:
        f = float(x)
    except OverflowError:
        return None
    return f if math.isfinite(f) else None


@contextlib.contextmanager
def single_threaded_blas(enabled: bool = True) -> Iterator[None]:
    """Limit BLAS to one thread inside the block (a no-op when not ``enabled`` or without threadpoolctl).

    For float steps made of many small products (a face × a column, a
    ``d × block`` chunk kernel): a threaded BLAS gains nothing there, and its
    threads fight ours, or other processes', for the cores (measured on 2
    cores: 3.5× the wall time of the warm-start guess at n = 120, 10× for the
    streamed chunks). The threadpoolctl controller is found once (its first
    look at the loaded libraries costs ~10 ms), and again only after new imports.

    >>> import numpy as np
    >>> with single_threaded_blas():
    ...     float(np.ones(3) @ np.ones(3))
    3.0
    """
    if not enabled:
        yield
        return
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
        yield
        return
    if _BLAS[0] is None or _BLAS[1] != len(sys.modules):
        _BLAS[:] = [ThreadpoolController(), len(sys.modules)]
    with _BLAS[0].limit(limits=1, user_api="blas"):
        yield


#: The cached threadpoolctl controller and the number of modules loaded when it looked.
_BLAS: list = [None, -1]
