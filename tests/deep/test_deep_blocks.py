"""Tests of exactwedge.deep: two-layer blocks and their exact re-expression (Thm 9, Thm 10)."""

from __future__ import annotations

from fractions import Fraction as Q

import numpy as np
import pytest

from exactwedge import dictionary
from exactwedge.deep import Block, deep_forward, deep_regularization, reexpress_block_l1, reexpress_block_l2
from exactwedge.exceptions import DimensionError, SolverError


def _random_block(rng, m_in, h, m_out):
    W1 = [[Q(int(v), int(rng.integers(1, 4))) for v in rng.integers(-4, 5, size=h)] for _ in range(m_in)]
    W2 = [[Q(int(v), int(rng.integers(1, 4))) for v in rng.integers(-4, 5, size=m_out)] for _ in range(h)]
    return Block(W1, W2)


@pytest.mark.parametrize("seed", range(6))
def test_l1_reexpression_keeps_outputs_and_lowers_cost(seed):
    rng = np.random.default_rng(seed)
    A = [[Q(int(v)) for v in rng.integers(-3, 4, size=2)] for _ in range(5)]
    blk = _random_block(rng, 2, 3, 2)
    re = reexpress_block_l1(A, blk)
    assert re.certified
    assert re.block.forward(A) == blk.forward(A)
    assert re.block.regularization(1) == sum(re.values, Q(0)) <= blk.regularization(1)


@pytest.mark.parametrize("seed", range(6))
def test_l2_reexpression_keeps_outputs_within_the_factor(seed):
    rng = np.random.default_rng(100 + seed)
    A = [[Q(int(v)) for v in rng.integers(-3, 4, size=3)] for _ in range(6)]
    if np.linalg.matrix_rank(np.array(A, dtype=float)) < 3:
        pytest.skip("rank-deficient draw")
    blk = _random_block(rng, 3, 3, 2)
    re = reexpress_block_l2(A, blk)
    assert re.certified and re.block.forward(A) == blk.forward(A)
    assert float(re.block.regularization(2)) <= float(blk.regularization(2)) / re.radius * (1 + 1e-12)


def test_deep_chain_and_regularization_forms():
    b = Block([[Q(1), Q(-1)]], [[Q(2)], [Q(3)]])
    acts = deep_forward([[1], [-2]], [b, Block([[Q(1)]], [[Q(1)]])])
    assert acts[1] == ((Q(2),), (Q(6),)) and acts[2] == acts[1]
    assert deep_regularization([b], 1) == 5 <= deep_regularization([b], 1, "decay")


def test_a_dropped_dictionary_makes_the_lp_infeasible():
    A = [[Q(1), Q(0)], [Q(0), Q(1)], [Q(1), Q(1)]]
    blk = Block([[Q(1)], [Q(-1)]], [[Q(1)]])
    D = dictionary(A, norm=1)
    import dataclasses

    keep = np.array([0])
    tiny = dataclasses.replace(D, numerators=D.numerators[:, keep], scales=D.scales[keep], crosses=D.crosses[keep],
                               signs=D.signs[keep], anchors=D.anchors[keep], subsets=[D.subsets[0]], _float=None)
    with pytest.raises(SolverError, match="infeasible"):
        reexpress_block_l1(A, blk, dictionary=tiny)


def test_shape_errors():
    with pytest.raises(DimensionError):
        Block([[Q(1), Q(2)]], [[Q(1)]])
    with pytest.raises(DimensionError):
        Block([[Q(1)]], [[Q(1)]]).forward([[1, 2]])
    with pytest.raises(DimensionError, match="rank"):
        reexpress_block_l2([[1, 0], [2, 0]], Block([[Q(1)], [Q(0)]], [[Q(1)]]))
