r"""The optimal rescaling of App. 6.12.

For a positively homogeneous activation, scaling a neuron's :math:`(w, b)` by c > 0
and its output weight α by 1/c changes nothing on any input, and

.. math:: \frac\beta2\big(c^2\lVert w\rVert_p^2 + \lVert\alpha\rVert^2/c^2\big) \ \ge\ \beta\lVert w\rVert_p\lVert\alpha\rVert,
          \quad\text{with equality at}\quad c^2 = \lVert\alpha\rVert/\lVert w\rVert_p,

so :math:`w \leftarrow w\sqrt{|\alpha|/\lVert w\rVert_p}`, :math:`\alpha \leftarrow \alpha\sqrt{\lVert w\rVert_p/|\alpha|}` makes
both halves equal and turns the weight-decay objective into the path
objective (THEORY §2).

Hook: ``rescaled`` (the rescaled network).
"""

from __future__ import annotations

from fractions import Fraction as Q

import sympy

from exactwedge import Network, Unit
from exactwedge.numbers import Surd, to_sympy

from ._cases import matrix, rational, vector
from ._registry import check

__all__: list[str] = []


def _norm2(v) -> Q:
    """‖v‖² exactly for Fractions and Surds (products of surds with one radicand are rational)."""
    return sum((c * c for c in v), Q(0))


@check("app612_optimal_rescaling", "App. 6.12", hooks=("rescaled",), cases=24,
       uses=("exactwedge.network.Network.rescaled", "exactwedge.network.Network", "exactwedge.network.Unit",
             "exactwedge.network.Network.predict", "exactwedge.network.Network.regularization",
             "exactwedge.numbers.Surd"))
def app612_optimal_rescaling(ctx):
    r"""App. 6.12: the rescaling :math:`w \leftarrow w\sqrt{|\alpha|/\lVert w\rVert_p}`,
    :math:`\alpha \leftarrow \alpha\sqrt{\lVert w\rVert_p/|\alpha|}` (b scaled with w) keeps the network's outputs,
    makes :math:`\lVert w\rVert_p = \lVert\alpha\rVert` for every neuron, so the weight-decay regularizer equals the
    path one :math:`\beta\sum\lVert w_j\rVert_p\lVert\alpha_j\rVert`, and no other scale does better.

    Symbolic (any dimension): :math:`\frac{d}{dc}\frac\beta2(c^2a^2 + \alpha^2/c^2) = 0` at :math:`c^2 = \alpha/a` and the
    value there is :math:`\beta a\alpha` (a, α > 0 symbols). Exact cases: random rational networks
    (p = 1 and 2, ReLU and absolute value, with biases, scalar and vector outputs, units with
    a zero weight or zero output), rescaled by :meth:`exactwedge.Network.rescaled` (exact surds):
    the outputs on random points are identical; every unit has :math:`\lVert w\rVert_p^2 = \lVert\alpha\rVert^2`;
    the rescaled decay form equals the original path form; and for rational scales c around
    the optimum the decay form is never below it.
    """
    a, al, c, beta = sympy.symbols("a alpha c beta", positive=True)
    f = beta / 2 * (c**2 * a**2 + al**2 / c**2)
    cstar = sympy.sqrt(al / a)
    ok = sympy.simplify(sympy.diff(f, c).subs(c, cstar)) == 0 and sympy.simplify(f.subs(c, cstar) - beta * a * al) == 0
    ctx.proved(ok, 0, "the rescaled scale is a stationary point with value β‖w‖‖α‖", sympy.diff(f, c).subs(c, cstar))
    cases = []
    for i in range(ctx.n_cases):
        p = 1 + i % 2
        act = "abs" if i % 4 == 3 else "relu"
        d = 1 + int(ctx.rng.integers(0, 3))
        h = int(ctx.rng.integers(1, 4))
        vec = i % 3 == 2
        units = []
        for k in range(h):
            w = vector(ctx.rng, d, lo=-4, hi=4)
            if i == 0 and k == 0:
                w = [Q(0)] * d
            alpha = tuple(vector(ctx.rng, 2, lo=-3, hi=3)) if vec else rational(ctx.rng, -3, 3)
            units.append((w, rational(ctx.rng, -2, 2), alpha))
        cases.append(ctx.case(f"p={p} {act} d={d} units={h}{' vector' if vec else ''}", p=p, act=act, units=units,
                              X=matrix(ctx.rng, 4, d), beta=Q(1, 3)))
    for case in ctx.each(cases):
        p, act, beta_ = case.data["p"], case.data["act"], case.data["beta"]
        net = Network([Unit(tuple(w), b, al_) for w, b, al_ in case.data["units"]],
                      tuple(Q(0) for _ in range(2)) if isinstance(case.data["units"][0][2], tuple) else Q(0), act, p)
        res = ctx.hook("rescaled", net.rescaled())
        X = case.data["X"]
        before, after = net.predict(X), res.predict(X)
        ctx.expect(all(sympy.simplify(sympy.sympify(_sym(u)) - sympy.sympify(_sym(v))) == 0
                       for ru, rv in zip(before, after) for u, v in zip(_tup(ru), _tup(rv))),
                   "the rescaled network has different outputs", before=before, after=after)
        for u in res.units:
            wn2 = _pnorm2(u.w, p)
            an2 = _norm2(u.alpha) if isinstance(u.alpha, tuple) else u.alpha * u.alpha
            ctx.expect(wn2 == an2, "a rescaled unit does not have ‖w‖_p = ‖α‖", w_norm2=str(wn2), alpha_norm2=str(an2))
        path = net.regularization(beta_, form="path")
        decay = res.regularization(beta_, form="decay")
        ctx.expect(_eq(decay, path), "the rescaled decay regularizer differs from the path regularizer",
                   decay=str(decay), path=str(path))
        for s in (Q(1, 2), Q(9, 10), Q(1), Q(11, 10), Q(2)):
            scaled = Network([Unit(tuple(c_ * s for c_ in u.w), u.b * s,
                                   tuple(v / s for v in u.alpha) if isinstance(u.alpha, tuple) else u.alpha / s)
                              for u in res.units], res.intercept, act, p)
            other = scaled.regularization(beta_, form="decay")
            ctx.expect(float(sympy.sympify(_sym(other))) >= float(sympy.sympify(_sym(decay))) - 1e-12,
                       "another scale gives a smaller weight-decay regularizer", scale=s, decay=str(decay), other=str(other))


def _tup(v):
    return v if isinstance(v, tuple) else (v,)


def _sym(v):
    return to_sympy(v) if isinstance(v, (Q, Surd)) else v


def _pnorm2(w, p: int):
    if p == 2:
        return _norm2(w)
    s = sum((abs(_sym(c)) for c in w), sympy.Integer(0))
    s2 = sympy.expand(s * s)
    return Q(int(s2.p), int(s2.q)) if isinstance(s2, sympy.Rational) else s2


def _eq(a, b) -> bool:
    return sympy.simplify(sympy.sympify(_sym(a)) - sympy.sympify(_sym(b))) == 0
