"""How a Lasso solution shows itself: one list of facts, written as text (``summary()``) or HTML (Jupyter).

The exact :class:`~exactwedge.lasso.LassoSolution` and the float
:class:`~exactwedge.lasso.FloatSolution` both use it; the title and the
certificate's kind say which one it is (a float check is "not a proof").
"""

from __future__ import annotations

from typing import Any

from ..numbers.display import MAX_ROWS, abbreviate, html_card

__all__ = ["solution_facts", "solution_text", "solution_html"]


def _title(sol: Any) -> str:
    return "Exact Lasso solution" if getattr(sol.certificate, "kind", "").startswith("exact") else \
        "Lasso solution from a float solve (not proved optimal)"


def solution_facts(sol: Any) -> list[tuple[str, str]]:
    """β (when known), the value, the support with its first coefficients, the intercept, the certificate, the method.

    >>> from exactwedge.lasso import solve_lasso
    >>> solution_facts(solve_lasso([[1, 0], [0, 1], [1, 1]], [2, 1, 0], "1/2"))[:3]
    [('β', '1/2'), ('optimal value', '31/16'), ('support', '1 of 2 columns: z0 = 3/4')]
    """
    support = sol.support
    cert = sol.certificate
    exact = _title(sol).startswith("Exact")

    def coef(v: Any) -> str:
        return "(" + ", ".join(abbreviate(c) for c in v) + ")" if isinstance(v, tuple) else abbreviate(v)

    shown = ", ".join(f"z{j} = {coef(sol.z[j])}" for j in support[:MAX_ROWS])
    more = f", … ({len(support) - MAX_ROWS} more: sol.z)" if len(support) > MAX_ROWS else ""
    facts = [("β", abbreviate(sol.beta))] if hasattr(sol, "beta") else []
    facts += [("optimal value" if exact and cert.holds else "value" if exact else "value (float64)", abbreviate(sol.value)),
              ("support", f"{len(support)} of {len(sol.z)} columns" + (f": {shown}{more}" if support else ""))]
    if sol.intercept is not None:
        facts.append(("intercept t", coef(sol.intercept)))
    return facts + [("certificate", f"{'holds' if cert.holds else 'FAILS'}: {cert.kind}"),
                    ("method", getattr(sol, "method", None) or getattr(sol, "solver", ""))]


def solution_text(sol: Any) -> str:
    """The title and the facts, one a line (the ``summary()`` of a solution).

    >>> from exactwedge.lasso import solve_float
    >>> print(solution_text(solve_float([[1, 0], [0, 1], [1, 1]], [2, 1, 0], "1/2")).splitlines()[0])
    Lasso solution from a float solve (not proved optimal)
    """
    return "\n".join([_title(sol), *(f"{k}: {v}" for k, v in solution_facts(sol))])


def solution_html(sol: Any) -> str:
    """The facts as an HTML card (the ``_repr_html_`` of a solution).

    >>> from exactwedge.lasso import solve_lasso
    >>> "holds: exact KKT" in solution_html(solve_lasso([[1, 0], [0, 1], [1, 1]], [2, 1, 0], "1/2"))
    True
    """
    return html_card(_title(sol), solution_facts(sol),
                     notes=["Exact values: sol.value, sol.z, sol.intercept; the certificate: sol.certificate."])
