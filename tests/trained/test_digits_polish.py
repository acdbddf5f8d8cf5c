"""examples/digits_polish.py on a tiny configuration (issue 7 (b))."""

import importlib.util
import json
from pathlib import Path

import pytest

pytest.importorskip("sklearn")
pytest.importorskip("matplotlib")

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "digits_polish.py"


def _load():
    spec = importlib.util.spec_from_file_location("digits_polish", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_digits_polish_tiny(tmp_path, capsys):
    mod = _load()
    report = mod.main(["--seeds", "1", "--widths", "8", "--lrs", "1e-4", "--epochs", "2", "--out", str(tmp_path)])
    data = json.loads((tmp_path / "digits_polish.json").read_text())
    assert data["config"] == {"seeds": 1, "widths": [8], "lrs": [1e-4]}
    assert data["data"]["d"] == 64 and data["training"]["epochs"] == 2 and data["training"]["optimizer"] == "sgd"
    (run,) = data["runs"]
    assert not run["diverged"] and run["polished_neurons"] <= 8
    for k in ("train_before", "val_before", "train_refit_only", "val_refit_only", "train_after", "val_after"):
        assert 0.0 <= run[k] <= 1.0
    assert run["n_train"] + run["n_val"] == data["data"]["n"]
    for sp in ("train", "val"):
        s = data["summary"][sp]
        assert s["improved"] + s["unchanged"] + s["worsened"] == 1
        assert s["mean_change"] == pytest.approx(run[f"{sp}_after"] - run[f"{sp}_before"])
    assert (tmp_path / "digits_polish.png").stat().st_size > 0 and (tmp_path / "digits_polish.svg").stat().st_size > 0
    assert report["summary"] == data["summary"]
    assert "digits 3 vs 8, 1 runs" in capsys.readouterr().out
