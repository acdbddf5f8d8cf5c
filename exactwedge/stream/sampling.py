r"""Sampled working sets, for dictionaries too large even to stream through many times.

Instead of growing the working set by pricing every column, take a fixed set
of columns and solve the Lasso on those only:

``"random:N"``
    N subsets drawn uniformly (seeded) among all subsets of all blocks; each
    gives its column (both signs for ReLU).
``"polish"`` or ``"polish:WIDTH"``
    Train a small two-layer network by gradient descent (WIDTH hidden units,
    default 32), then choose each neuron's samples exactly as polishing does
    (:func:`exactwedge.dictionary.nearest.polish_weight`: the closest samples,
    kept independent, completed by basis vectors) and take the dictionary
    columns of those subsets (both signs for ReLU). The trainer is passed in,
    ``train=exactwedge.trained.train``: gradient training sits above the
    streamed Lasso in the pipeline, so this layer never imports it.

The sampled optimum is an upper bound on the full one. How far above is
measured, not guessed: one streamed pricing pass gives the duality gap over
**all** columns (an upper bound on the suboptimality, up to float64
rounding), and when the full streamed optimum is affordable
(``full=True``) the actual difference is reported too.

>>> from exactwedge.stream.columns import ColumnStream
>>> S = ColumnStream([[0, 0], [1, 0], [0, 1], [1, 1]])
>>> sample_columns(S, "random:3", seed=1)
[2, 3, 4, 5, 8, 9]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from ..dictionary.nearest import polish_weight
from ..exceptions import InvalidInputError
from .columns import ColumnStream, subset_rank
from .working_set import StreamSolution, solve_stream, stream_for

__all__ = ["parse_sample", "sample_columns", "polish_subsets", "SampledSolution", "solve_sampled"]

#: Hidden units of the network trained for ``sample="polish"`` unless ``"polish:WIDTH"`` says otherwise.
DEFAULT_POLISH_WIDTH = 32
#: Gradient-descent epochs for ``sample="polish"``.
POLISH_EPOCHS = 500


def parse_sample(spec: Any) -> tuple[str, int]:
    """``("random", N)`` or ``("polish", WIDTH)`` from a sampling spec (a string, or such a pair).

    >>> parse_sample("random:500"), parse_sample("polish"), parse_sample(("polish", 8))
    (('random', 500), ('polish', 32), ('polish', 8))
    >>> parse_sample("random")
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: sample must be 'random:N' (N ≥ 1), 'polish' or 'polish:WIDTH', got 'random'
    """
    msg = f"sample must be 'random:N' (N ≥ 1), 'polish' or 'polish:WIDTH', got {spec!r}"
    if isinstance(spec, (tuple, list)) and len(spec) == 2 and isinstance(spec[1], int) and not isinstance(spec[1], bool):
        spec = f"{spec[0]}:{spec[1]}"
    if not isinstance(spec, str):
        raise InvalidInputError(msg)
    kind, _, arg = spec.partition(":")
    if spec == "polish":
        return "polish", DEFAULT_POLISH_WIDTH
    if kind not in ("random", "polish") or not arg.isdigit() or int(arg) < 1:
        raise InvalidInputError(msg)
    return kind, int(arg)


def _subset_columns(stream: ColumnStream, block: int, subset: list[int]) -> list[int]:
    """The global columns (both signs for ReLU) of one subset of one block."""
    sh = stream.shared
    rank = subset_rank(sh["block_points"][block], subset)
    first = int(sh["offsets"][block]) + stream.signs * rank
    return list(range(first, first + stream.signs))


def polish_subsets(stream: ColumnStream, network: Any) -> list[tuple[int, list[int]]]:
    """``(block, subset)`` of each neuron of an exact network, chosen as :func:`~exactwedge.dictionary.nearest.polish_weight` does.

    With bias the block is the anchor (the sample closest to the neuron's
    hyperplane); neurons with a zero weight, and (ℓ2) neurons whose sample
    set needs basis vectors, are skipped.

    >>> from exactwedge.network import Network, Unit
    >>> S = ColumnStream([[0, 0], [2, 0], [0, 2]])
    >>> net = Network([Unit((Fraction(1), Fraction(1)), Fraction(0), Fraction(1))])
    >>> polish_subsets(S, net)  # x0 = 0 is closest but cannot span: x1 is next
    [(0, [1])]
    """
    n, d = stream.n, stream.d
    out = []
    for u in network.units:
        if all(c == 0 for c in u.w):
            continue
        _w, _b, info = polish_weight(stream.rows, u.w, u.b if stream.bias else None, norm=stream.norm)
        samples, basis = list(info["samples"]), list(info["basis"])
        if basis and stream.norm == 2:
            continue
        anchors = stream.shared["anchors"].tolist()
        if stream.bias:  # the block of anchor a; its points are x_k − x_a (k ≠ a), then e_1..e_d
            a, data = samples[0], samples[1:]
            pts = [k if k < a else k - 1 for k in data] + [n - 1 + e - 1 for e in basis]
        else:  # one block: x_0..x_{n−1}, then e_1..e_d
            a, data = -1, samples
            pts = list(data) + [n + e - 1 for e in basis]
        if a not in anchors or len(pts) != d - 1:
            continue
        block = anchors.index(a)
        out.append((block, sorted(pts)))
    return out


def sample_columns(stream: ColumnStream, spec: Any, *, seed: int = 0, y: Any = None, beta: Any = None,
                   train: Any = None) -> list[int]:
    """Global column indices of a sampled working set (sorted, without repeats).

    ``"polish"`` needs ``y`` and ``beta`` (the network is trained on them)
    and ``train``, the gradient trainer :func:`exactwedge.trained.train` (or
    any function with its signature whose result has ``to_network()``).

    >>> from exactwedge.trained import train
    >>> S = ColumnStream([[0, 0], [2, 0], [0, 2], [2, 2]])
    >>> sample_columns(S, "polish:2", y=[0, 1, 1, 0], beta="1/10", train=train)
    [2, 3]
    """
    kind, N = parse_sample(spec)
    if kind == "random":
        subsets_total = stream.total // stream.signs
        rng = np.random.default_rng(seed)
        pick = np.arange(subsets_total) if N >= subsets_total else np.sort(rng.choice(subsets_total, N, replace=False))
        cols = (pick[:, None] * stream.signs + np.arange(stream.signs)[None, :]).ravel()
        return [int(g) for g in cols]
    if y is None or beta is None:
        raise InvalidInputError("sample='polish' needs y and beta to train the network it polishes")
    if train is None:
        raise InvalidInputError("sample='polish' needs train=exactwedge.trained.train, the gradient trainer "
                                "of the network it polishes")
    run = train(stream.rows, [float(Fraction(v)) if not isinstance(v, float) else v for v in y], float(Fraction(beta)),
                widths=(N,), activation=stream.activation, bias=stream.bias, norm=stream.norm,
                epochs=POLISH_EPOCHS, seed=seed)
    cols: set[int] = set()
    for block, sub in polish_subsets(stream, run.to_network()):
        cols.update(_subset_columns(stream, block, sub))
    return sorted(cols)


@dataclass
class SampledSolution:
    """The Lasso on a sampled working set, and how far it is from the full optimum.

    Attributes
    ----------
    sample : str
    columns : list of int
        The sampled global columns.
    solution : StreamSolution
        The optimum on the sample, with the streamed duality gap over all
        columns (``solution.gap``, NaN when not measured).
    full : StreamSolution or None
        The full streamed optimum (``full=True``).

    Examples
    --------
    >>> res = solve_sampled([[0, 0], [1, 0], [0, 1], [1, 1]], [0, 1, 1, 2], "1/10", sample="random:2",
    ...                     executor="serial", full=True)
    >>> res.to_json()["gap_bound"] >= res.to_json()["difference"] >= 0
    True
    """

    sample: Any
    columns: list
    solution: StreamSolution
    full: StreamSolution | None = field(default=None, repr=False)

    @property
    def value(self) -> float:
        """The sampled optimum (an upper bound on the full one)."""
        return self.solution.primal

    @property
    def difference(self) -> float | None:
        """Sampled minus full optimum, when the full one was computed."""
        return None if self.full is None else self.solution.primal - self.full.primal

    def to_json(self) -> dict:
        """Values, the gap bound over all columns, and the actual difference when known."""
        kind, N = parse_sample(self.sample)
        return {"sample": f"{kind}:{N}", "sampled_columns": len(self.columns), "value": self.value,
                "gap_bound": self.solution.gap, "relative_gap_bound": self.solution.relative_gap,
                "full_value": None if self.full is None else self.full.primal, "difference": self.difference,
                "total_columns": self.solution.total_columns}


def solve_sampled(X: Any, y: Any, beta: Any, *, sample: Any, seed: int = 0, bias: bool = False, norm: int = 1,
                  activation: str = "relu", executor: Any = None, chunk_size: int | None = None, tol: float = 1e-9,
                  progress: Any = None, gap: bool = True, full: bool = False, train: Any = None) -> SampledSolution:
    """Solve on a sampled working set; measure the gap over all columns (``gap``) and the full optimum (``full``).

    ``train`` is the gradient trainer of ``sample="polish"`` (see :func:`sample_columns`).

    >>> res = solve_sampled([0, 1, 2, 3], [0, 1, 0, 1], 1, sample="random:100", bias=True, executor="serial")
    >>> len(res.columns) == res.solution.total_columns, res.solution.converged
    (True, True)
    """
    stream = stream_for(X, bias=bias, norm=norm, activation=activation, chunk_size=chunk_size)
    cols = sample_columns(stream, sample, seed=seed, y=y, beta=beta, train=train)
    opts = {"bias": stream.bias, "norm": stream.norm, "activation": stream.activation, "tol": tol,
            "executor": executor, "progress": progress}
    sol = solve_stream(stream, y, beta, max_passes=1 if gap else 0, init_columns=cols, **opts)
    fsol = solve_stream(stream, y, beta, init_columns=sol.support, **opts) if full else None
    return SampledSolution(sample, cols, sol, fsol)
