r"""Two-layer networks written down from a Lasso solution, evaluated exactly.

.. math:: f(x) = t + \sum_j \alpha_j\,\sigma(x\cdot w_j + b_j), \qquad
          \sigma(u) = (u)_+ \text{ or } \lvert u\rvert

The training objective of a network (THEORY §2) in its weight-decay form is

.. math:: P_{NN} = \tfrac12\lVert f(X) - y\rVert^2 + \frac\beta2\sum_j\big(\lVert w_j\rVert_p^2 + \alpha_j^2\big),

and the optimal rescaling of App. 6.12,
:math:`w \leftarrow w\sqrt{|\alpha|/\lVert w\rVert_p}`,
:math:`\alpha \leftarrow \alpha\sqrt{\lVert w\rVert_p/|\alpha|}` (b scales with w),
makes both halves equal, so that :math:`P_{NN} = \tfrac12\lVert f(X)-y\rVert^2 + \beta\sum_j\lVert w_j\rVert_p|\alpha_j|`,
the Lasso objective. Rescaled weights are exact quadratic surds (:class:`~exactwedge.numbers.Surd`).

>>> from fractions import Fraction as Q
>>> net = Network([Unit((Q(1),), Q(-1), Q(4))], intercept=Q(0))
>>> net.predict([[0], [3]])
[Fraction(0, 1), Fraction(8, 1)]
>>> r = net.rescaled()
>>> r.units[0].w, r.units[0].b, r.units[0].alpha
((Fraction(2, 1),), Fraction(-2, 1), Fraction(2, 1))
>>> r.objective([[0], [3]], [0, 8], Q(1, 2)) == net.objective([[0], [3]], [0, 8], Q(1, 2), rescale=False)
False
>>> r.objective([[0], [3]], [0, 8], Q(1, 2))
Fraction(2, 1)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

from .exceptions import DimensionError, InvalidInputError
from .ga.latex import vector_latex
from .numbers import as_matrix, format_exact, json_float
from .numbers.display import abbreviate, figure, is_long, latex_display
from .numbers.latex import latex_coefficient, latex_number, latex_printer
from .numbers.surd import sqrt_exact

__all__ = ["Unit", "Network", "network_latex"]


def _is_sym(x: Any) -> bool:
    return type(x).__module__.startswith("sympy")


def _norm(w: Sequence[Any], p: int) -> Any:
    if p == 1:
        return sum((abs(c) for c in w), Fraction(0))
    return sqrt_exact(sum((c * c for c in w), Fraction(0)))


def _relu(u: Any) -> Any:
    if _is_sym(u):
        import sympy

        return sympy.Max(u, 0)
    return u if u > 0 else Fraction(0)


def _abs(u: Any) -> Any:
    return abs(u)


@dataclass(frozen=True)
class Unit:
    """One hidden neuron ``alpha · σ(x·w + b)`` with optional provenance.

    ``w``, ``b``, ``alpha`` are exact (Fractions or SymPy surds); ``alpha`` may
    be a tuple for vector output.
    """

    w: tuple
    b: Any
    alpha: Any
    label: str = ""
    provenance: dict = field(default_factory=dict)


@dataclass
class Network:
    """A two-layer network ``f(x) = t + Σ α_j σ(x·w_j + b_j)``.

    Attributes
    ----------
    units : list of Unit
    intercept : exact number (or tuple for vector output)
    activation : {"relu", "abs"}
    norm : {1, 2}
        The norm of the weights in the regularizer.
    """

    units: list
    intercept: Any = Fraction(0)
    activation: str = "relu"
    norm: int = 1

    @classmethod
    def from_solution(cls, dictionary: Any, z: Sequence[Any], intercept: Any = None) -> "Network":
        """The network of a Lasso solution: one unit per nonzero ``z_j``, named by column j's neuron.

        Parameters
        ----------
        dictionary : Dictionary
            Any object with ``neuron(j)``, ``activation`` and ``norm``.
        z : sequence
            One coefficient per column (a tuple per column for vector output).
        intercept : optional
            The free intercept t; ``None`` (no intercept) gives 0 (a zero vector
            for vector output).

        Examples
        --------
        >>> from exactwedge import dictionary
        >>> D = dictionary([0, 1, 3], bias=True)
        >>> net = Network.from_solution(D, [0, 0, Fraction(1, 2), 0], Fraction(1))
        >>> [(u.label, u.alpha, u.provenance["column"]) for u in net.units], net.intercept
        ([('(x1 - x)', Fraction(1, 2), 2)], Fraction(1, 1))
        """
        units = []
        for j, v in enumerate(z):
            if (v != 0) if not isinstance(v, tuple) else any(c != 0 for c in v):
                nr = dictionary.neuron(j)
                prov = nr.provenance()
                prov["column"] = j
                units.append(Unit(tuple(nr.w), nr.b, v, nr.label(), prov))
        if intercept is not None:
            t = intercept
        elif z and isinstance(z[0], tuple):  # vector output without intercept: a zero vector
            t = tuple(Fraction(0) for _ in z[0])
        else:
            t = Fraction(0)
        return cls(units, t, dictionary.activation, dictionary.norm)

    @property
    def d(self) -> int:
        return len(self.units[0].w) if self.units else 0

    def _sigma(self, u: Any) -> Any:
        return _relu(u) if self.activation == "relu" else _abs(u)

    def hidden(self, x: Sequence[Any]) -> list:
        """Activations ``σ(x·w_j + b_j)`` of the hidden units at one point."""
        return [self._sigma(sum((a * b for a, b in zip(x, u.w)), Fraction(0)) + u.b) for u in self.units]

    def predict(self, X: Any) -> list:
        """Exact outputs on the rows of X (a list; tuples for vector output).

        Floats in X are refused; convert them with :func:`exactwedge.from_float`.
        """
        rows = as_matrix(X, what="X")
        if self.units and rows and len(rows[0]) != self.d:
            raise DimensionError(f"X must have {self.d} columns, got {len(rows[0])}")
        fast = self._predict_rational(rows)
        if fast is not None:
            return fast
        out = []
        vector = isinstance(self.intercept, tuple)
        for x in rows:
            h = self.hidden(x)
            if vector:
                y = [c for c in self.intercept]
                for u, hv in zip(self.units, h):
                    y = [_add(yc, ac * hv) for yc, ac in zip(y, u.alpha)]
                out.append(tuple(_simp(v) for v in y))
            else:
                y = self.intercept
                for u, hv in zip(self.units, h):
                    y = _add(y, u.alpha * hv)
                out.append(_simp(y))
        return out

    def _predict_rational(self, rows: tuple) -> list | None:
        """:meth:`predict` in integer matrix arithmetic when every number is a Fraction; None otherwise.

        Over common denominators, unit j's pre-activation at row i is
        ``N_ij / g_j`` with integers ``N = X̃ W + dx·B``, ``g_j > 0``, so
        ``σ`` acts on N; the outputs are ``t + (σ(N) C) / L`` with
        ``C_j = L α_j / g_j`` integers. Exact, in numpy int64 when every
        partial sum stays below 2⁶² and in Python integers otherwise.
        """
        import math

        import numpy as np

        vector = isinstance(self.intercept, tuple)
        t = self.intercept if vector else (self.intercept,)
        units = self.units
        outs = [u.alpha if vector else (u.alpha,) for u in units]
        nums = [v for r in rows for v in r] + [v for u in units for v in (*u.w, u.b)] + list(t) + [v for a in outs for v in a]
        if not all(type(v) is Fraction for v in nums):
            return None
        if not units:
            return [tuple(t) if vector else t[0] for _ in rows]
        dx = math.lcm(*(v.denominator for r in rows for v in r)) if rows and rows[0] else 1
        Xi = [[v.numerator * (dx // v.denominator) for v in r] for r in rows]
        W, B, g = [], [], []
        for u in units:
            e = math.lcm(u.b.denominator, *(c.denominator for c in u.w))
            W.append([c.numerator * (e // c.denominator) for c in u.w])
            B.append(u.b.numerator * (e // u.b.denominator) * dx)
            g.append(dx * e)
        mx = max((abs(v) for r in Xi for v in r), default=0)
        mw = max((abs(v) for w in W for v in w), default=0)
        mb = max(abs(b) for b in B)
        dtype = np.int64 if max(mx, mw, 1) * max(mx, mw, 1) * (len(W[0]) + 1) + mb < 2**62 else object
        N = np.array(Xi, dtype=dtype).reshape(len(rows), len(W[0])) @ np.array(W, dtype=dtype).T + np.array(B, dtype=dtype)
        H = np.maximum(N, 0) if self.activation == "relu" else np.abs(N)
        coef = [[a / gj for a in alpha] for alpha, gj in zip(outs, g)]
        L = math.lcm(*(c.denominator for cs in coef for c in cs))
        C = np.array([[c.numerator * (L // c.denominator) for c in cs] for cs in coef], dtype=object)
        F = H.astype(object) @ C  # (rows, outputs), Python integers
        res = [tuple(tv + Fraction(int(f), L) for tv, f in zip(t, row)) for row in F.tolist()]
        return res if vector else [r[0] for r in res]

    def objective_float(self, X: Any, y: Any, beta: Any) -> float:
        """``P_NN`` in float64 (for networks with float-derived weights)."""
        pred = self.predict_float(X)
        ys = [v if isinstance(v, (list, tuple)) else [v] for v in y]
        loss = 0.0
        for p, yy in zip(pred, ys):
            pv = p if isinstance(p, tuple) else (p,)
            loss += sum((a - float(b)) ** 2 for a, b in zip(pv, yy))
        return loss / 2 + float(self.regularization(beta, form="path"))

    def predict_float(self, X: Any) -> list:
        """Float outputs (an explicit export of :meth:`predict`, evaluated in float64)."""
        rows = as_matrix(X, what="X")
        if self.units and rows and len(rows[0]) != self.d:
            raise DimensionError(f"X must have {self.d} columns, got {len(rows[0])}")
        units = [([float(c) for c in u.w], float(u.b),
                  [float(c) for c in u.alpha] if isinstance(u.alpha, tuple) else float(u.alpha)) for u in self.units]
        vector = isinstance(self.intercept, tuple)
        t = [float(c) for c in self.intercept] if vector else float(self.intercept)
        out = []
        for x in rows:
            xf = [float(c) for c in x]
            y = list(t) if vector else t
            for w, b, a in units:
                u = sum(p * q for p, q in zip(xf, w)) + b
                h = max(u, 0.0) if self.activation == "relu" else abs(u)
                y = [yc + ac * h for yc, ac in zip(y, a)] if vector else y + a * h
            out.append(tuple(y) if vector else y)
        return out

    def regularization(self, beta: Any, *, form: str = "path") -> Any:
        """``β Σ ‖w_j‖_p |α_j|`` (form="path") or ``(β/2) Σ (‖w_j‖_p² + ‖α_j‖²)`` (form="decay")."""
        total: Any = Fraction(0)
        for u in self.units:
            a = u.alpha
            anorm = _norm(a, 2) if isinstance(a, tuple) else abs(a)
            wn = _norm(u.w, self.norm)
            if form == "path":
                total = _add(total, wn * anorm)
            elif form == "decay":
                total = _add(total, _add(wn * wn, anorm * anorm) / 2)
            else:
                raise InvalidInputError(f"form must be 'path' or 'decay', got {form!r}")
        return _simp(beta * total)

    def objective(self, X: Any, y: Any, beta: Any, *, rescale: bool = False) -> Any:
        """The training objective ``P_NN`` in weight-decay form, exactly.

        With ``rescale=True`` the network is first rescaled (App. 6.12). A
        rational ℓ1 network is not rebuilt in surds for that: the rescaled
        network computes the same function (``σ(cu) = cσ(u)`` for ``c > 0``),
        and each unit's rescaled weight decay
        ``(c²‖w‖₁² + α²/c²)/2`` with ``c² = |α|/‖w‖₁`` is rational.
        """
        if rescale and self._rational_rescaling():
            pred = self.predict(X)
            reg = self._rescaled_decay(beta)
        else:
            net = self.rescaled() if rescale else self
            pred = net.predict(X)
            reg = net.regularization(beta, form="decay")
        ys = as_matrix([[v] if not isinstance(v, (list, tuple)) else v for v in y], what="y")
        loss: Any = Fraction(0)
        for p, yy in zip(pred, ys):
            pv = p if isinstance(p, tuple) else (p,)
            for a, b in zip(pv, yy):
                loss = _add(loss, _add(a, -b) ** 2)
        return _simp(loss / 2 + reg)

    def _rational_rescaling(self) -> bool:
        """The App. 6.12 scales are rational-squared: ℓ1 weights, scalar rational output weights."""
        return self.norm == 1 and all(isinstance(u.alpha, Fraction) and all(isinstance(c, Fraction) for c in u.w)
                                      for u in self.units)

    def _rescaled_decay(self, beta: Any) -> Fraction:
        """``(β/2) Σ (‖c w‖₁² + (α/c)²)`` of the rescaled network, from ``c² = |α|/‖w‖₁`` (rational)."""
        total = Fraction(0)
        for u in self.units:
            anorm, wn = abs(u.alpha), _norm(u.w, 1)
            if anorm and wn:  # the rescaling drops a unit with α = 0 and folds one with w = 0 into t
                c2 = anorm / wn
                total += (c2 * wn * wn + anorm * anorm / c2) / 2
        return beta * total

    def rescaled(self) -> "Network":
        """The App. 6.12 rescaling: both halves of each unit's regularizer made equal (exact surds).

        A unit with ``w = 0`` is the constant ``α·σ(b)``; it is folded into the
        intercept (its regularizer vanishes as the scale grows), so the outputs
        never change.

        >>> net = Network([Unit((Fraction(0),), Fraction(2), Fraction(-3))], Fraction(1))
        >>> net.rescaled().units, net.rescaled().intercept
        ([], Fraction(-5, 1))
        """
        units = []
        intercept = self.intercept
        for u in self.units:
            a = u.alpha
            anorm = _norm(a, 2) if isinstance(a, tuple) else abs(a)
            wn = _norm(u.w, self.norm)
            if anorm == 0:
                continue
            if wn == 0:  # a constant unit α·σ(b): keep its value in the intercept
                s = self._sigma(u.b)
                if s != 0:
                    intercept = (tuple(_add(t, v * s) for t, v in zip(intercept, a)) if isinstance(a, tuple)
                                 else _add(intercept, a * s))
                continue
            c = sqrt_exact(anorm / wn)
            w = tuple(_simp(v * c) for v in u.w)
            b = _simp(u.b * c)
            alpha = tuple(_simp(v / c) for v in a) if isinstance(a, tuple) else _simp(a / c)
            units.append(Unit(w, b, alpha, u.label, u.provenance))
        return Network(units, intercept, self.activation, self.norm)

    def _latex(self, printer: Any) -> str:
        """SymPy's printing protocol: ``f(x) = …`` in ``aligned``; see :func:`network_latex`."""
        return network_latex(self, printer)

    def _repr_latex_(self) -> str:
        r"""Jupyter's LaTeX display: :func:`network_latex` in ``$$…$$``.

        Output weights longer than :data:`~exactwedge.numbers.display.WIDTH`
        characters are written as 6-digit decimals, said in the display
        (``sympy.latex(net)`` is always exact).

        >>> from exactwedge import fit
        >>> net = fit([0, 1, 2], [0, 0, 1], 1, bias=True).network
        >>> net._repr_latex_() == "$$" + network_latex(net) + "$$"
        True
        >>> long = Network([Unit((Fraction(1),), Fraction(0), Fraction(1, 3**60))])
        >>> print(long._repr_latex_())
        $$\begin{aligned}
        f(x) &= 0\\
        &\quad + 2.35898 \cdot 10^{-29}\, \left(x\right)_+
        \end{aligned}\quad\text{(decimals; exact: sympy.latex(net))}$$
        """
        values = [self.intercept, *(u.alpha for u in self.units)]
        approx = any(is_long(v) for a in values for v in (a if isinstance(a, tuple) else (a,)))
        note = r"\quad\text{(decimals; exact: sympy.latex(net))}" if approx else ""
        return latex_display(network_latex(self, approx=approx) + note, block=True)

    def __repr__(self) -> str:
        """Short: the size of the network, not its weights (``net.units`` holds them).

        >>> Network([Unit((Fraction(1),), Fraction(0), Fraction(2))], Fraction(1, 2))
        Network(1 unit on R^1, activation='relu', norm=1, intercept=1/2)
        """
        k = len(self.units)
        t = self.intercept
        text = "(" + ", ".join(abbreviate(v) for v in t) + ")" if isinstance(t, tuple) else abbreviate(t)
        return (f"Network({k} unit{'' if k == 1 else 's'} on R^{self.d}, activation={self.activation!r}, "
                f"norm={self.norm}, intercept={text})")

    def plot(self, X: Any, y: Any = None, **kwargs: Any) -> Any:
        """The decision function on the data ``X`` (2-D), as a matplotlib Figure (:func:`exactwedge.plot.plot_decision`).

        >>> net = Network([Unit((Fraction(1), Fraction(0)), Fraction(0), Fraction(2))])
        >>> net.plot([[0, 0], [1, 2]], grid=10).axes[0].get_title()
        'f(x): 1 neuron, 2 samples'
        """
        return figure(self, X, y, **kwargs)

    def to_json(self) -> list[dict]:
        """Per unit: exact strings for w, b, alpha, with provenance."""
        out = []
        for u in self.units:
            item = {
                "w": [format_exact(v) for v in u.w],
                "b": format_exact(u.b),
                "alpha": [format_exact(v) for v in u.alpha] if isinstance(u.alpha, tuple) else format_exact(u.alpha),
                "alpha_float": [json_float(v) for v in u.alpha] if isinstance(u.alpha, tuple) else json_float(u.alpha),
                "w_float": [json_float(v) for v in u.w],
                "b_float": json_float(u.b),
                "label": u.label,
            }
            item.update(u.provenance)
            out.append(item)
        return out


def _add(a: Any, b: Any) -> Any:
    """``a + b``; surds with different radicands (ℓ2 networks) are added in SymPy."""
    try:
        return a + b
    except TypeError:
        import sympy

        return sympy.sympify(a) + sympy.sympify(b)


def _simp(x: Any) -> Any:
    if _is_sym(x):
        import sympy

        if x.is_number:
            x = sympy.radsimp(sympy.expand(x))
        if isinstance(x, sympy.Rational):
            return Fraction(int(x.p), int(x.q))
    return x


# ---------------------------------------------------------------- LaTeX
def _affine(u: Any, p: Any, approx_w: bool, explicit: bool, j: int) -> str:
    w, b = tuple(u.w), u.b
    d = len(w)
    if not explicit:
        lin = rf"w_{{{j}}}\cdot x"
    elif d == 1:
        coef, neg = latex_coefficient(w[0], p, approx_w)
        x = f"{coef}\\, x" if coef else "x"
        if neg and b != 0:  # a ramp down: (b - x)
            return latex_number(b, p, approx=approx_w) + " - " + x
        lin = ("-" if neg else "") + x
    else:
        lin = vector_latex(w, p, row=True, approx=approx_w) + " x"
    if not explicit and b != 0:
        return lin + rf" + b_{{{j}}}"
    if b == 0:
        return lin
    coef, neg = latex_coefficient(b, p, approx_w)
    return lin + (" - " if neg else " + ") + (coef or "1")


def network_latex(network: Any, printer: Any = None, *, explicit: Any = "auto", approx: bool = False,
                  name: str = "f", env: str = "aligned") -> str:
    r"""The whole network :math:`f(x) = t + \sum_j \alpha_j\,\sigma(w_j^\top x + b_j)`, one unit a line.

    Parameters
    ----------
    network : Network
    printer : sympy.printing.latex.LatexPrinter, optional
    explicit : bool or "auto"
        Write each weight as a row vector (True), or as ``w_{j}\cdot x + b_{j}``
        naming the neurons listed elsewhere (False). "auto": explicit up to
        d = 6.
    approx : bool
        Decimals for the output weights and intercept (for a float solve).
    name : str
    env : {"aligned", "align*"} or None
        ``aligned`` goes inside display math (``\[ … \]``); ``align*`` is a
        display of its own, which may break across pages; None gives the rows
        alone (joined by ``\\``), for an ``align`` of the caller's.

    Returns
    -------
    str
        The environment (amsmath).

    Examples
    --------
    >>> from exactwedge import fit
    >>> res = fit([0, 4, 5, 7, 10, 11], [0, 0, 0, 2, 3, 3], "1/10", bias=True)
    >>> print(network_latex(res.network))
    \begin{aligned}
    f(x) &= \frac{19}{10}\\
    &\quad + \frac{1}{16}\, \left(4 - x\right)_+\\
    &\quad + \frac{1}{5}\, \left(x - 5\right)_+\\
    &\quad + \frac{5}{8}\, \left(5 - x\right)_+\\
    &\quad - \frac{17}{30}\, \left(7 - x\right)_+\\
    &\quad - \frac{2}{15}\, \left(10 - x\right)_+
    \end{aligned}
    >>> res2 = fit([[0, 0], [2, 0], [0, 2], [1, 1]], [0, 1, 1, 3], "1/2", bias=True)
    >>> print(network_latex(res2.network))
    \begin{aligned}
    f(x) &= \frac{9}{4}\\
    &\quad - \left(\begin{pmatrix}0 & -1\end{pmatrix} x + 1\right)_+\\
    &\quad - \left(\begin{pmatrix}-1 & 0\end{pmatrix} x + 1\right)_+
    \end{aligned}
    """
    if not isinstance(network, Network):
        raise InvalidInputError(f"expected a Network, got {type(network).__name__}")
    if env not in ("aligned", "align*", None):
        raise InvalidInputError(f"env must be 'aligned', 'align*' or None, got {env!r}")
    p = latex_printer(printer)
    if explicit == "auto":
        explicit = network.d <= 6
    left, right = (r"\left\lvert ", r"\right\rvert") if network.activation == "abs" else (r"\left(", r"\right)_+")
    t = network.intercept
    if isinstance(t, tuple):
        head = vector_latex(t, p, approx=approx)
    else:
        head = latex_number(t, p, approx=approx)
    lines = [f"{name}(x) &= {head}"]
    for j, u in enumerate(network.units, start=1):
        inner = left + _affine(u, p, False, bool(explicit), j) + right
        if isinstance(u.alpha, tuple):
            lines.append(r"&\quad + " + vector_latex(u.alpha, p, approx=approx) + r"\, " + inner)
        else:
            coef, neg = latex_coefficient(u.alpha, p, approx)
            lines.append(r"&\quad " + ("- " if neg else "+ ") + (f"{coef}\\, " if coef else "") + inner)
    rows = "\\\\\n".join(lines)
    return rows if env is None else f"\\begin{{{env}}}\n" + rows + f"\n\\end{{{env}}}"
