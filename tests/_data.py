"""The paper's 1-D data set, the one copy the tests share.

Six points on a line, β = 1/10 with biases: the exact optimum of the ReLU
training problem (and of its Lasso) is 287/1600. The ``paper`` and
``paper_csv`` fixtures of tests/conftest.py serve it; import :data:`PAPER`
where the data is needed at collection time (inside
``@pytest.mark.parametrize``).

>>> PAPER.X, PAPER.y, PAPER.value
([0, 4, 5, 7, 10, 11], [0, 0, 0, 2, 3, 3], Fraction(287, 1600))
>>> PAPER.csv
'x,y\\n0,0\\n4,0\\n5,0\\n7,2\\n10,3\\n11,3\\n'
"""

from __future__ import annotations

from fractions import Fraction

__all__ = ["PAPER", "PaperData"]


class PaperData:
    """The data set, read-only: ``X``, ``y`` and ``X_column`` are fresh lists on every access."""

    __slots__ = ()

    _X = (0, 4, 5, 7, 10, 11)
    _Y = (0, 0, 0, 2, 3, 3)
    #: The regularization of the published example, with biases.
    beta = Fraction(1, 10)
    bias = True
    #: The exact optimum at ``beta`` with biases.
    value = Fraction(287, 1600)
    #: The data as a CSV file with a header line ``x,y``.
    csv = "x,y\n" + "".join(f"{x},{v}\n" for x, v in zip(_X, _Y))

    @property
    def X(self) -> list[int]:
        """The six inputs, one number each."""
        return list(self._X)

    @property
    def y(self) -> list[int]:
        """The six labels."""
        return list(self._Y)

    @property
    def X_column(self) -> list[list[int]]:
        """The inputs as rows of a one-column matrix, ``[[0], [4], ...]``."""
        return [[x] for x in self._X]


PAPER = PaperData()
