r"""Kinks of deep narrow 1-D chains, named by the training samples.

A breakpoint of a deep narrow feature (:mod:`exactwedge.deep.one_d`) is a
training point, a *reflection* :math:`2x_j - x_k` of one across another, a
*midpoint* :math:`(x_j + x_k)/2`, or (absolute value, L = 4) another small
affine combination of samples. This module writes each one as such a
combination, from where the chain came from (its provenance):

* ReLU chains are monotone, so their kinks are among their anchors
  :math:`a_l = x_{j_l}` (and :math:`a_1 = 2x_{j_2} - x_{j_1}` for the reflected
  variant ``k = 1``);
* an abs chain :math:`|||x - a| - b| - c|` puts ``L − 1`` of its *kink
  expressions* ``a``, ``a ± b``, ``a ± b ± c`` at training points
  (:func:`abs_kink_families`); inverting that choice writes ``a``, ``b``, ``c``
  and so every kink expression in the samples.

A *form* is a mapping ``{sample index: coefficient}`` whose coefficients sum
to 1 (an affine combination); samples are numbered from 0, as in the
two-layer labels (``(x - x2)``).

>>> sample_form({2: 2, 3: -1}), sample_form({0: Fraction(1, 2), 2: Fraction(1, 2)})
('2x2 - x3', '(x0 + x2)/2')
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any, Sequence

from ..exceptions import InvalidInputError
from ..numbers import format_exact
from ..numbers.linalg import inverse

__all__ = ["abs_kink_families", "form_kind", "name_breakpoints", "sample_form", "slope_changes"]

#: The kink expressions of an abs chain ``|||x − a| − b| − c|`` (b, c ≥ 0): coefficients of (a, b, c).
ABS_KINKS = {
    "a": (1, 0, 0), "a+b": (1, 1, 0), "a-b": (1, -1, 0),
    "a+b+c": (1, 1, 1), "a+b-c": (1, 1, -1), "a-b+c": (1, -1, 1), "a-b-c": (1, -1, -1),
}
#: Kinks that exist only when c ≤ b (the level c crosses the inner part of the W).
ABS_INNER = ("a+b-c", "a-b+c")


def abs_kink_families(k: int) -> list[tuple[tuple, list]]:
    r"""The vertex families of an abs chain with ``k`` nontrivial layers: which kinks sit at data points.

    The kinks of :math:`|x - a|` (k = 1), :math:`||x-a|-b|` (k = 2) and
    :math:`|||x-a|-b|-c|` (k = 3, b, c ≥ 0) are among the *kink expressions*
    ``a``, ``a ± b``, ``a ± b ± c``. A family is a choice of ``k`` of them with
    independent coefficients; putting them at training points fixes (a, b, c).

    Returns
    -------
    list of (names, inverse)
        ``inverse`` maps the ``k`` kink positions to ``(a, b, c)[:k]``.

    Examples
    --------
    >>> [names for names, _ in abs_kink_families(2)]   # anchored at a, reflected, and the midpoint
    [('a', 'a+b'), ('a', 'a-b'), ('a+b', 'a-b')]
    >>> len(abs_kink_families(3))
    30
    """
    names = [e for e, c in ABS_KINKS.items() if not any(c[k:])]
    out = []
    for combo in itertools.combinations(names, k):
        try:
            inv = inverse([list(ABS_KINKS[e][:k]) for e in combo])
        except InvalidInputError:  # dependent kink expressions: no family
            continue
        out.append((combo, inv))
    return out


def sample_form(form: dict) -> str:
    """Write an affine combination of samples, e.g. ``2x2 - x3`` or ``(x0 + x2)/2`` (positive terms first).

    >>> sample_form({4: 1}), sample_form({1: 2, 0: -2, 3: 1})
    ('x4', '2x1 + x3 - 2x0')
    """
    items = sorted(((i, Fraction(c)) for i, c in form.items() if c != 0), key=lambda t: (t[1] < 0, t[0]))
    if not items:
        return "0"
    den = math.lcm(*(c.denominator for _, c in items))
    parts = []
    for i, c in items:
        k = int(c * den)
        mag = "" if abs(k) == 1 else str(abs(k))
        sign = "-" if k < 0 else "+"
        parts.append((sign, f"{mag}x{i}"))
    text = ("-" if parts[0][0] == "-" else "") + parts[0][1]
    text += "".join(f" {s} {t}" for s, t in parts[1:])
    return text if den == 1 else f"({text})/{den}"


def form_kind(form: dict) -> str:
    """``sample``, ``reflection`` (2x_j − x_k), ``midpoint`` or ``combination``.

    >>> [form_kind(f) for f in ({1: 1}, {1: 2, 0: -1}, {0: Fraction(1, 2), 1: Fraction(1, 2)}, {0: 2, 1: -2, 2: 1})]
    ['sample', 'reflection', 'midpoint', 'combination']
    """
    coefs = sorted(Fraction(c) for c in form.values() if c != 0)
    if coefs == [1]:
        return "sample"
    if coefs == [-1, 2]:
        return "reflection"
    if coefs == [Fraction(1, 2), Fraction(1, 2)]:
        return "midpoint"
    return "combination"


def _combine(terms: Sequence[tuple[Any, dict]]) -> dict:
    """Σ coefficient · form, as one form (zero coefficients dropped)."""
    out: dict = {}
    for k, f in terms:
        for i, c in f.items():
            out[i] = out.get(i, Fraction(0)) + Fraction(k) * c
    return {i: c for i, c in out.items() if c != 0}


def _chain_forms(provenance: dict, activation: str) -> list[dict]:
    """The points a chain's kinks can be, as forms, from its provenance (the module text)."""
    if "kinks" in provenance:  # an abs chain of the complete families: (expression, sample) pairs
        pairs = provenance["kinks"]
        names = tuple(e for e, _ in pairs)
        k = len(names)
        inv = next((inv for combo, inv in abs_kink_families(k) if combo == names), None)
        if inv is None:
            return []
        samples = [{i: Fraction(1)} for _, i in pairs]
        abc = [_combine(list(zip(row, samples))) for row in inv]  # a, b, c as forms
        return [_combine(list(zip(coef[:k], abc))) for e, coef in ABS_KINKS.items() if not any(coef[k:])]
    if "j" in provenance:  # the authors' recursion: anchors at samples, the reflected first anchor for k = 1
        js = list(provenance["j"])
        forms = [{j: Fraction(1)} for j in js]
        if provenance.get("k") == 1 and len(js) >= 2:
            forms[0] = _combine([(2, {js[1]: Fraction(1)}), (-1, {js[0]: Fraction(1)})])
        refl = [_combine([(2, p), (-1, q)]) for p, q in itertools.permutations(forms, 2)]
        return forms + refl
    return []


def slope_changes(f: Any, candidates: Sequence[Any]) -> list[Fraction]:
    """The candidates where the piecewise-linear ``f`` really kinks (its slope changes), exactly.

    ``f`` must be linear between consecutive candidates; each one is tested with
    a step of half the gap to its neighbours.

    >>> slope_changes(lambda x: max(x - 1, 0) if x < 3 else Fraction(2), [0, 1, 3])  # 0 is no kink
    [Fraction(1, 1), Fraction(3, 1)]
    """
    pts = sorted({Fraction(c) for c in candidates})
    gaps = [b - a for a, b in zip(pts, pts[1:])]
    out = []
    for i, p in enumerate(pts):
        near = [g for g in (gaps[i - 1] if i else None, gaps[i] if i < len(gaps) else None) if g is not None]
        h = min(near) / 2 if near else Fraction(1)
        if f(p) - f(p - h) != f(p + h) - f(p):
            out.append(p)
    return out


def _value(form: dict, xs: Sequence[Fraction]) -> Fraction:
    return sum((c * xs[i] for i, c in form.items()), Fraction(0))


def name_breakpoints(kinks: Sequence[Fraction], xs: Sequence[Fraction], provenance: dict,
                     activation: str) -> list[dict]:
    """Name each kink of a chain by the samples: ``{"at", "name", "kind", "form"}`` per kink.

    A kink is named by the chain's own points first (its anchors, reflections
    and kink expressions, simplest first), else by a training point, a
    reflection or a midpoint of two of them; a kink none of these reaches gets
    ``name`` None (with ``kind`` ``"number"``). ``form`` lists the
    ``[sample index, coefficient]`` pairs of the name (machine-readable).

    Parameters
    ----------
    kinks : exact kink locations (sorted)
    xs : the training inputs, exact
    provenance : the chain's provenance (``dict(chain.provenance)``)
    activation : {"relu", "abs"}

    Examples
    --------
    The midpoint chain ``||x − 3/2| − 3/2|`` of ``x = (0, 2, 3, 5)``:

    >>> xs = [Fraction(v) for v in (0, 2, 3, 5)]
    >>> prov = {"kinks": (("a+b", 2), ("a-b", 0))}
    >>> named = name_breakpoints([0, Fraction(3, 2), 3], xs, prov, "abs")
    >>> [(b["at"], b["name"], b["kind"]) for b in named]
    [('0', 'x0', 'sample'), ('3/2', '(x0 + x2)/2', 'midpoint'), ('3', 'x2', 'sample')]
    >>> named[1]["form"]
    [[0, '1/2'], [2, '1/2']]
    """
    own = sorted(_chain_forms(provenance, activation), key=lambda f: (len(f), sorted(f.items())))
    n = len(xs)

    def generic():  # samples, then reflections, then midpoints (built only when needed)
        yield from ({i: Fraction(1)} for i in range(n))
        yield from ({j: Fraction(2), k: Fraction(-1)} for j, k in itertools.permutations(range(n), 2))
        yield from ({j: Fraction(1, 2), k: Fraction(1, 2)} for j, k in itertools.combinations(range(n), 2))

    out = []
    for v in kinks:
        v = Fraction(v)
        form = next((f for f in own if _value(f, xs) == v), None)
        if form is None:
            form = next((f for f in generic() if _value(f, xs) == v), None)
        out.append({"at": format_exact(v), "name": None if form is None else sample_form(form),
                    "kind": "number" if form is None else form_kind(form),
                    "form": [] if form is None else [[i, format_exact(c)] for i, c in sorted(form.items())]})
    return out
