r"""Deep networks, layer by layer (THEORY §3, deep rows; Thm 9, Thm 10; the deep 1-D results).

A deep ReLU network is a chain of two-layer blocks; each block's Lasso is the
one of :mod:`exactwedge.dictionary` on the block's input, so re-expressing a
trained block as a Lasso solution (:func:`reexpress_block_l1`, an exact LP per
output unit) never increases its regularizer (:mod:`.blocks`). For 1-D data the
deep narrow networks have finite dictionaries of their own, with their
kinks named by the training points (:mod:`.one_d`: capped ramps for ReLU;
reflections :math:`2x_j - x_k`, midpoints :math:`(x_j+x_k)/2` and three-kink
families for the absolute value), checked complete against every vertex of
the biases' hyperplane arrangement (:mod:`.arrangement`); :func:`fit_deep`
(:mod:`.fit`) solves their exact Lasso at β > 0 (L = 3, 4), certified, with
each chain's breakpoints named by the samples (:mod:`.kinks`).

>>> from fractions import Fraction as Q
>>> b = Block(((Q(1),),), ((Q(-2),),))
>>> deep_regularization([b, b], 1)
Fraction(4, 1)
"""

from .blocks import (
    Block,
    BlockReexpression,
    deep_forward,
    deep_regularization,
    layer_forward,
    reexpress_block_l1,
    reexpress_block_l2,
)
from .fit import DeepFitResult, fit_deep

__all__ = [
    "Block",
    "BlockReexpression",
    "DeepFitResult",
    "deep_forward",
    "deep_regularization",
    "fit_deep",
    "layer_forward",
    "reexpress_block_l1",
    "reexpress_block_l2",
]
