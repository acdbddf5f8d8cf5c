"""Deep ReLU networks built from two-layer blocks (THEORY §3, deep rows; Thm 9, Thm 10).

See :mod:`exactwedge.deep.blocks`.
"""

from .blocks import (
    Block,
    BlockReexpression,
    deep_forward,
    deep_regularization,
    reexpress_block_l1,
    reexpress_block_l2,
)

__all__ = [
    "Block",
    "BlockReexpression",
    "deep_forward",
    "deep_regularization",
    "reexpress_block_l1",
    "reexpress_block_l2",
]
