r"""Reading the weights of a trained two-layer network, at their exact binary values.

A two-layer network :math:`f(x) = t + \sum_j \alpha_j\,\sigma(x\cdot w_j + b_j)`
is given by ``W`` (m × d, one row per hidden neuron), ``b`` (m), ``alpha``
(m, or m × K for K outputs) and the output intercept ``t`` (a number, or K).
Every float is taken at its exact binary value (:func:`exactwedge.from_float`
without a bound), so nothing is rounded on the way in.

Sources, and their conventions:

* ``.npz`` (:func:`read_npz`): keys ``W``, ``b``, ``alpha``, ``intercept``.
  Accepted aliases: ``W1``, ``w``, ``weights``, ``hidden_weight`` for W;
  ``b1``, ``bias``, ``biases``, ``hidden_bias`` for b (missing: zeros);
  ``a``, ``W2``, ``v``, ``output_weight``, ``output_weights`` for alpha;
  ``t``, ``b2``, ``c``, ``output_bias`` for the intercept (missing: 0).
* CSV files of ``W``, ``b`` and ``alpha`` (:func:`read_csv_weights`): plain
  numbers, one row per line (an exact decimal such as ``0.1`` is the
  rational 1/10, as in data files).
* scikit-learn's ``MLPRegressor`` (:func:`from_mlp`), one hidden layer, ReLU:
  ``W = coefs_[0]ᵀ``, ``b = intercepts_[0]``, ``alpha = coefs_[1]``,
  ``t = intercepts_[1]``. Its loss is
  :math:`\frac1{2n}\lVert f(X)-y\rVert^2 + \frac{a}{2n}\sum(\lVert W_1\rVert_F^2 + \lVert W_2\rVert_F^2)`
  (``a`` = its ``alpha`` parameter, biases not penalized): n times it is our
  weight-decay objective with :math:`\beta = a`, ``norm=2``, ``bias=True``.
* a PyTorch ``state_dict`` of ``nn.Sequential(nn.Linear(d, m), nn.ReLU(), nn.Linear(m, K))``
  (:func:`from_state_dict`): the first two 2-D tensors are W (m × d) and the
  output weight (K × m), each followed by its bias. A ``.pt`` file needs torch.
* scnn (pilancilab/scnn, :func:`from_scnn`): its non-convex ReLU model has
  ``W1`` (p × d') and ``W2`` (c × p), :math:`h(X) = \sum_i (XW_{1i}^\top)_+W_{2i}^\top`,
  no intercept. With ``bias=True`` scnn appends a column of ones to X, so the
  last column of ``W1`` is the bias, *and it is penalized* with the weights;
  its loss is scaled by 1/n, :math:`\frac1{2n}\lVert h(X)-y\rVert^2 + \lambda R`.
  Reconciled: an scnn network is our bias-free network on the data
  :math:`[X\ \mathbf 1]` (:attr:`NetworkWeights.ones_column`), with
  :math:`\beta = n\lambda` (:func:`scnn_beta`). :func:`exactwedge.trained.audit.audit`
  appends the column and audits without bias.

>>> nw = from_arrays([[1.0, -0.5]], [0.25], [2.0], 0.0)
>>> nw.W, nw.b, nw.alpha, nw.intercept
([[Fraction(1, 1), Fraction(-1, 2)]], [Fraction(1, 4)], [Fraction(2, 1)], Fraction(0, 1))
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Mapping, Sequence

from ..exceptions import BackendNotInstalledError, DataFileError, DimensionError, InvalidInputError
from ..numbers import from_float

__all__ = ["NetworkWeights", "from_arrays", "read_npz", "read_csv_weights", "from_mlp", "from_state_dict",
           "from_scnn", "scnn_beta", "read_weights", "NPZ_KEYS"]

#: The ``.npz`` keys, each with its accepted aliases (first match wins).
NPZ_KEYS = {
    "W": ("W", "W1", "w", "weights", "hidden_weight"),
    "b": ("b", "b1", "bias", "biases", "hidden_bias"),
    "alpha": ("alpha", "a", "W2", "v", "output_weight", "output_weights"),
    "intercept": ("intercept", "t", "b2", "c", "output_bias"),
}


@dataclass
class NetworkWeights:
    """Exact weights of a two-layer network (Fractions), and where they came from.

    Attributes
    ----------
    W : list of list of Fraction
        m × d, one row per hidden neuron.
    b : list of Fraction
    alpha : list
        m Fractions, or m lists of K Fractions.
    intercept : Fraction or list of Fraction
    source : str
    ones_column : bool
        The data gets a column of ones (scnn with bias): audit on ``[X 1]`` without bias.
    notes : list of str
    """

    W: list
    b: list
    alpha: list
    intercept: Any
    source: str = "arrays"
    ones_column: bool = False
    notes: list = field(default_factory=list)

    @property
    def width(self) -> int:
        return len(self.W)

    @property
    def outputs(self) -> int:
        return len(self.alpha[0]) if self.alpha and isinstance(self.alpha[0], list) else 1

    def to_json(self) -> dict:
        """Exact strings of every weight."""
        s = lambda v: [s(c) for c in v] if isinstance(v, list) else str(v)  # noqa: E731
        return {"source": self.source, "W": s(self.W), "b": s(self.b), "alpha": s(self.alpha),
                "intercept": s(self.intercept), "ones_column": self.ones_column, "notes": list(self.notes)}


def _exact(v: Any, what: str) -> Any:
    try:
        return from_float(v)
    except InvalidInputError as e:
        raise InvalidInputError(f"{what}: {e}") from None


def _matrix(a: Any, what: str) -> list:
    import numpy as np

    arr = np.asarray(a, dtype=object) if not hasattr(a, "shape") else a
    arr = np.asarray(arr)
    if arr.ndim == 1:
        arr = arr.reshape(1, -1)
    if arr.ndim != 2:
        raise DimensionError(f"{what} must be a matrix, got shape {arr.shape}")
    return [[_exact(c, what) for c in row] for row in arr.tolist()]


def from_arrays(W: Any, b: Any = None, alpha: Any = None, intercept: Any = 0, *, source: str = "arrays") -> NetworkWeights:
    """Weights from arrays (numpy, lists, floats or exact numbers), checked for shape.

    ``alpha`` may be (m,), (m, K), or (1, m) (a torch-style output row); ``b``
    defaults to zeros.

    >>> nw = from_arrays([[1, 0], [0, 1]], None, [[1], [-1]], [0.5])
    >>> nw.b, nw.alpha, nw.intercept
    ([Fraction(0, 1), Fraction(0, 1)], [Fraction(1, 1), Fraction(-1, 1)], Fraction(1, 2))
    """
    import numpy as np

    Wm = _matrix(W, "W")
    m = len(Wm)
    if alpha is None:
        raise InvalidInputError("the output weights alpha are missing")
    A = np.asarray(alpha)
    if A.ndim == 2 and A.shape[0] == 1 and m != 1:
        A = A.T  # a (1, m) output row
    if A.ndim == 2 and A.shape[1] == 1:
        A = A[:, 0]
    if A.ndim not in (1, 2) or A.shape[0] != m:
        raise DimensionError(f"alpha must have {m} rows (one per hidden neuron), got shape {A.shape}")
    al = [_exact(v, "alpha") for v in A.tolist()] if A.ndim == 1 else [[_exact(c, "alpha") for c in r] for r in A.tolist()]
    bv = [Fraction(0)] * m if b is None else [_exact(v, "b") for v in np.asarray(b).reshape(-1).tolist()]
    if len(bv) != m:
        raise DimensionError(f"b must have {m} entries (one per hidden neuron), got {len(bv)}")
    T = np.asarray(intercept if intercept is not None else 0).reshape(-1).tolist()
    K = A.shape[1] if A.ndim == 2 else 1
    if len(T) == 1 and K > 1:
        T = T * K
    if len(T) != K:
        raise DimensionError(f"the intercept must have {K} entries, got {len(T)}")
    t = _exact(T[0], "intercept") if K == 1 else [_exact(v, "intercept") for v in T]
    if any(len(r) != len(Wm[0]) for r in Wm):
        raise DimensionError("the rows of W have different lengths")
    return NetworkWeights(Wm, bv, al, t, source)


def _pick(store: Mapping[str, Any], key: str) -> Any:
    for name in NPZ_KEYS[key]:
        if name in store:
            return store[name]
    return None


def read_npz(path: str | os.PathLike) -> NetworkWeights:
    """Weights from a ``.npz`` (keys in :data:`NPZ_KEYS`); DataFileError when unreadable or W/alpha missing.

    >>> import numpy as np, tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "net.npz")
    >>> np.savez(p, W1=[[0.5, 1.0]], b1=[0.0], W2=[-2.0], b2=1.0)
    >>> nw = read_npz(p)
    >>> nw.W, nw.alpha, nw.intercept
    ([[Fraction(1, 2), Fraction(1, 1)]], [Fraction(-2, 1)], Fraction(1, 1))
    """
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as z:
            store = {k: z[k] for k in z.files}
    except (OSError, ValueError) as e:
        raise DataFileError(f"cannot read weights from {os.fspath(path)!r}: {e}") from None
    W, alpha = _pick(store, "W"), _pick(store, "alpha")
    if W is None or alpha is None:
        raise DataFileError(f"{os.fspath(path)!r} needs the keys W and alpha (or an alias: "
                            f"{', '.join(NPZ_KEYS['W'][1:])}; {', '.join(NPZ_KEYS['alpha'][1:])}); it has "
                            f"{', '.join(sorted(store)) or 'no arrays'}")
    t = _pick(store, "intercept")
    return from_arrays(W, _pick(store, "b"), alpha, 0 if t is None else t, source=f"npz {os.path.basename(path)}")


def _csv_rows(path: str | os.PathLike) -> list[list[Fraction]]:
    from ..numbers import parse_exact

    try:
        with open(path, encoding="utf-8") as f:
            lines = [ln.strip() for ln in f if ln.strip()]
    except OSError as e:
        raise DataFileError(f"cannot read {os.fspath(path)!r}: {e.strerror or e}") from None
    try:
        return [[parse_exact(c.strip()) for c in ln.split(",")] for ln in lines]
    except InvalidInputError as e:
        raise DataFileError(f"{os.fspath(path)!r}: {e}") from None


def read_csv_weights(W_path: Any, b_path: Any, alpha_path: Any, intercept: Any = 0) -> NetworkWeights:
    """Weights from CSV files of W (m rows of d numbers), b (m numbers) and alpha (m numbers, or m rows of K).

    ``b_path=None`` means zero biases. Numbers are read exactly (``0.1`` is 1/10).

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for name, text in [("W", "1,0\\n0,-1\\n"), ("b", "0.5\\n0\\n"), ("a", "1\\n-3/2\\n")]:
    ...     _ = (d / f"{name}.csv").write_text(text)
    >>> nw = read_csv_weights(d / "W.csv", d / "b.csv", d / "a.csv")
    >>> nw.b, nw.alpha
    ([Fraction(1, 2), Fraction(0, 1)], [Fraction(1, 1), Fraction(-3, 2)])
    """
    W = _csv_rows(W_path)
    b = None if b_path is None else [c for r in _csv_rows(b_path) for c in r]
    A = _csv_rows(alpha_path)
    alpha = [r[0] for r in A] if all(len(r) == 1 for r in A) else A
    if len(A) == 1 and len(W) > 1:  # one line of m numbers
        alpha = A[0]
    nw = from_arrays(W, b, alpha, intercept, source="csv")
    return nw


def from_mlp(model: Any) -> NetworkWeights:
    """Weights of a fitted scikit-learn ``MLPRegressor`` with one hidden layer and ReLU.

    β of its loss is its ``alpha`` parameter (weight decay, ``norm=2``, ``bias=True``; see the module text).

    >>> import numpy as np
    >>> from types import SimpleNamespace as NS  # the attributes a fitted MLPRegressor has
    >>> mlp = NS(coefs_=[np.array([[1.0, -1.0]]), np.array([[2.0], [0.5]])], intercepts_=[np.zeros(2), np.array([0.25])],
    ...          activation="relu", alpha=0.0001)
    >>> nw = from_mlp(mlp)
    >>> nw.W, nw.alpha, nw.intercept
    ([[Fraction(1, 1)], [Fraction(-1, 1)]], [Fraction(2, 1), Fraction(1, 2)], Fraction(1, 4))
    """
    coefs = getattr(model, "coefs_", None)
    if coefs is None:
        raise InvalidInputError(f"expected a fitted MLPRegressor, got {type(model).__name__} without coefs_")
    if len(coefs) != 2:
        raise InvalidInputError(f"the audit reads two-layer networks: this MLP has {len(coefs) - 1} hidden layers")
    if getattr(model, "activation", "relu") != "relu":
        raise InvalidInputError(f"the audit reads ReLU networks: this MLP uses activation={model.activation!r}")
    nw = from_arrays(coefs[0].T, model.intercepts_[0], coefs[1], model.intercepts_[1], source="MLPRegressor")
    nw.notes.append(f"MLPRegressor(alpha={model.alpha!r}): its loss times n is the weight-decay objective "
                    f"(norm=2, bias=True) with beta = alpha")
    return nw


def _array(v: Any) -> Any:
    import numpy as np

    if hasattr(v, "detach"):  # a torch tensor
        v = v.detach().cpu().double().numpy()
    return np.asarray(v)


def from_state_dict(sd: Any) -> NetworkWeights:
    """Weights from a PyTorch ``state_dict`` (two ``nn.Linear`` layers), or a path to a saved one (needs torch).

    Tensors or numpy arrays; the first two 2-D entries (in order) are the
    layers' weights, each followed by its 1-D bias when there is one.

    >>> sd = {"0.weight": [[1.0, 2.0]], "0.bias": [0.5], "2.weight": [[-1.0]], "2.bias": [0.25]}
    >>> nw = from_state_dict({k: __import__("numpy").array(v) for k, v in sd.items()})
    >>> nw.W, nw.b, nw.alpha, nw.intercept
    ([[Fraction(1, 1), Fraction(2, 1)]], [Fraction(1, 2)], [Fraction(-1, 1)], Fraction(1, 4))
    """
    if isinstance(sd, (str, os.PathLike)):
        try:
            import torch
        except ImportError:
            raise BackendNotInstalledError("reading a .pt state_dict needs torch (pip install torch); "
                                           "or save its arrays with numpy.savez and pass the .npz") from None
        sd = torch.load(sd, map_location="cpu", weights_only=True)
    items = [(k, _array(v)) for k, v in dict(sd).items()]
    layers: list[list[Any]] = []
    for k, v in items:
        if v.ndim == 2:
            layers.append([v, None])
        elif v.ndim == 1 and layers and layers[-1][1] is None:
            layers[-1][1] = v
    if len(layers) != 2:
        raise InvalidInputError(f"the state_dict has {len(layers)} weight matrices; the audit reads two Linear layers")
    (W1, b1), (W2, b2) = layers
    return from_arrays(W1, b1, W2.T, 0 if b2 is None else b2, source="state_dict")


def from_scnn(W1: Any, W2: Any = None, *, bias: bool = True) -> NetworkWeights:
    """Weights of an scnn non-convex ReLU model (``W1``: p × d', ``W2``: c × p), exactly.

    ``W1`` may also be the scnn model itself (``scnn.models.NonConvexReLU``, whose
    ``parameters`` are ``[W1, W2]``), as ``scnn.optimize`` returns it.

    With ``bias=True`` (scnn appended a column of ones to X) the last column of
    W1 is the (penalized) bias: the weights are kept whole and marked
    :attr:`~NetworkWeights.ones_column`, so the audit runs on ``[X 1]``
    without a bias, which is the problem scnn solved (β = nλ, :func:`scnn_beta`).

    >>> nw = from_scnn([[1.0, -2.0]], [[0.5]])
    >>> nw.W, nw.b, nw.alpha, nw.ones_column
    ([[Fraction(1, 1), Fraction(-2, 1)]], [Fraction(0, 1)], [Fraction(1, 2)], True)
    >>> class Model:  # the shape of scnn.models.NonConvexReLU
    ...     parameters = [[[1.0, -2.0]], [[0.5]]]
    >>> from_scnn(Model()).alpha
    [Fraction(1, 2)]
    """
    if W2 is None:  # the model object: its parameters are [W1 (p × d'), W2 (c × p)]
        params = getattr(W1, "parameters", None)
        if not isinstance(params, (list, tuple)) or len(params) != 2:
            raise InvalidInputError("from_scnn takes (W1, W2), or an scnn NonConvexReLU model whose parameters are "
                                    f"[W1, W2]; got {type(W1).__name__}")
        W1, W2 = params
    nw = from_arrays(W1, None, _array(W2).T, 0, source="scnn")
    nw.ones_column = bool(bias)
    if bias:
        nw.notes.append("scnn: the last column of W1 is a penalized bias on a ones column; audited as a "
                        "bias-free network on [X 1], beta = n * lambda")
    return nw


def scnn_beta(lam: Any, n: int) -> Fraction:
    """β of our objective for scnn's regularization λ on n samples: β = nλ (scnn scales its loss by 1/n).

    >>> scnn_beta(0.125, 8)
    Fraction(1, 1)
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise InvalidInputError(f"n must be a positive integer, got {n!r}")
    return _exact(lam, "lambda") * n


def read_weights(source: Any) -> NetworkWeights:
    """Weights from any supported source: NetworkWeights, an MLPRegressor, a state_dict, a ``.npz``/``.pt``
    path, a ``W.csv,b.csv,alpha.csv`` triple (a comma-separated string or a sequence), or a mapping of arrays.

    >>> read_weights({"W": [[1, 1]], "alpha": [3]}).alpha
    [Fraction(3, 1)]
    """
    if isinstance(source, NetworkWeights):
        return source
    if hasattr(source, "coefs_"):
        return from_mlp(source)
    if isinstance(source, (str, os.PathLike)):
        text = os.fspath(source)
        parts = text.split(",") if "," in text else [text]
        if len(parts) in (2, 3) and all(p.lower().endswith(".csv") for p in parts):
            return read_csv_weights(parts[0], parts[1] if len(parts) == 3 else None, parts[-1])
        if text.lower().endswith((".pt", ".pth")):
            return from_state_dict(text)
        if text.lower().endswith(".npz"):
            return read_npz(text)
        raise InvalidInputError(f"weights {text!r}: expected a .npz, a .pt state_dict, or W.csv,b.csv,alpha.csv")
    if isinstance(source, Sequence) and len(source) in (2, 3) and all(isinstance(p, (str, os.PathLike)) for p in source):
        return read_weights(",".join(os.fspath(p) for p in source))
    if isinstance(source, Mapping):
        if any(k in source for k in NPZ_KEYS["W"]):
            t = _pick(source, "intercept")
            return from_arrays(_pick(source, "W"), _pick(source, "b"), _pick(source, "alpha"), 0 if t is None else t)
        return from_state_dict(source)
    raise InvalidInputError(f"cannot read network weights from {type(source).__name__}")
