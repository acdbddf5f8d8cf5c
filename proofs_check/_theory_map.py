"""The theory map of docs/theory.md: statement → check id(s) → library function(s), generated.

Every statement that docs/theory.md states is a :class:`Statement` of
:data:`STATEMENTS`, in the page's order. A statement is checked by the
registered checks whose :attr:`Check.theorem <proofs_check.Check.theorem>` is
one of its ``theorems``; its library column is the union of those checks'
:attr:`Check.uses <proofs_check.Check.uses>`. A statement without a check of
its own says so ("no executable check"), names the checks that exercise a
part of it (``partly``), and names where the library implements it
(``library``), if it does.

:func:`render_table` renders the Markdown table; :func:`update_file` writes it
between the markers of docs/theory.md::

    python -m proofs_check --theory-map              # print the table
    python -m proofs_check --theory-map docs/theory.md   # rewrite the marked block

``tests/test_theory_map.py`` fails when the page's table differs from a fresh
rendering (a check added, removed, renamed, or its ``uses`` changed).

>>> table = render_table()
>>> table.splitlines()[0]
'| statement | proofs_check id(s) | library |'
>>> "`thm1_one_dimensional`" in table
True
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

__all__ = ["Statement", "STATEMENTS", "START", "END", "NO_CHECK", "render_table", "render_block",
           "current_block", "update_file", "unmapped_theorems", "resolve", "all_library_names"]

#: The markers around the generated table in docs/theory.md.
START = "<!-- theory-map:start -->"
END = "<!-- theory-map:end -->"

#: What the checks column says for a statement that no check is registered for.
NO_CHECK = "no executable check"


@dataclass(frozen=True)
class Statement:
    """One statement of docs/theory.md.

    Attributes
    ----------
    label : str
        As the page names it (``"Thm 1"``).
    anchor : str
        The HTML id of the statement on the page (``<a id="thm-1"></a>``).
    what : str
        A few words on what it says (plain text: no ``|``).
    theorems : tuple of str
        The :attr:`Check.theorem` values of the checks that check it.
    partly : tuple of str
        Names of checks, registered for other statements, that exercise a part of it.
    library : tuple of str
        For a statement without a check: where the library implements it
        (fully qualified names; empty when it does not).
    note : str
        Said in the checks column after "no executable check".
    """

    label: str
    anchor: str
    what: str
    theorems: tuple = ()
    partly: tuple = ()
    library: tuple = ()
    note: str = ""


_LASSO_L1 = ("thm1_one_dimensional", "thm2_l1_no_bias_2d", "thm3_l1_bias_2d", "thm6_l1_no_bias", "thm22_l1_bias")
_L2_GAP = ("thm4_l2_no_bias_2d", "thm5_l2_bias_2d", "thm7_l2_no_bias")

#: The statements of docs/theory.md, in the page's order.
STATEMENTS: tuple = (
    # §1 geometric algebra
    Statement("Cauchy–Binet", "cauchy-binet",
              "wedge coordinates are minors; blade inner product is a Gram determinant",
              ("THEORY §1 (Cauchy–Binet)",)),
    Statement("Hodge star", "hodge-star", "A ∧ ⋆B = ⟨A, B⟩ I and ⋆⋆ = (−1)^(k(d−k))",
              ("THEORY §1 (Hodge star)",)),
    Statement("App. 6.1 (cross product)", "app-6-1-cross",
              "the generalized cross product (eq. 46) and its properties", ("App. 6.1 (cross product)",)),
    Statement("App. 6.1 (distances)", "app-6-1-distances", "distances to spans and affine hulls",
              ("App. 6.1 (distances)",)),
    Statement("App. 6.1 (volumes)", "app-6-1-volumes", "signed volumes, simplices, the triangle",
              ("App. 6.1 (volumes, triangle area)",)),
    # §2 the training problem
    Statement("App. 6.12", "app-6-12", "optimal rescaling: weight decay equals the path regularizer", ("App. 6.12",)),
    # §3 the ℓ1 theorems
    Statement("Thm 1", "thm-1", "d = 1, biases, any p: Lasso over ramps, exact", ("Thm 1",)),
    Statement("Thm 2", "thm-2", "d = 2, p = 1, no bias: Lasso over ±cross(a_j), exact", ("Thm 2",)),
    Statement("Thm 3", "thm-3", "d = 2, p = 1, biases: anchored Lasso, exact", ("Thm 3",)),
    Statement("Thm 6", "thm-6", "any d, p = 1, no bias: Lasso over ±cross(a_J), exact", ("Thm 6",)),
    Statement("Thm 22", "thm-22", "any d, p = 1, biases: anchored Lasso, exact", ("Thm 22",)),
    Statement("ℓ1 augmentation", "l1-augmentation", "the basis vectors in the ℓ1 sets are necessary",
              ("THEORY §3 (ℓ1 augmentation)",)),
    Statement("Lemma 14", "lemma-14", "extreme points of an ℓ1 chamber polytope are normalized cross products",
              ("Lemma 14",)),
    Statement("Lemma 17", "lemma-17", "extreme points of {Ax ≤ b, Cx = e}", ("Lemma 17",)),
    Statement("Lemma 18", "lemma-18", "rank reduction (statement lost)", (),
              note="not implemented: rank-deficient data are handled by the augmented ℓ1 sets"),
    Statement("Lemma 19", "lemma-19", "Weyl: extreme rays of {v : Av ≥ 0}", ("Lemma 19 (Weyl)",)),
    Statement("Thm 23", "thm-23", "vector outputs: group Lasso, exact for p = 1", ("Thm 23",)),
    # §3 weight decay
    Statement("Def. 2", "def-2", "angular dispersion ε of 2-D data (our reading)", ("Def. 2",)),
    Statement("Thm 4", "thm-4", "d = 2, p = 2, no bias: near-optimal Lasso", ("Thm 4",)),
    Statement("Thm 5", "thm-5", "d = 2, p = 2, biases: near-optimal anchored Lasso", ("Thm 5",)),
    Statement("Thm 7", "thm-7", "any d, p = 2: P_NN ≤ P_Lasso ≤ P_NN + (1/r − 1) R_NN", ("Thm 7",)),
    Statement("Cor. 8", "cor-8", "β → 0: the interpolation form of Thm 7", (),
              note="the ℓ2 bound is not implemented; interpolate solves the exact ℓ1 limit",
              library=("exactwedge.interpolate.interpolate",)),
    # §3 deep
    Statement("Thm 9", "thm-9", "deep, p = 1: each block re-expressed by its own Lasso", ("Thm 9",)),
    Statement("Thm 10", "thm-10", "deep, p = 2: the same within a chamber factor", ("Thm 10",)),
    # §4 absolute value
    Statement("Abs, two layers", "abs-two-layer",
              "σ(t) = abs(t): the same neurons, one sign each, exact for p = 1", ("Abs, two layers",)),
    Statement("Abs, deep, any d", "abs-deep", "reflection features in any dimension", (),
              note="not implemented beyond 1-D"),
    Statement("Deep 1-D dictionaries", "deep-1d",
              "ReLU capped ramps; abs reflections, midpoints, three-kink families; complete",
              ("Deep 1-D (Zeger et al. 2024): complete dictionaries",)),
    Statement("Deep 1-D at β > 0", "deep-1d-beta",
              "P_NN (the authors' ℓ_L penalty, a path norm after balancing) = the exact Lasso over the deep dictionary",
              ("Deep 1-D at β > 0 (Zeger et al. 2024): P_NN = P_Lasso",)),
    # §5 polishing
    Statement("Sec. 4.1 (polishing)", "polishing", "a heuristic: trained neurons → cross products of samples", (),
              note="a heuristic, not a theorem",
              library=("exactwedge.trained.polish", "exactwedge.trained.polish_deep")),
    # §6 chamber geometry
    Statement("Def. 3", "def-3", "the maximum chamber diameter D", ("Def. 3",)),
    Statement("Lemma 15", "lemma-15", "conv(0, unit rays) ⊆ chamber ∩ ball ⊆ (1/r)·conv(0, unit rays)", (),
              partly=_L2_GAP, library=("exactwedge.arrangement.chamber_radius",)),
    Statement("Lemma 16", "lemma-16", "the diameter bounds r from below: r ≥ √(1 − D²/2)", (),
              partly=("def3_max_chamber_diameter",) + _L2_GAP,
              library=("exactwedge.arrangement.chamber_radius", "exactwedge.arrangement.max_chamber_diameter")),
    Statement("Lemma 11", "lemma-11", "an ℓ1/ℓ2 isometry of X gives small chambers", ("Lemma 11",)),
    Statement("Lemma 12", "lemma-12", "Gaussian data have small chambers (with high probability)", ("Lemma 12",)),
    Statement("Thm 13", "thm-13", "Dvoretzky's theorem (context)", (), note="not implemented"),
    # §7 the exact Lasso
    Statement("Lemma 20", "lemma-20", "the dual of the Lasso", ("Lemma 20",)),
    Statement("Lemma 21", "lemma-21", "the dual of the Lasso with an intercept", ("Lemma 21",)),
    Statement("KKT certificate", "kkt", "the exact optimality certificate of a Lasso solution", (),
              partly=_LASSO_L1,
              library=("exactwedge.lasso.solve.solve_lasso", "exactwedge.lasso.certificate.certify")),
)


def _checks(checks: Iterable[Any] | None) -> list:
    if checks is None:
        from ._registry import all_checks

        return all_checks()
    return list(checks)


def unmapped_theorems(checks: Iterable[Any] | None = None) -> list[str]:
    """The ``Check.theorem`` values of registered checks that no statement lists (should be empty).

    >>> unmapped_theorems()
    []
    """
    known = {t for s in STATEMENTS for t in s.theorems}
    out: list[str] = []
    for c in _checks(checks):
        if c.theorem not in known and c.theorem not in out:
            out.append(c.theorem)
    return out


def _code(names: Sequence[str]) -> str:
    return "<br>".join(f"`{n}`" for n in names)


def _unique(names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        if n not in out:
            out.append(n)
    return out


def render_table(checks: Iterable[Any] | None = None) -> str:
    """The theory map as a Markdown table, one row per statement (then any unmapped check theorem).

    Parameters
    ----------
    checks : iterable of Check, optional
        Default: every registered check (:func:`proofs_check.all_checks`).

    Returns
    -------
    str
        The table, ending with a newline.

    Examples
    --------
    >>> row = [r for r in render_table().splitlines() if r.startswith("| [Thm 13]")][0]
    >>> row.split(" | ")[1]
    'no executable check (not implemented)'
    """
    checks = _checks(checks)
    lines = ["| statement | proofs_check id(s) | library |", "|---|---|---|"]
    for s in STATEMENTS:
        mine = [c for c in checks if c.theorem in s.theorems]
        head = f"[{s.label}](#{s.anchor}): {s.what}"
        if mine:
            ids = _code([c.name for c in mine])
            lib = _code(_unique(n for c in mine for n in c.uses)) or "—"
        else:
            ids = NO_CHECK
            extra = []
            if s.note:
                extra.append(s.note)
            names = {c.name for c in checks}
            part = [p for p in s.partly if p in names]
            if part:
                extra.append("partly inside " + ", ".join(f"`{p}`" for p in part))
            if extra:
                ids += " (" + "; ".join(extra) + ")"
            lib = _code(s.library) or "—"
        lines.append(f"| {head} | {ids} | {lib} |")
    for theorem in unmapped_theorems(checks):
        mine = [c for c in checks if c.theorem == theorem]
        lib = _code(_unique(n for c in mine for n in c.uses)) or "—"
        lines.append(f"| {theorem} (not in the prose) | {_code([c.name for c in mine])} | {lib} |")
    return "\n".join(lines) + "\n"


def render_block(checks: Iterable[Any] | None = None) -> str:
    """The table between the markers, as it stands in docs/theory.md.

    >>> block = render_block()
    >>> block.startswith(START + "\\n") and block.endswith(END)
    True
    """
    return (f"{START}\n<!-- generated by `python -m proofs_check --theory-map docs/theory.md`; "
            f"do not edit by hand -->\n\n{render_table(checks)}\n{END}")


def _split(text: str, where: str = "the page") -> tuple[str, str, str]:
    i, j = text.find(START), text.find(END)
    if i < 0 or j < i or text.count(START) != 1 or text.count(END) != 1:
        raise ValueError(f"{where} needs exactly one {START} … {END} block")
    return text[:i], text[i:j + len(END)], text[j + len(END):]


def current_block(text: str) -> str:
    """The marked block of a page's text (markers included).

    >>> current_block(f"a\\n{START}\\nT\\n{END}\\nb")
    '<!-- theory-map:start -->\\nT\\n<!-- theory-map:end -->'
    """
    return _split(text)[1]


def update_file(path: str | Path, checks: Iterable[Any] | None = None) -> bool:
    """Rewrite the marked block of ``path`` with a fresh table; return whether the file changed.

    >>> import tempfile
    >>> page = Path(tempfile.mkdtemp()) / "theory.md"
    >>> _ = page.write_text(f"intro\\n{START}\\n{END}\\n", encoding="utf-8")
    >>> update_file(page), update_file(page)
    (True, False)
    >>> current_block(page.read_text(encoding="utf-8")) == render_block()
    True
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    before, _, after = _split(text, str(path))
    new = before + render_block(checks) + after
    if new == text:
        return False
    path.write_text(new, encoding="utf-8")
    return True


def resolve(name: str) -> Any:
    """The object a fully qualified name refers to: the longest importable module, then attributes.

    >>> resolve("exactwedge.ga.cross").__name__
    'cross'
    >>> resolve("exactwedge.ga.no_such_thing")
    Traceback (most recent call last):
    ...
    AttributeError: module 'exactwedge.ga' has no attribute 'no_such_thing'
    """
    parts = name.split(".")
    for k in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:k]))
        except ModuleNotFoundError as e:
            if e.name is not None and not ".".join(parts[:k]).startswith(e.name):
                raise  # a real missing dependency inside an existing module
            continue
        for attr in parts[k:]:
            obj = getattr(obj, attr)
        return obj
    raise ModuleNotFoundError(f"no module for {name!r}")


def all_library_names(checks: Iterable[Any] | None = None) -> list[str]:
    """Every library name of the map: the checks' ``uses`` and the statements' ``library``.

    >>> names = all_library_names()
    >>> "exactwedge.ga.cross" in names, len(names) == len(set(names))
    (True, True)
    """
    checks = _checks(checks)
    return _unique([n for c in checks for n in c.uses] + [n for s in STATEMENTS for n in s.library])
