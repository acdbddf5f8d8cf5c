"""The whole optimal set (exactwedge.optimal), against a brute-force enumeration written here.

The reference takes nothing from the module under test: the residual comes from
the fit's own z and intercept (uncentred), the equicorrelation set from the
dictionary's exact columns, and the vertices from every subset of it, solved
with SymPy for (p, t) with the intercept free. Ranges, uniqueness, dimension and
minimum width then follow from the vertices (a polytope is their convex hull),
and predictions from each vertex's own network.
"""

from __future__ import annotations

import itertools
import json
from fractions import Fraction as Q

import numpy as np
import pytest
import sympy

from exactwedge import fit
from exactwedge.exceptions import InvalidInputError, TooLargeError
from exactwedge.lp.polytope import Polytope
from exactwedge.network import Network
from exactwedge.optimal import optimal_set
from exactwedge.optimal.optimal_set import EVERY, NONE, SOME


def brute_force(res):
    """(E, signs, vertices as full z with their t) by enumerating every subset of E."""
    K = res.dictionary.exact_matrix()
    n, m = len(K), len(K[0])
    z = [Q(v) for v in res.z]
    t = Q(res.intercept) if res.bias else Q(0)
    fitted = [sum((K[i][j] * z[j] for j in range(m)), Q(0)) + t for i in range(n)]
    r = [Q(yv) - f for yv, f in zip(res.y, fitted)]
    corr = [sum((K[i][j] * r[i] for i in range(n)), Q(0)) for j in range(m)]
    E = [j for j in range(m) if abs(corr[j]) == res.beta]
    sg = {j: 1 if corr[j] > 0 else -1 for j in E}
    verts = set()
    for k in range(len(E) + 1):
        for S in itertools.combinations(E, k):
            cols = [[sympy.Rational(sg[j] * K[i][j].numerator, K[i][j].denominator) for j in S] for i in range(n)]
            if res.bias:
                cols = [row + [1] for row in cols]
            M = sympy.Matrix(cols) if cols and cols[0] else sympy.zeros(n, 0)
            if M.shape[1] and M.rank() < M.shape[1]:
                continue
            b = sympy.Matrix([sympy.Rational(f.numerator, f.denominator) for f in fitted])
            if M.shape[1] == 0:
                if all(v == 0 for v in b):
                    verts.add((tuple([Q(0)] * m), Q(0)))
                continue
            sol = (M.T * M).solve(M.T * b)
            if M * sol != b:
                continue
            p = [Q(int(v.p), int(v.q)) for v in sol[: len(S)]]
            if any(v < 0 for v in p):
                continue
            zz = [Q(0)] * m
            for j, v in zip(S, p):
                zz[j] = sg[j] * v
            tt = Q(int(sol[-1].p), int(sol[-1].q)) if res.bias else Q(0)
            verts.add((tuple(zz), tt))
    return E, sg, sorted(verts)


def _dimension(verts):
    if len(verts) <= 1:
        return 0
    base = verts[0][0]
    diffs = sympy.Matrix([[sympy.Rational(a - b) for a, b in zip(v[0], base)] for v in verts[1:]])
    return diffs.rank()


def _cases():
    rng = np.random.default_rng(7)
    out = [([[0], [1], [2], [3]], [0, 1, 0, 1], Q(1, 10), True),  # opposite ramps at two knots
           ([[0], [1], [3], [4], [6]], [0, 2, 2, 0, 1], Q(1, 5), True)]
    for _ in range(5):  # 1-D with bias: repeated slopes make ± ramp pairs tie
        x = sorted(set(rng.integers(-6, 7, size=6).tolist()))
        y = rng.integers(-3, 4, size=len(x)).tolist()
        out.append(([[v] for v in x], y, Q(1, 4), True))
    for _ in range(3):  # 2-D without bias
        X = rng.integers(-4, 5, size=(5, 2)).tolist()
        y = rng.integers(-3, 4, size=5).tolist()
        out.append((X, y, Q(1, 3), False))
    return out


@pytest.mark.parametrize("case", range(10))
def test_against_brute_force_enumeration(case):
    X, y, beta, bias = _cases()[case]
    res = fit(X, y, beta, bias=bias)
    E, sg, verts = brute_force(res)
    if len(E) > 12:
        pytest.skip("too many tied columns for the brute force")
    at = [[Q(1, 2)] * len(X[0]), [Q(7)] * len(X[0]), [Q(-3)] * len(X[0])]
    s = optimal_set(res, at=at)
    assert s.tied == E and s.signs == [sg[j] for j in E]
    got = sorted((tuple(s.z_of(p)), s.network(s.z_of(p)).intercept if bias else Q(0)) for p in s.vertices)
    assert got == verts
    assert s.unique == (len(verts) == 1) and s.dimension == _dimension(verts)
    for j in E:
        vals = [v[0][j] for v in verts]
        assert s.weight_ranges[j] == (min(vals), max(vals))
        want = EVERY if all(v != 0 for v in vals) else (SOME if any(v != 0 for v in vals) else NONE)
        assert s.classes[j] == want
    assert s.minimum_width == min(sum(1 for v in z if v) for z, _ in verts)
    # predictions: each vertex's own network (the fit's Network class), min and max over the vertices
    for x, lo, hi in s.prediction_ranges:
        preds = [Network.from_solution(res.dictionary, list(z), t if bias else None).predict([list(x)])[0]
                 for z, t in verts]
        assert (lo, hi) == (min(preds), max(preds))
    # the fit's own network pruned along the face: a vertex, no wider, objective identical
    pz = tuple(s.z_of(s.pruned["z"]))
    assert pz in {z for z, _ in verts} and s.pruned["objective_equal"]
    assert s.pruned["width"] <= len(res.support)


def test_a_non_unique_face_has_varying_predictions_somewhere_or_a_constant_null_direction():
    res = fit([[0], [1], [2], [3]], [0, 1, 0, 1], Q(1, 10), bias=True)
    s = optimal_set(res, at=[[5], [-1]])
    assert not s.unique and s.dimension == 1 and len(s.vertices) == 2
    assert "rank 3 < 4" in s.reason
    # (x − x1)₊ − (x1 − x)₊ − (x − x2)₊ + (x2 − x)₊ is constant: every optimal network predicts the same
    assert all(lo == hi for _x, lo, hi in s.prediction_ranges)
    assert sorted(s.classes.values()) == sorted([EVERY, EVERY, SOME, SOME])


def test_unique_by_tibshirani_when_the_tied_columns_are_independent():
    res = fit([[0], [1], [3], [4]], [0, 2, 2, 0], Q(1, 2), bias=True)
    s = optimal_set(res)
    if s.rank == len(s.tied):
        assert s.unique and "Tibshirani" in s.reason and s.dimension == 0
    assert s.minimum_width == len(res.support) if s.unique else True


def test_refusals_name_the_count():
    res = fit([[0], [1], [2], [3]], [0, 1, 0, 1], Q(1, 10), bias=True)
    s = optimal_set(res, max_subsets=1)
    assert s.vertices is None and "candidate bases" in s.vertex_note and "max_subsets=1" in s.vertex_note
    assert s.minimum_width == 3 and "branch and bound" in s.width_proof and "supports to examine" in s.width_proof
    s = optimal_set(res, max_subsets=1, max_nodes=0)
    assert s.minimum_width is None and "supports to examine" in s.width_proof and "max_nodes=0" in s.width_proof
    with pytest.raises(InvalidInputError, match="exact ℓ1 fit"):
        optimal_set(fit([[0], [1], [2]], [0, 1, 0], 1, bias=True, norm=2))
    with pytest.raises(InvalidInputError, match="FitResult"):
        optimal_set(object())
    with pytest.raises(InvalidInputError, match="coordinates"):
        optimal_set(res, at=[[1, 2]])


def test_json_and_text(tmp_path):
    res = fit([[0], [1], [2], [3]], [0, 1, 0, 1], Q(1, 10), bias=True)
    s = optimal_set(res, at=[[5]])
    doc = json.loads(json.dumps(s.to_json()))
    assert doc["dimension"] == 1 and doc["unique"] is False and len(doc["vertices"]) == 2
    z_fit = {str(j): str(v) for j, v in enumerate(res.z) if v}
    assert any(v == z_fit for v in doc["vertices"]) or doc["pruned"]["moves"] > 0
    assert doc["equicorrelation_set"][0]["neuron"] == res.dictionary.neuron(s.tied[0]).label()
    assert "not unique" in s.summary() and "f(5) ∈" in s.summary()


def test_polytope_pieces():
    P = Polytope([[1, 1, 1]], [2])
    assert P.dimension() == 2 and len(P.vertices()) == 3
    assert P.sparsest()[0].count(0) == 2
    point, moves = P.prune([Q(1, 2), Q(1, 2), Q(1)])
    assert point.count(0) == 2 and sum(point) == 2 and moves == 2
    with pytest.raises(InvalidInputError, match="point of the polytope"):
        P.prune([1, 1, 1])
    with pytest.raises(InvalidInputError, match="empty"):
        Polytope([[1, 1]], [-1]).coordinate_range(0)


def test_cli(tmp_path, capsys):
    from exactwedge.cli.main import main

    data = tmp_path / "d.csv"
    data.write_text("x,y\n0,0\n1,1\n2,0\n3,1\n")
    pts = tmp_path / "p.csv"
    pts.write_text("5\n-1\n")
    assert main(["fit", str(data), "--beta", "1/10", "--bias", "--optimal-set", "--at", str(pts), "--json", "-"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["optimal_set"]["dimension"] == 1 and len(doc["optimal_set"]["prediction_ranges"]) == 2
    assert main(["fit", str(data), "--beta", "1/10", "--bias", "--optimal-set"]) == 0
    assert "minimum width" in capsys.readouterr().out
    for args, msg in ((["--at", str(pts)], "--at is for --optimal-set"),
                      (["--optimal-set", "--norm", "2"], "not with --norm 2"),
                      (["--optimal-set", "--stream"], "not with streaming"),
                      (["--optimal-set", "--json", str(pts), "--at", str(pts)], "--at")):
        assert main(["fit", str(data), "--beta", "1/10", "--bias", *args]) == 2
        err = capsys.readouterr().err.strip()
        assert msg in err and len(err.splitlines()) == 1, err
    assert pts.read_text() == "5\n-1\n"  # an input is never overwritten


X2 = [[1, 0], [-2, -2], [-4, -4], [-4, -3], [3, 1], [4, 0]]  # collinear samples: dependent no-bias columns
Y2 = [1, 3, 2, 1, 0, 0]


def test_predictions_differ_between_optimal_networks_away_from_the_data():
    res = fit(X2, Y2, Q(1, 20))
    s = optimal_set(res, at=[[7, 7], [-6, 3], X2[0]])
    assert not s.unique
    (_, lo1, hi1), (_, lo2, hi2), (_, lo3, hi3) = s.prediction_ranges
    assert hi1 - lo1 > 0 or hi2 - lo2 > 0
    assert lo3 == hi3 == res.predict([X2[0]])[0]  # at a sample the fitted value is unique


def test_figures_1d_2d_and_refusals():
    from exactwedge.exceptions import DimensionError
    from exactwedge.plot import plot_optimal_set

    s1 = optimal_set(fit([[0], [1], [2], [3], [5]], [0, 1, 0, 1, 3], Q(1, 10), bias=True))
    fig = s1.plot()
    assert fig.axes[0].get_xlabel() == "x" and "dimension 2" in fig.axes[0].get_title()
    s2 = optimal_set(fit(X2, Y2, Q(1, 20)))
    fig2 = plot_optimal_set(s2, grid=30)
    assert len(fig2.axes) == 2  # the map and its colour bar
    s3 = optimal_set(fit([[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 1, 1]], [0, 1, 1, 0], Q(1, 10)))
    with pytest.raises(DimensionError):
        plot_optimal_set(s3)
    with pytest.raises(InvalidInputError, match="not enumerated"):
        plot_optimal_set(optimal_set(fit([[0], [1], [2], [3]], [0, 1, 0, 1], Q(1, 10), bias=True), max_subsets=1))


@pytest.mark.slow
def test_latex_compiles_without_overfull_boxes(tmp_path):
    from exactwedge.latex.optimal import optimal_set_document
    from tests.latex.test_publication import _log, _overfull

    s = optimal_set(fit(X2, Y2, Q(1, 20)), at=[[7, 7], [Q(1, 3), Q(-22, 7)]])
    tex = optimal_set_document(s)
    assert "not unique" in tex and r"\in [" in tex
    assert _overfull(_log(tmp_path, tex)) == []


@pytest.mark.parametrize("case", range(10))
def test_branch_and_bound_gives_the_same_minimum_width(case):
    X, y, beta, bias = _cases()[case]
    res = fit(X, y, beta, bias=bias)
    s = optimal_set(res)
    exhaustive = s.minimum_width
    forced = optimal_set(res, max_subsets=0)  # exhaustion refused: the integer program proves it
    assert forced.minimum_width == exhaustive and "branch and bound" in forced.width_proof
    p = forced.sparsest
    z = forced.z_of(p)
    assert s.result.predict(X) == forced.network(z).predict(X)  # an optimal network: the unique fit


def test_branch_and_bound_refuses_past_its_nodes_with_the_gap():
    P = Polytope([[1, 1, 1, 1, 1], [1, 0, 2, 1, 3], [0, 1, 1, 2, 1]], [5, 7, 6])
    point, nodes = P.sparsest_branch_and_bound()
    assert nodes == 3 and sum(1 for v in point if v) == sum(1 for v in P.sparsest()[0] if v) == 3
    with pytest.raises(TooLargeError, match="max_nodes=2.*none has fewer than"):
        P.sparsest_branch_and_bound(max_nodes=2)
