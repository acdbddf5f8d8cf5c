r"""Polishing a trained deep network layer by layer (THEORY §5 for L = 3, 4).

Every hidden neuron of layer ℓ is polished on that layer's exact input
:math:`A_{\ell-1}` (:func:`~exactwedge.dictionary.nearest.polish_weight`), the
output layer is refit exactly (:func:`~exactwedge.trained.polish.refit_output`),
and each two-layer block :math:`(W_{2k-1}, W_{2k})` is rescaled (App. 6.12).
The forward pass and the regularizer are those of the deep blocks,
:func:`exactwedge.deep.layer_forward` and :func:`exactwedge.deep.deep_regularization`.

>>> r = DeepPolishResult([[[Fraction(1)]], [[Fraction(2)]]], [[Fraction(-1)]], Fraction(1), "relu", 1, "decay",
...                      Fraction(0), [], [], [], 0.0, 0.0, 0, 0)
>>> r.depth, r.predict([[3]])
(2, [Fraction(5, 1)])
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..deep.blocks import Block, deep_regularization, layer_forward
from ..dictionary.nearest import exact_data, polish_weight
from ..exceptions import DimensionError, InvalidInputError
from ..numbers import from_float
from ..numbers.surd import sqrt_rational
from .gd import TrainedNetwork
from .polish import refit_output

__all__ = ["DeepPolishResult", "polish_deep"]


def _sqrt(q: Fraction) -> Any:
    """√q exactly (:func:`~exactwedge.numbers.sqrt_rational`); an irrational one in SymPy, where sums of surds live."""
    r = sqrt_rational(q)
    return r if isinstance(r, Fraction) else r.to_sympy()


def _as_exact_number(v: Any) -> Any:
    """A Fraction when v is rational (Fraction, int, sympy Rational), else v unchanged."""
    if isinstance(v, Fraction):
        return v
    if isinstance(v, int):
        return Fraction(v)
    import sympy

    v = sympy.sympify(v)
    if v.is_Rational:
        return Fraction(int(v.p), int(v.q))
    return v


def _blocks(Ws: list) -> tuple[list, Any]:
    """The two-layer blocks (W_{2k-1}, W_{2k}) of the weights, and the unpaired last layer (odd L) or None."""
    L = len(Ws)
    return [Block(Ws[i], Ws[i + 1]) for i in range(0, L - 1, 2)], (Ws[-1] if L % 2 else None)


@dataclass
class DeepPolishResult:
    r"""A polished deep network (exact rational weights) and its objective before and after.

    Attributes
    ----------
    weights : list of list of list of Fraction
        ``W_1`` (d × h_1), …, ``W_L`` (h_{L-1} × 1), as in
        :class:`~exactwedge.trained.TrainedNetwork` (rows index the inputs).
    biases : list of list of Fraction
        ``b_1..b_{L-1}`` (zeros without bias).
    intercept : Fraction
    activation, norm, regularizer : the trained network's options
    beta : Fraction
    activations : list
        The exact training-set activations ``[A_0 = X, A_1, …, A_{L-1}]`` of the polished network.
    layers : list of list of dict
        Per hidden layer, per neuron: ``samples`` (training-sample indices,
        0-based, the anchor first with a bias) whose layer input the
        hyperplane passes through by construction, ``anchor``, ``basis``
        (1-based basis vectors completing the set), ``side``, and
        ``zero_set``: every training sample whose pre-activation is exactly 0.
    scales : list of list
        Per two-layer block (W_{2k-1}, W_{2k}), the exact App. 6.12 factors
        :math:`\gamma_j` (Fraction or sympy surd): column j of W_{2k-1} and
        b_{2k-1}[j] times γ_j, row j of W_{2k} divided by γ_j, which equalizes
        the two norms and leaves the function unchanged; γ_j = 0 for a neuron
        with a zero outgoing row (removed), γ_j = 1 for a zero weight column.
    objective_before : float
        The trained network's objective (its own regularizer form), float64.
    objective_before_rescaled : float
        The same after the block rescaling (path form of the blocks, plus
        ½‖W_L‖² for odd L), float64.
    objective_after, objective_after_rescaled :
        The same two quantities of the polished network (the second is the
        weight-decay objective of its block-rescaled version), exact: a
        Fraction, or a sympy expression when ℓ2 path terms are surds (p = 2).
    refit : str
    certificate :
        Of the output refit (Lasso certificate, or the normal-equation residual).
    """

    weights: list
    biases: list
    intercept: Fraction
    activation: str
    norm: int
    regularizer: str
    beta: Fraction
    activations: list
    layers: list
    scales: list
    objective_before: float
    objective_before_rescaled: float
    objective_after: Any
    objective_after_rescaled: Any
    refit: str = "ridge"
    certificate: Any = None

    @property
    def depth(self) -> int:
        """The number L of layers."""
        return len(self.weights)

    def predict(self, X: Any) -> list[Fraction]:
        """Exact outputs ``f(X)`` by a forward pass in rationals.

        >>> r = DeepPolishResult([[[Fraction(1)]], [[Fraction(2)]]], [[Fraction(-1)]], Fraction(1), "relu", 1, "decay",
        ...                      Fraction(0), [], [], [], 0.0, 0.0, 0, 0)
        >>> r.predict([[3], [0]])
        [Fraction(5, 1), Fraction(1, 1)]
        """
        A: Any = exact_data(X)
        for W, b in zip(self.weights[:-1], self.biases):
            A = layer_forward(A, W, b, self.activation)
        return [r[0] + self.intercept for r in layer_forward(A, self.weights[-1], None, None)]

    def rescaled_weights(self) -> tuple[list, list]:
        """``(weights, biases)`` after the App. 6.12 block rescaling (exact, possibly sympy surds)."""
        Ws = [[list(r) for r in W] for W in self.weights]
        bs = [list(b) for b in self.biases]
        for k, g in enumerate(self.scales):
            W1, W2 = Ws[2 * k], Ws[2 * k + 1]
            for j, gj in enumerate(g):
                for r in W1:
                    r[j] = r[j] * gj
                bs[2 * k][j] = bs[2 * k][j] * gj
                W2[j] = [c / gj if gj else c for c in W2[j]]  # γ = 0 only for a zero row
        return Ws, bs


def polish_deep(trained: Any, X: Any, y: Any, beta: Any = None, *, refit: str | None = None,
                max_denominator: int | None = None) -> DeepPolishResult:
    r"""Polish a trained deep network layer by layer, refit the output layer exactly, rescale per block.

    For ℓ = 1, …, L−1, every neuron :math:`(w, b)` of layer ℓ (trained float
    weights, taken exactly by :func:`exactwedge.from_float`) is replaced by
    :func:`polish_weight` on that layer's *input*: the exact activations
    :math:`A_{\ell-1}` of the already polished layers on the training set
    (:math:`A_0` is the data, converted by :func:`exact_data`). The new
    hyperplane passes exactly through the chosen rows of :math:`A_{\ell-1}`
    (so the neuron's provenance is a set of training-sample indices), keeps
    the neuron's side (its new pre-activations correlate non-negatively with
    the trained weight's on the same input) and, for p = 1, its ℓ1 norm. Then
    :math:`A_\ell` is recomputed exactly. The output layer is refit exactly
    on :math:`A_{L-1}` with :func:`refit_output`.

    Rescaling (App. 6.12) is applied per two-layer block
    :math:`(W_{2k-1}, W_{2k})`: neuron j of layer 2k−1 gets
    :math:`\gamma_j = (\lVert W_{2k}[j,:]\rVert_p/\lVert W_{2k-1}[:,j]\rVert_p)^{1/2}`
    on its weights and bias and :math:`1/\gamma_j` on its outgoing row, which
    leaves the function unchanged (σ is positively homogeneous) and turns the
    block's weight decay into its path cost
    :math:`\sum_j\lVert W_{2k-1}[:,j]\rVert_p\lVert W_{2k}[j,:]\rVert_p`.
    For odd L the output layer has no partner and keeps
    :math:`\tfrac12\lVert W_L\rVert_p^2`.

    Parameters
    ----------
    trained : TrainedNetwork
        From :func:`exactwedge.trained.train` (any depth L ≥ 2).
    X, y : the training data (floats through :func:`exactwedge.from_float`)
    beta : exact number, optional
        Default: the trained β (its exact binary value).
    refit : {"lasso", "ridge", "lstsq"}, optional
        Default "lasso" for p = 1 and even L: the last hidden layer's neurons
        are then scaled to unit ℓ1 norm, so that the Lasso is the exact
        optimum of the last block's path objective given the hidden layers.
        Otherwise "ridge", :math:`\tfrac12\lVert r\rVert^2 + \frac\beta2\lVert W_L\rVert_2^2`,
        which is the network's own last-layer weight decay for even L (any p)
        and for odd L with p = 2.
    max_denominator : int, optional
        Passed to :func:`exactwedge.from_float` for float data.

    Returns
    -------
    DeepPolishResult

    Examples
    --------
    >>> from exactwedge.trained import train
    >>> X, y = [[0, 0], [2, 0], [0, 2], [1, 1], [2, 2]], [0, 1, 1, 0, 3]
    >>> run = train(X, y, 0.1, widths=(3, 2, 2), norm=1, epochs=200, seed=0)
    >>> res = polish_deep(run, X, y, "1/10")
    >>> res.refit, [[n["samples"] for n in layer] for layer in res.layers]
    ('lasso', [[(4, 1), (0, 2), (2, 0)], [(1, 3), (0, 3)], [(0,), (0,)]])
    >>> after = res.objective_after_rescaled
    >>> type(after).__name__, round(float(after), 4), round(res.objective_before_rescaled, 4)
    ('Fraction', 3.0, 3.0001)
    >>> res.certificate.holds  # the Lasso refit is the exact optimum given the polished hidden layers
    True

    Every neuron's hyperplane passes exactly through its samples' layer input:

    >>> A1 = res.activations[1]
    >>> all(sum(a * r[j] for a, r in zip(A1[i], res.weights[1])) + res.biases[1][j] == 0
    ...     for j, n in enumerate(res.layers[1]) for i in n["samples"])
    True
    >>> res.predict(X) == [sum(a * w[0] for a, w in zip(h, res.weights[-1])) + res.intercept for h in res.activations[-1]]
    True
    """
    if not isinstance(trained, TrainedNetwork):
        raise InvalidInputError(f"polish_deep needs a TrainedNetwork, got {type(trained).__name__}")
    L = trained.depth
    p, act, form, has_bias = trained.norm, trained.activation, trained.regularizer, trained.bias
    bt = Fraction(beta) if beta is not None else from_float(trained.beta)
    if refit is None:
        refit = "lasso" if p == 1 and L % 2 == 0 else "ridge"
    if refit not in ("lasso", "ridge", "lstsq"):
        raise InvalidInputError(f"refit must be 'lasso', 'ridge' or 'lstsq', got {refit!r}")
    if refit == "lasso" and p != 1:
        raise InvalidInputError("the exact Lasso refit needs the ℓ1 regularizer (norm=1)")
    rows = exact_data(X, max_denominator=max_denominator)
    yv = [from_float(v, max_denominator) if isinstance(v, float) else Fraction(v) for v in y]
    if len(yv) != len(rows):
        raise DimensionError(f"y must have {len(rows)} entries (one per sample), got {len(yv)}")
    import numpy as np

    # before: float64, the trained network's own objective and its block-rescaled form
    before = trained.objective(X, y)
    Wf = trained.weights
    reg_r = sum(float((np.abs(Wf[i]).sum(axis=0) if p == 1 else np.sqrt((Wf[i] ** 2).sum(axis=0)))
                      @ (np.abs(Wf[i + 1]).sum(axis=1) if p == 1 else np.sqrt((Wf[i + 1] ** 2).sum(axis=1))))
                for i in range(0, L - 1, 2))
    if L % 2:
        reg_r += 0.5 * float((np.abs(Wf[-1]).sum() if p == 1 else np.sqrt((Wf[-1] ** 2).sum())) ** 2)
    resid = trained.predict(X) - np.asarray([float(v) for v in y])
    before_rescaled = 0.5 * float(resid @ resid) + float(trained.beta) * reg_r

    A = rows
    acts = [rows]
    Ws: list = []
    bs: list = []
    layers: list = []
    for ell in range(L - 1):
        W0 = from_float(trained.weights[ell])
        b0 = from_float(trained.biases[ell]) if has_bias else [Fraction(0)] * len(W0[0])
        cols, bias, metas = [], [], []
        for j in range(len(W0[0])):
            w, b, meta = polish_weight(A, [r[j] for r in W0], b0[j] if has_bias else None, norm=p)
            if refit == "lasso" and ell == L - 2 and L % 2 == 0:  # unit ℓ1: the Lasso weight is the path cost
                s = sum((abs(c) for c in w), Fraction(0))
                if s:
                    w, b = tuple(c / s for c in w), b / s
            cols.append(list(w))
            bias.append(b)
            metas.append(meta)
        W = [[cols[j][i] for j in range(len(cols))] for i in range(len(A[0]))]
        Z = layer_forward(A, W, bias, None)  # the exact pre-activations on the layer's input
        layers.append([{"layer": ell + 1, "index": j, "samples": meta["samples"],
                        "anchor": meta["samples"][0] if has_bias else None, "basis": meta["basis"],
                        "side": meta["side"], "zero_set": tuple(i for i, z in enumerate(Z) if z[j] == 0)}
                       for j, meta in enumerate(metas)])
        Ws.append(W)
        bs.append(bias)
        A = [list(r) for r in layer_forward(A, W, bias, act)]
        acts.append(A)
    alpha, t, cert = refit_output(A, yv, bt, method=refit, intercept=has_bias)
    Ws.append([[a] for a in alpha])
    pred = [r[0] + t for r in layer_forward(A, Ws[-1], None, None)]
    loss = sum(((a - b) ** 2 for a, b in zip(pred, yv)), Fraction(0)) / 2
    blocks, last = _blocks(Ws)
    after = _as_exact_number(loss + bt * deep_regularization(blocks, p, form, last=last))
    # App. 6.12 per block: γ_j equalizes the two norms (decay term = path term √(n1·n2)); a neuron with
    # a zero outgoing row gets γ = 0 (it is removed, cost 0); one with a zero weight column but a nonzero
    # row (a constant σ(b) with a bias) has no minimizing γ and keeps γ = 1 and its decay ½‖row‖²
    # (its path term is 0), so the rescaled decay is the path regularization plus those ½‖row‖²
    scales, reg_after_r = [], deep_regularization(blocks, p, "path", last=last)
    for blk in blocks:
        g = []
        for a, b in blk.unit_norms(p):
            n1, n2 = (a * a, b * b) if p == 1 else (a, b)  # squared norms
            if n2 == 0:
                g.append(Fraction(0) if n1 else Fraction(1))
            elif n1 == 0:
                g.append(Fraction(1))
                reg_after_r = reg_after_r + n2 / 2
            else:
                g.append(_gamma(n1, n2))
        scales.append(g)
    after_r = _as_exact_number(loss + bt * reg_after_r)
    return DeepPolishResult(Ws, bs, t, act, p, form, bt, acts, layers, scales, float(before), before_rescaled,
                            after, after_r, refit, cert)


def _gamma(n1: Fraction, n2: Fraction) -> Any:
    r""":math:`\gamma = (\lVert a\rVert/\lVert b\rVert)^{1/2} = (n_2/n_1)^{1/4}` from the squared norms, exactly."""
    q = n2 / n1
    r = _sqrt(q)
    if isinstance(r, Fraction):
        return _sqrt(r)
    import sympy

    return sympy.root(sympy.Rational(q.numerator, q.denominator), 4)
