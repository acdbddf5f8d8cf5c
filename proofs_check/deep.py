r"""Deep networks from two-layer blocks (Thm 9, p = 1; Thm 10, p = 2).

Each case trains a small deep ReLU network without biases,
:math:`X \to (XW_1)_+W_2 \to ((\cdot)W_3)_+W_4\ [\to \dots]`, by plain gradient descent
in numpy (seeded; squared loss plus weight decay), rounds its weights to
rationals (denominators ≤ 50: an explicit ``from_float``), and then
re-expresses every two-layer block on its own training-set input activations
(:mod:`exactwedge.deep.blocks`):

* **Thm 9 (ℓ1)**: one exact LP per output unit over the block's ℓ1 wedge
  dictionary (:func:`~exactwedge.deep.blocks.reexpress_block_l1`);
* **Thm 10 (ℓ2)**: each hidden weight written exactly as a nonnegative
  combination of its cone's extreme rays, normalized cross products of the
  block's inputs (:func:`~exactwedge.deep.blocks.reexpress_block_l2`).

Then, exactly: every re-expressed block reproduces its block's outputs on the
training set, so the whole network's training outputs are unchanged; for p = 1
the block's path regularization :math:`\sum_j\lVert W_1[:,j]\rVert_1\lVert W_2[j,:]\rVert_1` (the
value after the App. 6.12 rescaling, which also bounds the trained
weight-decay form from below) does not grow; for p = 2 it grows at most by the
factor 1/r of the block's input arrangement (THEORY §6 r-form, applied per
block; also the D-form when D < √2). The paper's own Thm 10 factor was lost in
extraction; this is the factor the THEORY §6 argument gives per block.

Hooks: ``dictionary`` (Thm 9: the block's dictionary), ``block`` (the
re-expressed block), ``radius`` (Thm 10: r).
"""

from __future__ import annotations

import math
from fractions import Fraction as Q

import numpy as np

from exactwedge import dictionary, from_float
from exactwedge.arrangement.chambers import max_chamber_diameter
from exactwedge.deep import Block, deep_forward, deep_regularization, reexpress_block_l1, reexpress_block_l2

from ._cases import full_rank, matrix, vector
from ._registry import check

__all__: list[str] = []


def train_deep(rng: np.random.Generator, X, y, widths: list[int], *, steps: int = 150, lr: float = 0.05,
               decay: float = 0.01) -> list[np.ndarray]:
    """Train ``X → (X W1)_+ W2 → ((·) W3)_+ W4 …`` by gradient descent (float64, seeded).

    ``widths`` lists the layer output sizes, e.g. ``[3, 2, 3, 1]`` for L = 4.

    >>> Ws = train_deep(np.random.default_rng(0), [[1, 0], [0, 1], [1, 1]], [1, 0, 2], [2, 1], steps=5)
    >>> [W.shape for W in Ws]
    [(2, 2), (2, 1)]
    """
    Xf = np.array([[float(c) for c in r] for r in X])
    yf = np.array([float(v) for v in y])[:, None]
    sizes = [Xf.shape[1]] + list(widths)
    Ws = [rng.normal(scale=0.7, size=(a, b)) for a, b in zip(sizes[:-1], sizes[1:])]
    for _ in range(steps):
        acts, pre = [Xf], []
        for k, W in enumerate(Ws):
            z = acts[-1] @ W
            pre.append(z)
            acts.append(np.maximum(z, 0) if k % 2 == 0 else z)
        g = (acts[-1] - yf) / len(yf)
        grads = [None] * len(Ws)
        for k in range(len(Ws) - 1, -1, -1):
            if k % 2 == 0:
                g = g * (pre[k] > 0)
            grads[k] = acts[k].T @ g + decay * Ws[k]
            g = g @ Ws[k].T
        Ws = [W - lr * G for W, G in zip(Ws, grads)]
    return Ws


def _blocks(Ws: list[np.ndarray]) -> list[Block]:
    ex = [[[from_float(float(v), 50) for v in row] for row in W] for W in Ws]
    return [Block(ex[k], ex[k + 1]) for k in range(0, len(ex), 2)]


def _cases(ctx, *, need_rank: bool):
    out = []
    tries = 0
    while len(out) < ctx.n_cases and tries < 20 * ctx.n_cases:
        tries += 1
        d = 2 + (len(out) % 2)
        n = int(ctx.rng.integers(5, 8))
        X = matrix(ctx.rng, n, d, lo=-3, hi=3)
        y = vector(ctx.rng, n, lo=-2, hi=2)
        widths = [3, 2, 3, 1] if not (ctx.thorough and len(out) % 3 == 2) else [3, 2, 3, 2, 2, 1]
        Ws = train_deep(ctx.rng, X, y, widths)
        if not all(np.all(np.isfinite(W)) for W in Ws):  # a diverged run: draw another network
            continue
        blocks = _blocks(Ws)
        acts = deep_forward(X, blocks)
        if need_rank and any(full_rank([list(r) for r in A]) < len(A[0]) for A in acts[:-1]):
            continue
        out.append(ctx.case(f"trained L={len(widths)} n={n} d={d}", X=X, y=y,
                            weights=[[list(r) for r in b.W1] for b in blocks] + [[list(r) for r in b.W2] for b in blocks]))
    return out


def _unpack(case) -> list[Block]:
    W = case.data["weights"]
    k = len(W) // 2
    return [Block(W[i], W[k + i]) for i in range(k)]


@check("thm9_deep_l1", "Thm 9", hooks=("dictionary", "block"), cases=8,
       uses=("exactwedge.deep.reexpress_block_l1", "exactwedge.deep.Block", "exactwedge.deep.deep_forward",
             "exactwedge.deep.deep_regularization", "exactwedge.dictionary.dictionary",
             "exactwedge.numbers.from_float"))
def thm9_deep_l1(ctx):
    r"""Thm 9 (deep, ℓ1): re-expressing each two-layer block by its own Lasso on its input activations
    (one exact LP per output unit over the block's ℓ1 wedge dictionary, THEORY §3) keeps the
    network's training outputs and does not raise the ℓ1 regularization.

    On small seeded networks trained by gradient descent (L = 4; also L = 6 when thorough;
    rational weights), for every block, exactly: the LP optima carry exact certificates; the new
    block reproduces the block's outputs on its training activations; its path regularization
    (= the sum of the LP optima) is ≤ the old block's; and the whole re-expressed network has
    the same training outputs and a total path regularization ≤ the original's (which is ≤ its
    weight-decay form).
    """
    for case in ctx.each(_cases(ctx, need_rank=False)):
        X = case.data["X"]
        blocks = _unpack(case)
        acts = deep_forward(X, blocks)
        new = []
        for b, blk in enumerate(blocks):
            A = acts[b]
            D = ctx.hook("dictionary", dictionary(A, norm=1))
            re = reexpress_block_l1(A, blk, dictionary=D)
            nb = ctx.hook("block", re.block)
            new.append(nb)
            ctx.expect(re.certified, "an LP optimum failed its exact certificate", block=b)
            ctx.expect(nb.forward(A) == blk.forward(A), "the re-expressed block changes the block's training outputs",
                       block=b, old=blk.forward(A), new=nb.forward(A))
            old_r, new_r = blk.regularization(1), nb.regularization(1)
            ctx.expect(new_r <= old_r, "the re-expressed block has a larger ℓ1 regularization", block=b,
                       old=old_r, new=new_r)
            ctx.expect(new_r == sum(re.values, Q(0)), "the new block's regularization is not the sum of the LP optima",
                       block=b, new=new_r, lp_sum=sum(re.values, Q(0)))
        out_old = deep_forward(X, blocks)[-1]
        out_new = deep_forward(X, new)[-1]
        ctx.expect(out_new == out_old, "the re-expressed network changes the training outputs", old=out_old, new=out_new)
        ro, rn = deep_regularization(blocks, 1), deep_regularization(new, 1)
        ctx.expect(rn <= ro <= deep_regularization(blocks, 1, "decay"),
                   "the total ℓ1 regularization grew (or path > decay form)", old_path=ro, new_path=rn)


@check("thm10_deep_l2", "Thm 10", hooks=("block", "radius"), cases=8,
       uses=("exactwedge.deep.reexpress_block_l2", "exactwedge.deep.Block", "exactwedge.deep.deep_forward",
             "exactwedge.deep.deep_regularization", "exactwedge.arrangement.max_chamber_diameter",
             "exactwedge.numbers.from_float"))
def thm10_deep_l2(ctx):
    r"""Thm 10 (deep, weight decay): re-expressing each two-layer block by normalized cross products of
    its input activations keeps the training outputs and raises the ℓ2 regularization at most by
    a chamber-geometry factor: per block, :math:`\le 1/r` (r of the block's input arrangement,
    THEORY §6), and :math:`\le 1/\sqrt{1 - D^2/2}` when D < √2.

    On small seeded networks trained by gradient descent (L = 4, also L = 6 when thorough)
    whose block inputs have full column rank (pointed chambers), exactly for the outputs: each
    hidden weight is an exact nonnegative combination of its cone's extreme rays, every block
    reproduces its outputs, and the network's training outputs are unchanged; the path
    regularization (sums of square roots, compared in float64 with 1e-9 relative slack)
    obeys the per-block factor, and the total obeys the largest one.
    """
    for case in ctx.each(_cases(ctx, need_rank=True)):
        X = case.data["X"]
        blocks = _unpack(case)
        acts = deep_forward(X, blocks)
        new, worst = [], 1.0
        for b, blk in enumerate(blocks):
            A = acts[b]
            re = reexpress_block_l2(A, blk)
            nb = ctx.hook("block", re.block)
            r = ctx.hook("radius", re.radius)
            new.append(nb)
            ctx.expect(re.certified, "a cone decomposition failed its exact check", block=b)
            ctx.expect(nb.forward(A) == blk.forward(A), "the re-expressed block changes the block's training outputs",
                       block=b)
            old_r, new_r = float(blk.regularization(2)), float(nb.regularization(2))
            ctx.expect(new_r <= old_r / r * (1 + 1e-9) + 1e-12, "the ℓ2 regularization grew by more than 1/r", block=b,
                       old=old_r, new=new_r, r=r)
            D2 = float(max_chamber_diameter(A).squared)
            if D2 < 2:
                ctx.expect(new_r <= old_r / math.sqrt(1 - D2 / 2) * (1 + 1e-9) + 1e-12,
                           "the ℓ2 regularization grew by more than 1/√(1 − D²/2)", block=b, old=old_r, new=new_r)
            worst = max(worst, 1 / r)
        out_old = deep_forward(X, blocks)[-1]
        ctx.expect(deep_forward(X, new)[-1] == out_old, "the re-expressed network changes the training outputs")
        ro, rn = float(deep_regularization(blocks, 2)), float(deep_regularization(new, 2))
        ctx.expect(rn <= worst * ro * (1 + 1e-9) + 1e-12, "the total ℓ2 regularization grew by more than max 1/r",
                   old=ro, new=rn, factor=worst)
