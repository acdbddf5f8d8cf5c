"""examples/deep_reflections.py: exact kink extraction of deep 1-D networks, and the script end to end."""

from __future__ import annotations

import importlib.util
import json
from fractions import Fraction as F
from pathlib import Path

import pytest

from exactwedge.deep.one_d import Chain, DeepNarrowNetwork, deep_dictionary


@pytest.fixture(scope="module")
def dr():
    path = Path(__file__).resolve().parents[2] / "examples" / "deep_reflections.py"
    spec = importlib.util.spec_from_file_location("deep_reflections_example", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _chain_weights(alpha, chain: Chain):
    """A width-1 deep network from :meth:`Chain.layers` (input layer first), output weight alpha."""
    layers = chain.layers()
    weights = [[[w]] for w, _ in layers] + [[[alpha]]]
    biases = [[b] for _, b in layers]
    return weights, biases


def test_hand_built_relu_tent_breaks_at_reflection(dr, paper):
    # L = 3, width 2: relu(2 − relu(x − 5) − relu(5 − x)) = relu(2 − |x − 5|), kinks 3 = 2·5 − 7, 5, 7
    weights = [[[1, -1]], [[-1], [-1]], [[1]]]
    biases = [[-5, 5], [2]]
    kinks = dr.network_kinks(weights, biases, 0, "relu", exact=True)
    assert kinks == [(F(3), F(1)), (F(5), F(-2)), (F(7), F(1))]
    assert F(3) in dr.reflections(paper.X) and F(3) not in paper.X
    floats = dr.network_kinks(weights, biases, 0.0, "relu")
    assert [c for c, _ in floats] == pytest.approx([3.0, 5.0, 7.0], abs=1e-12)


def test_kinks_of_abs_chain_equal_theory(dr):
    ch = Chain((F(5), F(7)), (1, 1), "abs")          # ||x − 5| − 2|: 2·5 − 7, 5, 7
    weights, biases = _chain_weights(F(1), ch)
    got = dr.network_kinks(weights, biases, F(0), "abs", exact=True)
    want = dr.exact_network_kinks(DeepNarrowNetwork([(F(1), ch)], F(0)))
    assert got == want
    assert [c for c, _ in got] == [F(3), F(5), F(7)]


def test_kinks_of_reflected_relu_depth4_dictionary_chains(dr, paper):
    """Every reflected (k = 1) L = 4 chain of the paper's data: the layer-by-layer extraction is exact."""
    D = deep_dictionary(paper.X, depth=4)
    refl_only = set(dr.reflections(paper.X)) - {F(v) for v in paper.X}
    seen_reflection = 0
    chains = [c for c in D.chains if dict(c.provenance)["k"] == 1]
    assert chains
    for ch in chains:
        weights, biases = _chain_weights(F(3, 2), ch)
        got = dr.network_kinks(weights, biases, F(1), "relu", exact=True)
        want = dr.exact_network_kinks(DeepNarrowNetwork([(F(3, 2), ch)], F(1)))
        assert got == want, ch
        seen_reflection += any(c in refl_only for c, _ in got)
    assert seen_reflection > 0
    # parallel combination of two chains (block-diagonal widths 2): the kinks of the sum
    a, b = chains[0], next(c for c in chains if any(k in refl_only for k, _ in
                                                    dr.exact_network_kinks(DeepNarrowNetwork([(F(1), c)], F(0)))))
    la, lb = a.layers(), b.layers()
    weights = [[[la[0][0], lb[0][0]]]]
    weights += [[[la[l][0], 0], [0, lb[l][0]]] for l in range(1, 3)]
    weights += [[[F(2)], [F(-1)]]]
    biases = [[la[l][1], lb[l][1]] for l in range(3)]
    got = dr.network_kinks(weights, biases, F(0), "relu", exact=True)
    assert got == dr.exact_network_kinks(DeepNarrowNetwork([(F(2), a), (F(-1), b)], F(0)))


def test_cluster_and_coverage(dr):
    assert dr.cluster_kinks([(1.0, 1.0), (1.01, -1.0), (2.0, 0.5)], 0.05) == [(1.005, 0.0), (2.0, 0.5)]
    assert dr.coverage([0.0, 0.1, 5.0], 0.1, 0.0, 10.0) == pytest.approx(0.4 / 10)  # [0, 0.2] ∪ [4.9, 5.1]


def test_main_tiny(dr, tmp_path, capsys, paper):
    res = dr.main(["--seeds", "1", "--epochs", "30", "--random-sets", "1", "--depths", "3",
                   "--null-draws", "10", "--out", str(tmp_path)])
    for name in ("deep_reflections.json", "deep_reflections.png", "deep_reflections.svg"):
        assert (tmp_path / name).stat().st_size > 0
    data = json.loads((tmp_path / "deep_reflections.json").read_text())
    assert [d["name"] for d in data["datasets"]] == ["paper", "random0"]
    paper_set = data["datasets"][0]
    assert paper_set["x"] == paper.X and "3" in paper_set["reflections"] and "8" in paper_set["reflections"]
    assert paper_set["exact"]["L3_relu"]["min_l1"] == "1"
    assert len(data["runs"]) == 2 * 2  # data sets × activations × 1 seed
    for r in data["runs"]:
        assert {"dataset", "depth", "activation", "seed", "kinks", "fraction_near", "null_fraction_near",
                "null_expected_coverage", "max_abs_residual"} <= set(r)
        for k in r["kinks"]:
            assert k["dist_predicted"] <= k["dist_data"] + 1e-12
    s = data["summary"]
    for part in ("trained", "null_random", "null_expected"):
        assert set(s[part]) == {"data", "reflection", "data_or_reflection", "exact"}
    assert set(s["by_config"]) == {"L3_relu", "L3_abs"}
    assert res["summary"] == s
    assert "deep_reflections:" in capsys.readouterr().out
