"""Tests of the theory map: docs/theory.md, the checks' ``uses`` and the generated table agree.

The table between the theory-map markers of docs/theory.md is generated from
the registry (:mod:`proofs_check._theory_map`). These tests fail when a check
is added, removed or renamed, or its ``uses`` changes, without regenerating
it (``python -m proofs_check --theory-map docs/theory.md``); when a check does
not say what it exercises; when a name it gives does not import; and when the
prose and the table disagree about which statements there are.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

import proofs_check as pc
from proofs_check import _theory_map as tm
from proofs_check._cli import main

THEORY = Path(__file__).resolve().parents[2] / "docs" / "theory.md"


@pytest.fixture(scope="module")
def page() -> str:
    return THEORY.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def checks() -> list:
    return pc.all_checks()


# ------------------------------------------------------------------ (a) the table is the generated one


def test_the_table_in_the_page_is_the_generated_one(page, checks):
    assert tm.current_block(page) == tm.render_block(checks), (
        "docs/theory.md is stale: run `python -m proofs_check --theory-map docs/theory.md`")


@pytest.mark.parametrize("change", ["add", "remove", "rename", "uses"])
def test_the_table_comparison_notices_a_change(page, checks, change):
    c = checks[0]
    if change == "add":
        mutated = checks + [dataclasses.replace(c, name="a_new_check")]
    elif change == "remove":
        mutated = checks[1:]
    elif change == "rename":
        mutated = [dataclasses.replace(c, name=c.name + "_renamed")] + checks[1:]
    else:
        mutated = [dataclasses.replace(c, uses=c.uses + ("exactwedge.ga.basis_blade",))] + checks[1:]
    assert tm.current_block(page) != tm.render_block(mutated)


def test_every_check_theorem_is_a_statement_of_the_page(checks):
    assert tm.unmapped_theorems(checks) == []
    fake = dataclasses.replace(checks[0], theorem="Thm 99")
    assert tm.unmapped_theorems(checks + [fake]) == ["Thm 99"]
    assert "Thm 99 (not in the prose)" in tm.render_table(checks + [fake])


# ------------------------------------------------------------------ (b), (c), (d) the uses


def test_every_check_says_what_it_exercises(checks):
    missing = [c.name for c in checks if not c.uses]
    assert not missing, f"checks without uses=: {missing}"
    for c in checks:
        assert isinstance(c.uses, tuple) and all(isinstance(n, str) for n in c.uses), c.name
        assert len(set(c.uses)) == len(c.uses), f"{c.name}: a name repeated in uses"


def test_uses_must_be_a_sequence_of_names():
    with pytest.raises(TypeError, match="sequence of names"):
        pc.check("demo_uses_as_a_string", "Demo", uses="exactwedge.ga.cross")(lambda ctx: None)


def test_every_library_name_resolves_to_an_object(checks):
    bad = {}
    for name in tm.all_library_names(checks):
        assert name.startswith("exactwedge."), name
        try:
            obj = tm.resolve(name)
        except (ImportError, AttributeError) as e:
            bad[name] = f"{type(e).__name__}: {e}"
            continue
        if obj is None:
            bad[name] = "resolves to None"
    assert not bad, bad


def test_resolve_fails_on_a_wrong_name():
    with pytest.raises(AttributeError):
        tm.resolve("exactwedge.ga.crosss")
    with pytest.raises(AttributeError):
        tm.resolve("exactwedge.network.Network.no_such_method")
    with pytest.raises(ModuleNotFoundError):
        tm.resolve("exactwedge_nothing.x")


def test_every_library_name_appears_in_the_page(page, checks):
    missing = [n for n in tm.all_library_names(checks) if f"`{n}`" not in page]
    assert not missing, missing


# ------------------------------------------------------------------ the prose and the table


def _prose_anchors(text: str) -> list[str]:
    return re.findall(r'<a id="([\w-]+)"></a>', text)


def test_every_statement_of_the_prose_is_in_the_table_and_back(page):
    anchors = _prose_anchors(page)
    assert len(anchors) == len(set(anchors)), "an anchor is used twice"
    assert anchors == [s.anchor for s in tm.STATEMENTS], "the prose and STATEMENTS differ (or their order does)"
    table = tm.current_block(page)
    for s in tm.STATEMENTS:
        assert f"| [{s.label}](#{s.anchor}):" in table, s.label


def test_statements_without_a_check_say_so(checks):
    table = tm.render_table(checks)
    have = {c.theorem for c in checks}
    names = {c.name for c in checks}
    for s in tm.STATEMENTS:
        row = next(r for r in table.splitlines() if r.startswith(f"| [{s.label}](#{s.anchor}):"))
        if any(t in have for t in s.theorems):
            assert tm.NO_CHECK not in row, s.label
            assert not s.library, f"{s.label}: library= is only for statements without a check"
        else:
            assert row.split(" | ")[1].startswith(tm.NO_CHECK), s.label
        assert set(s.partly) <= names, f"{s.label}: partly names an unknown check"


def test_the_page_links_nothing_outside_the_repository(page):
    assert "../shared" not in page
    assert "THEORY.md" not in page


# ------------------------------------------------------------------ the CLI


def test_cli_prints_the_table(capsys, checks):
    assert main(["--theory-map"]) == 0
    assert capsys.readouterr().out == tm.render_table(checks)


def test_cli_rewrites_the_marked_block(tmp_path, capsys, checks):
    f = tmp_path / "page.md"
    f.write_text(f"# Page\n\n{tm.START}\nold table\n{tm.END}\n\nafter\n", encoding="utf-8")
    assert main(["--theory-map", str(f)]) == 0
    assert "updated" in capsys.readouterr().out
    text = f.read_text(encoding="utf-8")
    assert text == f"# Page\n\n{tm.render_block(checks)}\n\nafter\n"
    assert main(["--theory-map", str(f)]) == 0
    assert "already up to date" in capsys.readouterr().out


def test_cli_refuses_a_page_without_markers(tmp_path, capsys):
    f = tmp_path / "page.md"
    f.write_text("no markers here\n", encoding="utf-8")
    assert main(["--theory-map", str(f)]) == 2
    assert "theory-map:start" in capsys.readouterr().err
    assert f.read_text(encoding="utf-8") == "no markers here\n"
