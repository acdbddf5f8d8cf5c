"""Independent reference computations for the deep tests (they never call exactwedge).

>>> chain_forward([(1, -5), (-1, 2)], 6, "relu")
Fraction(1, 1)
>>> chain_forward([(1, -5), (1, -2)], 2, "abs")
Fraction(1, 1)
"""

from __future__ import annotations

from fractions import Fraction

__all__ = ["chain_forward"]


def chain_forward(layers, x, activation: str) -> Fraction:
    """An independent forward pass of a width-1 chain of (weight, bias) layers, in exact rationals."""
    h = Fraction(x)
    for w, b in layers:
        u = w * h + b
        h = abs(u) if activation == "abs" else max(u, Fraction(0))
    return h


def grid_dictionary(xs, depth: int, activation: str, step: float = 0.25, radius: float | None = None):
    """Brute force in float64: the features of every chain whose biases θ lie on a grid.

    ``h_0 = x``, ``h_l = σ(s_l h_{l-1} − θ_l)``, ``s ∈ {±1}^{L−1}`` (ReLU) or ``+1`` (abs),
    θ on the grid ``[−radius, radius]`` of the given step (dyadic steps keep
    small-integer data exact in float64). Columns equal up to a constant and a
    sign are kept once, constant columns dropped. Returns an ``(n, m)`` array.
    """
    import itertools

    import numpy as np

    x = np.asarray([float(v) for v in xs])
    r = depth - 1
    if radius is None:
        radius = 3 * float(np.max(np.abs(x))) + 1
    grid = np.arange(-radius, radius + step / 2, step)
    thetas = np.array(list(itertools.product(grid, repeat=r)))  # (T, r)
    signs = list(itertools.product((1.0, -1.0), repeat=r)) if activation == "relu" else [(1.0,) * r]
    keep = {}
    for s in signs:
        for start in range(0, len(thetas), 200_000):
            T = thetas[start:start + 200_000]
            H = np.broadcast_to(x, (len(T), len(x))).copy()
            for l in range(r):
                U = s[l] * H - T[:, l:l + 1]
                H = np.maximum(U, 0.0) if activation == "relu" else np.abs(U)
            D = H - H[:, :1]
            nz = np.abs(D) > 0
            has = nz.any(axis=1)
            first = np.where(has, D[np.arange(len(D)), nz.argmax(axis=1)], 1.0)
            D = D * np.sign(first)[:, None]
            _, idx = np.unique(D[has], axis=0, return_index=True)
            for row, h in zip(D[has][idx], H[has][idx]):
                keep.setdefault(row.tobytes(), h)
    return np.array(list(keep.values())).T


def authors_relu_dictionary(xs, L: int):
    """The ReLU dictionary of pilancilab/1d-convex-nn (``convex_training.ipynb``: ``reludic``), re-implemented.

    Every ``(s, j, k)``: ``s ∈ {±1}^{L−1}``, ``j ∈ [n]^{L−1}``, ``k ∈ {0, 1}`` (``k = 1``
    only at L = 4: the first anchor reflected, ``2x_{j_2} − x_{j_1}``), with
    ``g_1(x) = x`` and ``g_{l+1}(x) = relu(s_l (g_l(x) − g_l(a_l)))``. Float64, ``(n, m)``.
    """
    import itertools

    import numpy as np

    data = [float(v) for v in xs]
    n = len(data)

    def g(l, s, j, k, x):
        if l == 1:
            return x
        l -= 1
        a = 2 * data[j[1]] - data[j[0]] if (l == 1 and k == 1) else data[j[l - 1]]
        return max(0.0, s[l - 1] * (g(l, s, j, k, x) - g(l, s, j, k, a)))

    cols = []
    for k in ((0, 1) if L == 4 else (0,)):
        for s in itertools.product((1, -1), repeat=L - 1):
            for j in itertools.product(range(n), repeat=L - 1):
                cols.append([g(L, s, j, k, v) for v in data])
    return np.array(cols).T


def float_lasso(A, y, beta) -> float:
    """min ½‖Az + t1 − y‖² + β‖z‖₁ (t free) in float64, by cvxpy with Clarabel."""
    import cvxpy as cp
    import numpy as np

    A = np.asarray(A, dtype=float)
    yv = np.asarray([float(v) for v in y])
    z = cp.Variable(A.shape[1])
    t = cp.Variable()
    obj = 0.5 * cp.sum_squares(A @ z + t - yv) + float(beta) * cp.norm1(z)
    prob = cp.Problem(cp.Minimize(obj))
    prob.solve(solver=cp.CLARABEL, tol_gap_abs=1e-12, tol_gap_rel=1e-12, tol_feas=1e-12)
    return float(prob.value)
