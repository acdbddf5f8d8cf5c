r"""Gradient training of two-layer and deep ReLU / absolute-value networks (numpy, float64).

A network with L layers and hidden widths :math:`h_1..h_{L-1}` computes

.. math:: A_0 = X,\quad A_\ell = \sigma(A_{\ell-1}W_\ell + \mathbf1 b_\ell^\top)\ (\ell < L),
          \quad f(X) = A_{L-1}W_L + t\mathbf1,

with :math:`\sigma(u) = (u)_+` or :math:`|u|`. The objective is THEORY §2 /
eq. (39):

.. math:: \tfrac12\lVert f(X)-y\rVert^2 + \frac\beta2\sum_{\ell\ \mathrm{odd}}\sum_j\lVert W_\ell[:,j]\rVert_p^2
          + \frac\beta2\sum_{\ell\ \mathrm{even}}\sum_j\lVert W_\ell[j,:]\rVert_p^2

(``regularizer="decay"``; for L = 2 this is :math:`\frac\beta2\sum_j(\lVert w_j\rVert_p^2+\alpha_j^2)`),
or the ℓp path form :math:`\beta\sum_{\text{blocks}}\sum_j\lVert W_{2k-1}[:,j]\rVert_p\lVert W_{2k}[j,:]\rVert_p`
(``regularizer="path"``, even L). Biases and the output intercept are not
regularized. Gradients are exact (sub)gradients of this objective; mini-batches
scale the data term by n/|B| so that they are unbiased. A seed fixes the
initialization and the batch order, so runs are reproducible bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..exceptions import DimensionError, InvalidInputError

__all__ = ["TrainedNetwork", "train", "network_objective"]

ACTIVATIONS = ("relu", "abs")
OPTIMIZERS = ("sgd", "adam")
REGULARIZERS = ("decay", "path")


def _as_float(X: Any, what: str) -> np.ndarray:
    try:
        A = np.asarray([[float(c) for c in r] for r in X]) if not isinstance(X, np.ndarray) else np.asarray(X, dtype=float)
    except TypeError:  # a flat sequence: 1-D data
        A = np.asarray([[float(c)] for c in X])
    if A.ndim == 1:
        A = A[:, None]
    if A.ndim != 2:
        raise DimensionError(f"{what} must be a matrix, got shape {A.shape}")
    if not np.all(np.isfinite(A)):
        raise InvalidInputError(f"{what} has NaN or infinite entries")
    return A


def _sigma(Z: np.ndarray, activation: str) -> np.ndarray:
    return np.maximum(Z, 0.0) if activation == "relu" else np.abs(Z)


def _dsigma(Z: np.ndarray, activation: str) -> np.ndarray:
    return (Z > 0).astype(float) if activation == "relu" else np.sign(Z)


def _pnorm(v: np.ndarray, p: int, axis: int) -> np.ndarray:
    return np.abs(v).sum(axis=axis) if p == 1 else np.sqrt((v * v).sum(axis=axis))


def _dpnorm(v: np.ndarray, p: int, axis: int) -> np.ndarray:
    if p == 1:
        return np.sign(v)
    n = np.sqrt((v * v).sum(axis=axis, keepdims=True))
    return np.divide(v, n, out=np.zeros_like(v), where=n > 0)


def _reg(Ws: Sequence[np.ndarray], p: int, form: str) -> tuple[float, list[np.ndarray]]:
    """The regularizer without β and its gradient (layer ℓ = index + 1)."""
    grads = [np.zeros_like(W) for W in Ws]
    total = 0.0
    if form == "decay":
        for i, W in enumerate(Ws):
            axis = 0 if i % 2 == 0 else 1  # odd layers: columns; even layers: rows
            nrm = _pnorm(W, p, axis)
            total += 0.5 * float((nrm ** 2).sum())
            nk = np.expand_dims(nrm, axis)
            grads[i] = nk * _dpnorm(W, p, axis)
        return total, grads
    for i in range(0, len(Ws), 2):
        W1, W2 = Ws[i], Ws[i + 1]
        n1, n2 = _pnorm(W1, p, 0), _pnorm(W2, p, 1)
        total += float((n1 * n2).sum())
        grads[i] = n2[None, :] * _dpnorm(W1, p, 0)
        grads[i + 1] = n1[:, None] * _dpnorm(W2, p, 1)
    return total, grads


@dataclass
class TrainedNetwork:
    """A gradient-trained network with float64 weights and its training curve.

    Attributes
    ----------
    weights : list of ndarray
        ``W_1`` (d×h_1), …, ``W_L`` (h_{L-1}×1).
    biases : list of ndarray
        Hidden biases ``b_1..b_{L-1}`` (zeros when ``bias=False``).
    intercept : float
        The output intercept t (0 when ``bias=False``).
    activation, norm, regularizer, beta, bias, seed :
        The training options.
    history : list of float
        The full objective before training and after each epoch.
    """

    weights: list
    biases: list
    intercept: float
    activation: str
    norm: int
    regularizer: str
    beta: float
    bias: bool
    seed: int | None
    optimizer: str = "adam"
    history: list = field(default_factory=list)

    @property
    def depth(self) -> int:
        """The number L of layers (2 for a two-layer network)."""
        return len(self.weights)

    def activations(self, X: Any) -> list[np.ndarray]:
        """``[A_0 = X, A_1, …, A_{L-1}]``, the inputs of each layer.

        >>> net = TrainedNetwork([np.eye(1), np.ones((1, 1))], [np.zeros(1)], 0.0, "relu", 2, "decay", 0.1, True, 0)
        >>> [a.tolist() for a in net.activations([[-1.0], [2.0]])]
        [[[-1.0], [2.0]], [[0.0], [2.0]]]
        """
        A = _as_float(X, "X")
        out = [A]
        for W, b in zip(self.weights[:-1], self.biases):
            A = _sigma(A @ W + b[None, :], self.activation)
            out.append(A)
        return out

    def predict(self, X: Any) -> np.ndarray:
        """Float outputs ``f(X)`` (shape (n,)).

        >>> net = TrainedNetwork([np.eye(1), np.ones((1, 1))], [np.zeros(1)], 0.5, "relu", 2, "decay", 0.1, True, 0)
        >>> net.predict([[-1.0], [2.0]]).tolist()
        [0.5, 2.5]
        """
        A = self.activations(X)[-1]
        return (A @ self.weights[-1])[:, 0] + self.intercept

    def objective(self, X: Any, y: Any) -> float:
        """The training objective (data term plus this network's regularizer), float64.

        >>> net = TrainedNetwork([np.eye(1), np.ones((1, 1))], [np.zeros(1)], 0.0, "relu", 2, "decay", 0.5, True, 0)
        >>> net.objective([[1.0]], [3.0])
        2.5
        """
        return network_objective(self.weights, self.predict(X), y, self.beta, norm=self.norm, regularizer=self.regularizer)

    def to_network(self, *, max_denominator: int | None = None) -> Any:
        """The two-layer network as an exact :class:`~exactwedge.network.Network`.

        The float weights enter through :func:`exactwedge.from_float` (their
        exact binary values, or the closest fractions with a bounded denominator).

        >>> net = TrainedNetwork([np.array([[0.5]]), np.array([[2.0]])], [np.array([-0.25])], 1.0, "relu", 1, "decay", 0.5, True, 0)
        >>> u = net.to_network().units[0]
        >>> u.w, u.b, u.alpha
        ((Fraction(1, 2),), Fraction(-1, 4), Fraction(2, 1))
        """
        from ..network import Network, Unit
        from ..numbers import from_float

        if self.depth != 2:
            raise InvalidInputError(f"to_network needs a two-layer network, got L = {self.depth}")
        W, A = self.weights
        units = []
        for j in range(W.shape[1]):
            w = tuple(from_float(W[:, j], max_denominator))
            b = from_float(float(self.biases[0][j]), max_denominator) if self.bias else Fraction(0)
            units.append(Unit(w, b, from_float(float(A[j, 0]), max_denominator), f"h{j + 1}", {"source": "gradient training", "index": j}))
        t = from_float(float(self.intercept), max_denominator) if self.bias else Fraction(0)
        return Network(units, t, self.activation, self.norm)


def network_objective(weights: Sequence[np.ndarray], pred: Any, y: Any, beta: float, *, norm: int = 2,
                      regularizer: str = "decay") -> float:
    r"""``½‖pred − y‖² + β · R(weights)`` in float64 (R of eq. (39) or its path form).

    >>> network_objective([np.array([[3.0, 0.0]]), np.array([[1.0], [2.0]])], [1.0], [0.0], 1.0)
    7.5
    >>> network_objective([np.array([[3.0, 0.0]]), np.array([[1.0], [2.0]])], [1.0], [0.0], 1.0, regularizer="path")
    3.5
    """
    if regularizer not in REGULARIZERS:
        raise InvalidInputError(f"regularizer must be one of {REGULARIZERS}, got {regularizer!r}")
    if regularizer == "path" and len(weights) % 2:
        raise InvalidInputError(f"the path regularizer pairs layers into blocks: needs an even depth, got L = {len(weights)}")
    r = np.asarray(pred, dtype=float).ravel() - np.asarray([float(v) for v in y])
    reg, _ = _reg(weights, norm, regularizer)
    return 0.5 * float(r @ r) + float(beta) * reg


def train(
    X: Any,
    y: Any,
    beta: Any,
    *,
    widths: Sequence[int] = (16,),
    activation: str = "relu",
    bias: bool = True,
    norm: int = 2,
    regularizer: str = "decay",
    optimizer: str = "adam",
    lr: float = 1e-2,
    epochs: int = 1000,
    batch_size: int | None = None,
    momentum: float = 0.0,
    init_scale: float = 1.0,
    seed: int | None = 0,
    progress: bool | None = False,
) -> TrainedNetwork:
    """Train a ReLU or absolute-value network by SGD or Adam on the convex programs' objective.

    Parameters
    ----------
    X : (n, d) data (floats or exact numbers; converted to float64)
    y : (n,) labels
    beta : float or exact number
    widths : sequence of int
        Hidden widths; ``(m,)`` is a two-layer network, ``(m1, m2)`` L = 3, ``(m1, m2, m3)`` L = 4.
    activation : {"relu", "abs"}
    bias : bool
        Hidden biases and an output intercept (both unregularized).
    norm : {1, 2}
        The p of the regularizer.
    regularizer : {"decay", "path"}
        Weight decay (eq. 39) or the path form (even depth).
    optimizer : {"sgd", "adam"}
    lr : float
    epochs : int
        Passes over the data (full batch: one step per epoch).
    batch_size : int, optional
        Mini-batch size (default: full batch).
    momentum : float
        Heavy-ball momentum for SGD.
    init_scale : float
        Multiplies the He initialization ``N(0, 2/fan_in)``.
    seed : int or None
        Seeds initialization and batch order.
    progress : bool or None
        Show a progress bar (None: when stderr is a terminal).

    Returns
    -------
    TrainedNetwork

    Examples
    --------
    >>> run = train([[0, 1], [1, 0], [1, 1], [2, 1]], [1, -1, 0, 1], 0.1, widths=(4, 4), epochs=50, seed=3)
    >>> run.depth, len(run.history)
    (3, 51)
    >>> again = train([[0, 1], [1, 0], [1, 1], [2, 1]], [1, -1, 0, 1], 0.1, widths=(4, 4), epochs=50, seed=3)
    >>> again.history == run.history
    True
    """
    from ..progress import progress_bar

    if activation not in ACTIVATIONS:
        raise InvalidInputError(f"activation must be one of {ACTIVATIONS}, got {activation!r}")
    if optimizer not in OPTIMIZERS:
        raise InvalidInputError(f"optimizer must be one of {OPTIMIZERS}, got {optimizer!r}")
    if regularizer not in REGULARIZERS:
        raise InvalidInputError(f"regularizer must be one of {REGULARIZERS}, got {regularizer!r}")
    if norm not in (1, 2):
        raise InvalidInputError(f"norm must be 1 or 2, got {norm!r}")
    widths = tuple(int(w) for w in widths)
    if not widths or any(w < 1 for w in widths):
        raise InvalidInputError(f"widths must be positive integers, got {widths!r}")
    L = len(widths) + 1
    if regularizer == "path" and L % 2:
        raise InvalidInputError(f"the path regularizer pairs layers into blocks: needs an even depth, got L = {L}")
    if not isinstance(epochs, int) or epochs < 0:
        raise InvalidInputError(f"epochs must be a non-negative integer, got {epochs!r}")
    Xf = _as_float(X, "X")
    yf = np.asarray([float(v) for v in y])
    n, d = Xf.shape
    if yf.shape != (n,):
        raise DimensionError(f"y must have {n} entries (one per sample), got {yf.shape[0]}")
    bsz = n if batch_size is None else int(batch_size)
    if bsz < 1:
        raise InvalidInputError(f"batch_size must be positive, got {batch_size!r}")
    b = float(beta)
    rng = np.random.default_rng(seed)
    sizes = (d,) + widths + (1,)
    Ws = [rng.standard_normal((sizes[i], sizes[i + 1])) * init_scale * np.sqrt(2.0 / sizes[i]) for i in range(L)]
    Bs = [np.zeros(w) for w in widths]
    t = np.zeros(1)
    params = Ws + Bs + [t]
    learn = [True] * L + [bias] * (L - 1) + [bias]
    m1 = [np.zeros_like(P) for P in params]
    m2 = [np.zeros_like(P) for P in params]
    b1, b2, eps = 0.9, 0.999, 1e-8
    step = 0

    def objective() -> float:
        A = Xf
        for W, bb in zip(Ws[:-1], Bs):
            A = _sigma(A @ W + bb[None, :], activation)
        pred = (A @ Ws[-1])[:, 0] + t[0]
        return network_objective(Ws, pred, yf, b, norm=norm, regularizer=regularizer)

    history = [objective()]
    with progress_bar(f"training {optimizer}, L = {L}", epochs, enabled=progress) as update:
        for _ in range(epochs):
            order = rng.permutation(n) if bsz < n else np.arange(n)
            for s in range(0, n, bsz):
                idx = order[s:s + bsz]
                scale = n / len(idx)
                A = [Xf[idx]]
                Z = []
                for W, bb in zip(Ws[:-1], Bs):
                    Z.append(A[-1] @ W + bb[None, :])
                    A.append(_sigma(Z[-1], activation))
                out = (A[-1] @ Ws[-1])[:, 0] + t[0]
                g = (scale * (out - yf[idx]))[:, None]
                gW = [None] * L
                gB = [None] * (L - 1)
                gt = np.array([g.sum()])
                for i in range(L - 1, -1, -1):
                    gW[i] = A[i].T @ g
                    if i:
                        g = (g @ Ws[i].T) * _dsigma(Z[i - 1], activation)
                        gB[i - 1] = g.sum(axis=0)
                _, rg = _reg(Ws, norm, regularizer)
                grads = [gw + b * r for gw, r in zip(gW, rg)] + gB + [gt]
                step += 1
                for k, (P, G) in enumerate(zip(params, grads)):
                    if not learn[k]:
                        continue
                    if optimizer == "adam":
                        m1[k] = b1 * m1[k] + (1 - b1) * G
                        m2[k] = b2 * m2[k] + (1 - b2) * G * G
                        P -= lr * (m1[k] / (1 - b1 ** step)) / (np.sqrt(m2[k] / (1 - b2 ** step)) + eps)
                    else:
                        m1[k] = momentum * m1[k] + G
                        P -= lr * m1[k]
            history.append(objective())
            update()
    return TrainedNetwork(Ws, Bs, float(t[0]), activation, norm, regularizer, b, bias, seed, optimizer, history)
