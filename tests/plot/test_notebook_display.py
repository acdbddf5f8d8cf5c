"""In a real Jupyter kernel (nbclient): results display as HTML or LaTeX, figures as PNG, with no setup."""

from __future__ import annotations

import pytest

CELLS = [
    "from exactwedge import fit\nres = fit([[0, 0], [2, 0], [0, 2], [1, 1]], [0, 1, 1, 3], '1/2', bias=True)\nres",
    "res.plot(grid=30)",  # no %matplotlib inline, no plt.show()
    "res.network",
    "import matplotlib.pyplot as plt\nres.path().plot()",  # with pyplot's inline backend loaded: still one image
    "len(plt.get_fignums())",  # the figures never entered pyplot's state
]


@pytest.mark.slow
def test_a_kernel_displays_results_and_figures_without_setup():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in CELLS]
    nbclient.NotebookClient(nb, timeout=180, kernel_name="python3").execute()
    outs = [[o for o in c.outputs if o.output_type in ("execute_result", "display_data")] for c in nb.cells]
    assert [len(o) for o in outs] == [1, 1, 1, 1, 1]
    assert "text/html" in outs[0][0].data and "Optimal two-layer network" in outs[0][0].data["text/html"]
    assert "image/png" in outs[1][0].data
    assert outs[2][0].data["text/latex"].startswith("$$\\begin{aligned}")
    assert "image/png" in outs[3][0].data
    assert outs[4][0].data["text/plain"] == "0"
