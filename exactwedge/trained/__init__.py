r"""Trained networks: gradient-trained baselines, and polishing them into closed form.

* :mod:`~exactwedge.trained.gd`: ReLU and absolute-value networks trained by
  gradient methods on the objective of the convex programs (THEORY §2), so the
  numbers compare directly with :func:`exactwedge.fit`. For a two-layer network

  .. math:: \tfrac12\lVert f(X) - y\rVert^2 + \frac\beta2\sum_j\big(\lVert w_j\rVert_p^2 + \alpha_j^2\big)

  (``regularizer="decay"``) or :math:`\tfrac12\lVert f(X)-y\rVert^2 + \beta\sum_j\lVert w_j\rVert_p|\alpha_j|`
  (``regularizer="path"``), biases unregularized; deep networks use eq. (39).
  Pure numpy, float64, seeded.
* :mod:`~exactwedge.trained.polish`: each trained neuron replaced by the scaled
  cross product of the samples nearest its hyperplane
  (:func:`~exactwedge.dictionary.nearest.polish_weight`), and the output layer
  refit exactly (THEORY §5); :mod:`~exactwedge.trained.polish_deep`: the same
  for deep networks, layer by layer, on :mod:`exactwedge.deep.blocks`.
* :mod:`~exactwedge.trained.weights` and :mod:`~exactwedge.trained.audit`:
  a trained network's weights read exactly (npz, CSV, MLPRegressor, torch,
  scnn), its exact objective and gap to the certified optimum, the
  hyperplanes it misses, and its repair (:func:`audit`).

>>> run = train([[0], [1], [2], [3]], [0, 0, 1, 2], 0.01, widths=(8,), epochs=200, seed=0)
>>> run.history[-1] < run.history[0]
True
"""

from .gd import TrainedNetwork, network_objective, train
from .polish import PolishResult, exact_data, polish, polish_weight, refit_output
from .polish_deep import DeepPolishResult, polish_deep
from .audit import AuditResult, audit
from .weights import NetworkWeights, read_weights

__all__ = [
    "TrainedNetwork",
    "train",
    "network_objective",
    "PolishResult",
    "DeepPolishResult",
    "polish",
    "polish_deep",
    "polish_weight",
    "refit_output",
    "exact_data",
    "AuditResult",
    "audit",
    "NetworkWeights",
    "read_weights",
]
