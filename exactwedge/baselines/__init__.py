r"""Non-convex baselines: ReLU and absolute-value networks trained by gradient methods.

The objective is the one of the convex programs (THEORY §2), so the numbers
compare directly with :func:`exactwedge.fit`. For a two-layer network

.. math:: \tfrac12\lVert f(X) - y\rVert^2 + \frac\beta2\sum_j\big(\lVert w_j\rVert_p^2 + \alpha_j^2\big)

(``regularizer="decay"``) or :math:`\tfrac12\lVert f(X)-y\rVert^2 + \beta\sum_j\lVert w_j\rVert_p|\alpha_j|`
(``regularizer="path"``), biases unregularized. Deep networks use eq. (39):
columns of odd layers, rows of even layers. Pure numpy, float64, seeded.

>>> from exactwedge.baselines import train
>>> run = train([[0], [1], [2], [3]], [0, 0, 1, 2], 0.01, widths=(8,), epochs=200, seed=0)
>>> run.history[-1] < run.history[0]
True
"""

from .gd import TrainedNetwork, network_objective, train

__all__ = ["TrainedNetwork", "train", "network_objective"]
