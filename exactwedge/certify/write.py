r"""Writing a self-contained optimality certificate of an exact fit (docs/10-certificates.md).

The certificate holds the problem (the data, β and the options, exact
numbers as strings ``"p/q"``), the solution (each active column's ``z``,
named by its anchor, samples and sign, 1-based as in the papers, with its
``w`` and ``b``; the intercept ``t``; the residual) and the objective. It
holds nothing a checker must trust: the standalone checker
:mod:`exactwedge.certify.verify_certificate` rebuilds every column of the
dictionary from the data, and checks the exact KKT conditions over all of
them (THEORY §3, §7).

Only the exact ℓ1 Lasso with the squared loss and one label column is
certified exactly (:attr:`~exactwedge.training.FitResult.optimal`); anything
else is refused, and so is a dictionary larger than
:data:`MAX_CERTIFICATE_COLUMNS` (the standard-library checker rebuilds every
column in pure Python).

>>> from exactwedge import fit
>>> doc = certificate_json(fit([0, 4, 5, 7, 10, 11], [0, 0, 0, 2, 3, 3], "1/10", bias=True))
>>> doc["format"], doc["solution"]["objective"], doc["solution"]["active"][0]["anchor"]
('exactwedge-lasso-certificate', '287/1600', 'x2')
"""

from __future__ import annotations

import json
from typing import Any

from ..dictionary import column_count
from ..exceptions import InvalidInputError, TooLargeError
from ..io import atomic_write_text
from ..numbers import format_exact
from .verify_certificate import FORMAT, VERSION

__all__ = ["certificate_json", "write_certificate", "certificate_text", "check_certifiable", "MAX_CERTIFICATE_COLUMNS",
           "CHECKER_COLUMNS_PER_SECOND"]

#: The most candidate columns a certificate is written for (the checker rebuilds each one in pure Python).
MAX_CERTIFICATE_COLUMNS = 200_000

#: The standalone checker's speed, for the estimate in a refusal: columns × samples per second (CPython 3.11, one
#: core, measured 70,000 (d = 4) to 240,000 (d = 2, 3); e.g. 132,600 columns for n = 50 in R³ with bias in 28 s).
CHECKER_COLUMNS_PER_SECOND = 100_000

_DICTIONARY = (
    "For each anchor a (each sample with bias; none without, x_a = 0), the point list "
    "P_a = [x_k - x_a for k != a] + [e_1, ..., e_d]; for each (d-1)-subset J of P_a in list order, "
    "c = cross(P_J) with cross(v_1..v_(d-1))_k = (-1)^(k+1) det(V without row k), V = [v_1 ... v_(d-1)] "
    "(d = 1: c = e_1); where c != 0, the neurons w = s c/|c|_1, b = -w.x_a, s = +1 and -1 (relu) or +1 (abs); "
    "the column K = sigma(X w + b 1). Names are 1-based: x1..xn, e1..ed.")


def _theorem(d: int, bias: bool, activation: str) -> str:
    """The theorem that makes the Lasso optimum the network optimum (docs/theory.md §3, §4)."""
    thm = "Thm 1" if (d == 1 and bias) else {(2, False): "Thm 2", (2, True): "Thm 3"}.get((d, bias),
                                                                                      "Thm 22" if bias else "Thm 6")
    return thm + (" with the absolute value (§4)" if activation == "abs" else "")


def check_certifiable(n: int, d: int, *, bias: bool, norm: int = 1, activation: str = "relu",
                      loss: str = "squared", targets: int = 1,
                      max_columns: int | None = MAX_CERTIFICATE_COLUMNS) -> int:
    """Refuse, before any work, a fit that no exact certificate covers; return the checker's column count.

    >>> check_certifiable(6, 1, bias=True)
    12
    >>> check_certifiable(6, 2, bias=True, norm=2)
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: a certificate needs --norm 1: the ℓ2 columns are surds and the ℓ2 Lasso is solved in float64
    >>> check_certifiable(60, 3, bias=True)
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.TooLargeError: the certificate's checker would rebuild 226,920 columns ...
    """
    if norm != 1:
        raise InvalidInputError("a certificate needs --norm 1: the ℓ2 columns are surds and the ℓ2 Lasso is solved in float64")
    if loss != "squared":
        raise InvalidInputError(f"a certificate needs the squared loss (--loss {loss} is solved in float64)")
    if targets != 1:
        raise InvalidInputError(f"a certificate needs one label column (--targets {targets} is a group Lasso "
                                "solved in float64, which no exact certificate covers)")
    m = column_count(n, d, bias=bias, norm=1, activation=activation)
    if max_columns is not None and m > max_columns:
        seconds = m * n / CHECKER_COLUMNS_PER_SECOND
        raise TooLargeError(f"the certificate's checker would rebuild {m:,} columns (n = {n} samples in R^{d}), "
                            f"about {seconds:,.0f} s in pure Python; the limit is {max_columns:,}: fewer samples, "
                            "or certificate_json(result, max_columns=None) from Python to write it anyway")
    return m


def _names(samples: Any) -> list[str]:
    return [s if isinstance(s, str) else f"x{int(s) + 1}" for s in samples]


def certificate_json(result: Any, *, max_columns: int | None = MAX_CERTIFICATE_COLUMNS) -> dict:
    """The certificate of an exact fit, as a JSON-ready dict (see the module docstring).

    ``result`` is a :class:`~exactwedge.training.FitResult` whose value is a
    proved optimum (``result.optimal``); anything else is refused.

    >>> from exactwedge import fit
    >>> doc = certificate_json(fit([[0, 0], [1, 0], [0, 1], [2, 3]], [0, 1, 1, 3], 1))
    >>> doc["problem"]["theorem"], doc["problem"]["X"][3], doc["solution"]["active"][0]["samples"]
    ('Thm 2', ['2', '3'], ['x2'])
    >>> certificate_json(fit([[0, 0], [1, 0], [0, 1]], [0, 1, 1], 1, norm=2))
    Traceback (most recent call last):
    ...
    exactwedge.exceptions.InvalidInputError: a certificate needs --norm 1: the ℓ2 columns are surds and the ℓ2 Lasso is solved in float64
    """
    vector = bool(result.y) and isinstance(result.y[0], (list, tuple))
    n, d = len(result.X), len(result.X[0])
    m = check_certifiable(n, d, bias=result.bias, norm=result.norm, activation=result.activation,
                          loss=result.loss, targets=len(result.y[0]) if vector else 1, max_columns=max_columns)
    if not result.optimal:
        raise InvalidInputError(f"a certificate needs a proved optimum; this fit's value is: {result.value_kind}")
    net = result.network
    fitted = net.predict(result.X)
    residual = [yi - fi for yi, fi in zip(result.y, fitted)]
    active = []
    for u in net.units:
        p = u.provenance
        active.append({"z": format_exact(u.alpha),
                       "anchor": None if p["anchor"] is None else f"x{int(p['anchor']) + 1}",
                       "samples": _names(p["samples"]), "sign": int(p["sign"]),
                       "w": [format_exact(v) for v in u.w], "b": format_exact(u.b)})
    t = result.intercept if result.bias and result.intercept is not None else 0
    return {
        "format": FORMAT,
        "version": VERSION,
        "written_by": "exactwedge fit --certificate",
        "claim": ("(z, t) minimizes the Lasso over every column of the dictionary below (exact KKT conditions); "
                  f"by {_theorem(d, result.bias, result.activation)} its value is the optimum of the two-layer "
                  "network training problem (ℓ1 path regularizer, squared loss)"),
        "check_with": "python3 verify_certificate.py THIS.json (or: exactwedge verify THIS.json)",
        "problem": {
            "lasso": "minimize over z, t: 1/2 |K z + t 1 - y|_2^2 + beta |z|_1 (t = 0 without bias)",
            "dictionary": _DICTIONARY,
            "theorem": _theorem(d, result.bias, result.activation),
            "n": n, "d": d,
            "X": [[format_exact(v) for v in row] for row in result.X],
            "y": [format_exact(v) for v in result.y],
            "beta": format_exact(result.beta),
            "bias": bool(result.bias),
            "activation": result.activation,
            "norm": 1,
            "loss": "squared",
            "targets": 1,
            "candidate_columns": m,
        },
        "solution": {
            "active": active,
            "intercept": format_exact(t),
            "residual": [format_exact(v) for v in residual],
            "objective": format_exact(result.value),
        },
    }


def write_certificate(result: Any, path: Any, *, max_columns: int | None = MAX_CERTIFICATE_COLUMNS) -> dict:
    """Write :func:`certificate_json` to ``path`` (atomically, never onto a device or FIFO); return it.

    >>> import os, tempfile
    >>> from exactwedge import fit
    >>> path = os.path.join(tempfile.mkdtemp(), "cert.json")
    >>> write_certificate(fit([0, 1, 2], [0, 0, 1], "1/10", bias=True), path)["solution"]["objective"]
    '9/100'
    """
    doc = certificate_json(result, max_columns=max_columns)
    atomic_write_text(path, certificate_text(doc))
    return doc


def certificate_text(doc: dict) -> str:
    """The file's text: indented JSON, each list of numbers on one line (a data row, ``w``, the residual).

    >>> print(certificate_text({"X": [["1", "2"], ["3", "4/5"]], "t": "0"}))
    {
     "X": [
      ["1", "2"],
      ["3", "4/5"]
     ],
     "t": "0"
    }
    <BLANKLINE>
    """
    def dump(v: Any, pad: str) -> str:
        if isinstance(v, list) and all(isinstance(x, str) for x in v):
            return json.dumps(v, ensure_ascii=False)
        if isinstance(v, list) and v:
            return "[\n" + ",\n".join(pad + " " + dump(x, pad + " ") for x in v) + "\n" + pad + "]"
        if isinstance(v, dict) and v:
            items = (pad + " " + json.dumps(k) + ": " + dump(x, pad + " ") for k, x in v.items())
            return "{\n" + ",\n".join(items) + "\n" + pad + "}"
        return json.dumps(v, ensure_ascii=False)

    return dump(doc, "") + "\n"
