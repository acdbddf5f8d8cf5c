r"""Text for LaTeX: escaping, with the Unicode of our labels turned into math.

pdflatex reads UTF-8, but it has no glyph for ``ℓ``, ``‖``, ``⋆`` or ``₁``. Text
that goes into a document (check names, theorem names, counterexamples) passes
through :func:`latex_escape`, which escapes the ten special characters and
writes the Unicode that exactwedge itself prints as math. Whatever else is
left is written as its code point, so the document always compiles.
"""

from __future__ import annotations

__all__ = ["latex_escape"]

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "%": r"\%",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}

# Unicode that appears in exactwedge's own text, as math (wrapped in \ensuremath).
_MATH = {
    "ℓ": r"\ell", "‖": r"\|", "⋆": r"\star", "∧": r"\wedge", "·": r"\cdot", "×": r"\times",
    "≤": r"\le", "≥": r"\ge", "≠": r"\ne", "≈": r"\approx", "→": r"\to", "←": r"\leftarrow",
    "↦": r"\mapsto", "⇒": r"\Rightarrow", "∈": r"\in", "⊂": r"\subset", "⊆": r"\subseteq",
    "∞": r"\infty", "√": r"\surd", "±": r"\pm", "∓": r"\mp", "−": "-", "∑": r"\sum", "Σ": r"\Sigma",
    "α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "δ": r"\delta", "ε": r"\varepsilon", "λ": r"\lambda",
    "μ": r"\mu", "π": r"\pi", "σ": r"\sigma", "τ": r"\tau", "ξ": r"\xi", "Δ": r"\Delta", "∂": r"\partial",
    "⟨": r"\langle", "⟩": r"\rangle", "∘": r"\circ", "⊗": r"\otimes", "∅": r"\emptyset", "ᵀ": r"^{\top}",
    "⁻¹": r"^{-1}",
}
_SUB = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋", "0123456789+-"))
_SUP = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-"))
_TEXT = {"–": "--", "—": "---", "…": r"\dots{}", "‘": "`", "’": "'", "“": "``", "”": "''", "\u00a0": "~", "§": r"\S{}", "¶": r"\P{}",
         "é": r"\'e", "è": r"\`e", "ö": r"\"o", "ü": r"\"u", "ä": r"\"a", "É": r"\'E"}


def latex_escape(text: object) -> str:
    r"""Text made safe for a LaTeX document (pdflatex, no extra packages).

    The special characters are escaped; the Unicode math that exactwedge prints
    (``ℓ``, ``‖``, ``⋆``, ``≤``, Greek letters, sub- and superscript digits…)
    becomes math; any other non-ASCII character is written as ``[U+XXXX]``.

    Parameters
    ----------
    text : object
        Converted with ``str`` first.

    Returns
    -------
    str
        Pure ASCII.

    Examples
    --------
    >>> print(latex_escape("w = +cross(x2 - x1)/‖·‖₁, 50% & β ≤ 1"))
    w = +cross(x2 - x1)/\ensuremath{\|}\ensuremath{\cdot}\ensuremath{\|}\ensuremath{_{1}}, 50\% \& \ensuremath{\beta} \ensuremath{\le} 1
    >>> print(latex_escape("x_1^2 ☃"))
    x\_1\textasciicircum{}2 [U+2603]
    """
    s = str(text)
    out: list[str] = []
    i = 0
    while i < len(s):
        ch = s[i]
        if s.startswith("⁻¹", i):
            out.append(r"\ensuremath{^{-1}}")
            i += 2
            continue
        if ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        elif ch == "\n":
            out.append("\n")
        elif ord(ch) < 128:
            out.append(ch if ch.isprintable() or ch == "\t" else " ")
        elif ch in _SUB or ch in _SUP:
            table, mark = (_SUB, "_") if ch in _SUB else (_SUP, "^")
            j = i
            digits = ""
            while j < len(s) and s[j] in table:
                digits += table[s[j]]
                j += 1
            out.append(r"\ensuremath{%s{%s}}" % (mark, digits))
            i = j
            continue
        elif ch in _MATH:
            out.append(r"\ensuremath{%s}" % _MATH[ch])
        elif ch in _TEXT:
            out.append(_TEXT[ch])
        else:
            out.append(f"[U+{ord(ch):04X}]")
        i += 1
    return "".join(out)
