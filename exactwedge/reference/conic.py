r"""The arrangement program's float solves, written for Clarabel directly.

Both references of this package solve a small conic program over the
activation patterns :math:`D_1..D_m`: the primal arrangement program
(:func:`~exactwedge.reference.arrangement_value`) and the per-pattern dual
bound of :func:`~exactwedge.reference.global_l2`. :class:`ConeForm` writes
such a program in Clarabel's standard form

.. math::

    \min_x\ \tfrac12 x^\top P x + q^\top x
    \quad\text{s.t.}\quad Ax + s = b,\ s \in \mathcal K,

with :math:`\mathcal K` a product of the zero cone, the nonnegative orthant and
second-order cones, block by block, and solves it with Clarabel's tight
settings (:data:`~exactwedge.lasso.cvxpy_policy.CLARABEL_TIGHT`). Going
through cvxpy instead costs its import (about a second) and a
canonicalization per solve, several times Clarabel's own time at these sizes.

>>> form = ConeForm()
>>> x = form.variables(2)
>>> form.nonnegative(x[:, None], 1.0, [1.0, 1.0])   # x >= 1: one row per coordinate
>>> form.minimize(quadratic=x, linear=(x, np.array([0.0, 2.0])))
>>> sol = form.solve("the example")
>>> sol.status, np.round(sol.x, 6).tolist(), round(sol.value, 6)
('optimal', [1.0, 1.0], 3.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from ..exceptions import BackendNotInstalledError, InvalidInputError, SolverError
from ..lasso.cvxpy_policy import CLARABEL_TIGHT

__all__ = ["ConeForm", "ConeSolution", "pattern_cone"]

#: Clarabel's statuses that carry a usable point, by the names cvxpy gives them.
_STATUS = {"Solved": "optimal", "AlmostSolved": "optimal_inaccurate"}


@dataclass(frozen=True)
class ConeSolution:
    """A Clarabel solution: the point, cvxpy's name of its status, the objective value.

    >>> ConeSolution(np.zeros(1), "optimal", 0.0).status
    'optimal'
    """

    x: np.ndarray
    status: str
    value: float


class ConeForm:
    """A conic program in Clarabel's standard form, assembled block by block (floats).

    Variables are index arrays into x (:meth:`variables`). Each constraint
    method takes the rows of :math:`A x + s = b` as coefficient arrays over
    such index arrays: ``coef[k, j]`` multiplies ``x[index[k, j]]`` in row k.

    >>> form = ConeForm()
    >>> u, t = form.variables(2), form.variables(1)
    >>> form.second_order(np.concatenate([t, u])[None, :])   # t >= ||u||
    >>> form.zero(u[None, :], np.ones((1, 2)), [1.0])          # u1 + u2 = 1
    >>> form.minimize(linear=(t, np.ones(1)))
    >>> round(form.solve("the example").value, 6)
    0.707107
    """

    def __init__(self) -> None:
        self.size = 0
        self._blocks: dict[str, list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = {
            "zero": [], "nonnegative": [], "second_order": []}
        self._soc_dims: list[int] = []
        self._quadratic = np.zeros(0, dtype=np.int64)
        self._linear: list[tuple[np.ndarray, np.ndarray]] = []

    def variables(self, count: int) -> np.ndarray:
        """``count`` new variables: their indices into x.

        >>> form = ConeForm(); form.variables(2).tolist(), form.variables(3).tolist()
        ([0, 1], [2, 3, 4])
        """
        first, self.size = self.size, self.size + int(count)
        return np.arange(first, self.size, dtype=np.int64)

    def _rows(self, cone: str, index: np.ndarray, coef: np.ndarray, rhs: Any) -> None:
        index = np.atleast_2d(np.asarray(index, dtype=np.int64))
        coef = np.broadcast_to(np.asarray(coef, dtype=np.float64), index.shape)
        rhs = np.broadcast_to(np.asarray(rhs, dtype=np.float64), index.shape[:1])
        self._blocks[cone].append((index, coef, rhs.copy()))

    def zero(self, index: np.ndarray, coef: np.ndarray, rhs: Any) -> None:
        """Rows ``sum_j coef[k, j] x[index[k, j]] = rhs[k]``."""
        self._rows("zero", index, coef, rhs)

    def nonnegative(self, index: np.ndarray, coef: np.ndarray, rhs: Any) -> None:
        """Rows ``sum_j coef[k, j] x[index[k, j]] >= rhs[k]``."""
        # A x + s = b with s >= 0 reads -coef.x + s = -rhs
        self._rows("nonnegative", index, -np.asarray(coef, dtype=np.float64), -np.asarray(rhs, dtype=np.float64))

    def second_order(self, index: np.ndarray, offset: Any = 0.0) -> None:
        """One cone per row k: ``x[index[k, 0]] + offset[k, 0] >= ||x[index[k, 1:]] + offset[k, 1:]||``.

        An index of -1 stands for no variable: that entry is its offset alone.
        """
        index = np.atleast_2d(np.asarray(index, dtype=np.int64))
        offset = np.broadcast_to(np.asarray(offset, dtype=np.float64), index.shape)
        coef = np.where(index >= 0, -1.0, 0.0)  # s = offset + x, one row per entry, cone after cone
        self._rows("second_order", np.maximum(index, 0).reshape(-1, 1), coef.reshape(-1, 1), offset.reshape(-1))
        self._soc_dims += [index.shape[1]] * index.shape[0]

    def minimize(self, quadratic: np.ndarray | None = None,
                 linear: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        """The objective ``1/2 sum x[quadratic]**2 + linear[1] . x[linear[0]]`` (each part optional)."""
        self._quadratic = np.asarray(quadratic if quadratic is not None else [], dtype=np.int64)
        self._linear = [] if linear is None else [(np.asarray(linear[0], dtype=np.int64),
                                                   np.asarray(linear[1], dtype=np.float64))]

    def solve(self, needed_by: str, options: Mapping[str, Any] | None = None) -> ConeSolution:
        """Solve with Clarabel: :data:`CLARABEL_TIGHT`, updated by ``options`` (Clarabel settings)."""
        try:
            import clarabel
            from scipy import sparse
        except ImportError as exc:  # pragma: no cover - clarabel and scipy come with exactwedge
            raise BackendNotInstalledError(f"{needed_by} needs Clarabel and SciPy: pip install clarabel scipy") from exc
        rows, cols, vals, rhs, cones = [], [], [], [], []
        start = 0
        for cone in ("zero", "nonnegative", "second_order"):
            count = 0
            for index, coef, b in self._blocks[cone]:
                keep = coef != 0.0
                local = np.arange(start + count, start + count + index.shape[0])
                rows.append(np.broadcast_to(local[:, None], index.shape)[keep])
                cols.append(index[keep])
                vals.append(coef[keep])
                rhs.append(b)
                count += index.shape[0]
            if cone == "zero" and count:
                cones.append(clarabel.ZeroConeT(count))
            elif cone == "nonnegative" and count:
                cones.append(clarabel.NonnegativeConeT(count))
            start += count
        cones += [clarabel.SecondOrderConeT(dim) for dim in self._soc_dims]
        cat = (lambda parts, dt: np.concatenate(parts).astype(dt) if parts else np.zeros(0, dtype=dt))
        A = sparse.csc_matrix((cat(vals, np.float64), (cat(rows, np.int64), cat(cols, np.int64))),
                              shape=(start, self.size))
        q = np.zeros(self.size)
        for index, coef in self._linear:
            np.add.at(q, index, coef)
        P = sparse.csc_matrix((np.ones(len(self._quadratic)), (self._quadratic, self._quadratic)),
                              shape=(self.size, self.size))
        settings = clarabel.DefaultSettings()
        settings.verbose = False
        for key, value in {**CLARABEL_TIGHT, **dict(options or {})}.items():
            if not hasattr(settings, key):
                raise InvalidInputError(f"{key!r} is not a Clarabel setting")
            setattr(settings, key, value)
        solution = clarabel.DefaultSolver(P, q, A, cat(rhs, np.float64), cones, settings).solve()
        status = str(solution.status)
        if status not in _STATUS:
            raise SolverError(f"Clarabel returned status {status!r} on {needed_by}")
        return ConeSolution(np.asarray(solution.x, dtype=np.float64), _STATUS[status], float(solution.obj_val))


def pattern_cone(form: ConeForm, Xt: np.ndarray, S: np.ndarray) -> np.ndarray:
    r"""New variables :math:`u_1..u_m` (columns of a (dt, m) index array) with :math:`(2D_i-I)\tilde X u_i \ge 0`.

    ``S`` is the (n, m) matrix of the signs :math:`2D_i - I`, one column per
    pattern: the constraints keep each :math:`u_i` in its pattern's cone.

    >>> form = ConeForm()
    >>> U = pattern_cone(form, np.array([[1.0], [-1.0]]), np.array([[1.0], [-1.0]]))
    >>> U.shape, form.size
    ((1, 1), 1)
    """
    n, dt = Xt.shape
    m = S.shape[1]
    U = form.variables(dt * m).reshape(dt, m)
    # row (k, i): sum_j S[k, i] Xt[k, j] U[j, i] >= 0
    index = np.broadcast_to(U.T[None, :, :], (n, m, dt)).reshape(n * m, dt)
    coef = (S[:, :, None] * Xt[:, None, :]).reshape(n * m, dt)
    form.nonnegative(index, coef, 0.0)
    return U
