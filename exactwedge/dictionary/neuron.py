r"""A dictionary column's neuron and where it came from.

Each column of a Lasso dictionary is a ReLU (or absolute-value) neuron
:math:`x \mapsto \sigma(x\cdot w + b)` with

.. math:: w = \pm\frac{\operatorname{cross}(a_J)}{\lVert\operatorname{cross}(a_J)\rVert_p},
          \qquad b = -w\cdot x_{\text{anchor}} \ (\text{with bias}),

named by the samples (and basis vectors) in ``J``, its sign and its anchor.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

__all__ = ["Neuron"]


@dataclass(frozen=True)
class Neuron:
    """One neuron ``(w, b)`` with its provenance.

    Attributes
    ----------
    direction : tuple of Fraction
        The signed, ℓ1-normalized cross product ``±cross(a_J)/‖cross(a_J)‖₁``.
        For ``norm=1`` this *is* the weight ``w``.
    offset : Fraction
        ``-direction·x_anchor`` (0 without bias); the bias for ``norm=1``.
    samples : tuple
        The subset J: 0-based row indices (ints) and basis vectors ``"e1"``…
        With bias the indices name the shifted vectors ``x_k − x_anchor``.
    sign : int
        +1 or −1: which side of the hyperplane is active.
    anchor : int or None
        The sample the hyperplane is pinned to (bias case), else None.
    norm : int
        1 or 2: the weight is normalized in this norm.

    Examples
    --------
    >>> n = Neuron((Fraction(3, 7), Fraction(-4, 7)), Fraction(0), (2,), 1, None, 1)
    >>> n.w, n.b, n.label()
    ((Fraction(3, 7), Fraction(-4, 7)), Fraction(0, 1), 'w = +cross(x2)/‖·‖₁')
    """

    direction: tuple
    offset: Fraction
    samples: tuple
    sign: int
    anchor: int | None
    norm: int

    @property
    def w(self) -> tuple:
        """The weight: exact Fractions for ``norm=1``; exact :class:`~exactwedge.surd.Surd` for ``norm=2``."""
        if self.norm == 1:
            return self.direction
        return tuple(c * self.l2_factor for c in self.direction)

    @property
    def b(self) -> Any:
        """The bias (exact; a SymPy surd for ``norm=2`` with bias)."""
        if self.norm == 1 or self.offset == 0:
            return self.offset
        return self.offset * self.l2_factor

    @property
    def l2_factor(self) -> Any:
        """``1/‖direction‖₂`` exactly (turns the ℓ1 direction into the ℓ2 weight)."""
        from ..surd import sqrt_rational

        n2 = sum((c * c for c in self.direction), Fraction(0))
        return sqrt_rational(1 / n2)

    def sample_names(self) -> list[str]:
        """Names of J's members: ``x3`` for sample 3, ``e1`` for a basis vector."""
        return [s if isinstance(s, str) else f"x{s}" for s in self.samples]

    def label(self) -> str:
        """A one-line closed form, e.g. ``w = -cross(x3 - x1, e2)/‖·‖₁``.

        In 1-D (Thm 1) the neuron is written as a ramp: ``(x - x2)`` or ``(x2 - x)``.

        >>> Neuron((Fraction(-1),), Fraction(4), (), -1, 1, 1).label()
        '(x1 - x)'
        """
        if len(self.direction) == 1:
            if self.anchor is None:
                return "x" if self.sign > 0 else "-x"
            return f"(x - x{self.anchor})" if self.sign > 0 else f"(x{self.anchor} - x)"
        if self.anchor is None:
            args = ", ".join(self.sample_names())
        else:
            args = ", ".join(f"x{s} - x{self.anchor}" if not isinstance(s, str) else s for s in self.samples)
        sign = "+" if self.sign > 0 else "-"
        text = f"w = {sign}cross({args})/‖·‖{'₁' if self.norm == 1 else '₂'}"
        if self.anchor is not None:
            text += f", b = -w·x{self.anchor}"
        return text

    def _latex(self, printer: Any) -> str:
        """SymPy's printing protocol: the closed form and exact value; see :func:`exactwedge.latex.neuron_latex`."""
        from ..latex.objects import neuron_latex

        return neuron_latex(self, printer=printer)

    def provenance(self) -> dict:
        """JSON-ready provenance: samples (ints and ``"e1"``…), sign, anchor."""
        return {"samples": list(self.samples), "sign": self.sign, "anchor": self.anchor}
