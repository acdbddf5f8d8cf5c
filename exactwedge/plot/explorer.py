"""An interactive explorer for notebooks (ipywidgets): a β slider and editable points, the exact optimum live.

Each change refits exactly (:func:`exactwedge.fit`) and shows the optimal
network's active neurons in closed form, its certificate and its decision
function (1-D and 2-D data). β moves over exact values (no float enters the
fit), and the points are edited as CSV text read by the exact reader; a bad
edit is reported in one line and the last good result stays on screen.

In a notebook::

    from exactwedge.plot import explore
    explore([[0], [1], [2], [4]], [0, 1, 0, 2], bias=True)

The widgets are plain ipywidgets objects (``explorer.beta``, ``explorer.points``),
so a test or a script can set their values and read ``explorer.result``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

from ..exceptions import BackendNotInstalledError, DimensionError, ExactWedgeError, InvalidInputError

__all__ = ["Explorer", "explore", "BETAS"]

#: The β values of the slider (exact; a list of your own can be given).
BETAS = tuple(Fraction(n, d) for n, d in ((1, 1000), (1, 500), (1, 200), (1, 100), (1, 50), (1, 20), (1, 10),
                                          (1, 5), (1, 2), (1, 1), (2, 1), (5, 1), (10, 1)))


def _widgets() -> Any:
    try:
        import ipywidgets
    except ImportError:  # pragma: no cover - the notebook extra is installed in CI
        raise BackendNotInstalledError("the explorer needs ipywidgets: pip install 'exactwedge[notebook]'") from None
    return ipywidgets


def _csv(X: Sequence[Sequence[Any]], y: Sequence[Any]) -> str:
    from ..numbers import format_exact

    return "\n".join(",".join(format_exact(v) for v in (*row, t)) for row, t in zip(X, y))


class Explorer:
    """The explorer's widgets and its current exact fit (see :func:`explore`).

    Attributes
    ----------
    beta : ipywidgets.SelectionSlider
        Over exact β values.
    points : ipywidgets.Textarea
        The data as CSV (features, then the label).
    status : ipywidgets.HTML
        The certificate's verdict, or the one-line error of a bad edit.
    network : ipywidgets.HTML
        The fit's HTML (value, verdict, active neurons in closed form).
    figure : ipywidgets.Image
        The decision function (PNG), for 1-D and 2-D data.
    result : FitResult
        The last successful exact fit.
    """

    def __init__(self, X: Any, y: Any, *, beta: Any = None, betas: Sequence[Any] = BETAS, bias: bool = True,
                 activation: str = "relu", max_columns: int = 20_000):
        widgets = _widgets()
        from ..problem import check_beta

        self.betas = [check_beta(b) for b in betas]
        if not self.betas:
            raise InvalidInputError("betas must hold at least one β > 0")
        start = check_beta(beta) if beta is not None else self.betas[len(self.betas) // 2]
        if start not in self.betas:
            self.betas = sorted(set(self.betas) | {start})
        self.bias, self.activation, self.max_columns = bias, activation, max_columns
        self.result: Any = None
        self.beta = widgets.SelectionSlider(options=[(str(b), b) for b in self.betas], value=start, description="β",
                                            continuous_update=False)
        self.points = widgets.Textarea(value=_csv(X, y), description="data", rows=8,
                                       layout=widgets.Layout(width="22em"))
        self.status = widgets.HTML()
        self.network = widgets.HTML()
        self.figure = widgets.Image(format="png")
        self.beta.observe(self._update, names="value")
        self.points.observe(self._update, names="value")
        self.widget = widgets.VBox([widgets.HBox([widgets.VBox([self.beta, self.points, self.status]), self.figure]),
                                    self.network])
        self._update()

    def _data(self) -> tuple[list, list]:
        from ..io import parse_csv_text

        X, Y, _header = parse_csv_text(self.points.value, source="the points")
        return X, [r[0] for r in Y]

    def _update(self, change: Any = None) -> None:
        """Refit exactly and refresh every output; a bad edit keeps the last result and says why."""
        from ..numbers.display import html_escape
        from ..training import fit

        try:
            X, y = self._data()
            res = fit(X, y, self.beta.value, bias=self.bias, activation=self.activation,
                      max_columns=self.max_columns)
        except ExactWedgeError as e:
            self.status.value = f"<b>not refitted</b>: {html_escape(str(e))}"
            return
        self.result = res
        cert = res.certificate
        self.status.value = (f"β = {html_escape(str(res.beta))}: {len(res.support)} neurons; exact certificate "
                             + ("<b>holds</b>" if cert.holds else "<b>FAILS</b>"))
        self.network.value = res._repr_html_()
        self.figure.value = self._png(res)

    def _png(self, res: Any) -> bytes:
        if res.dictionary.d not in (1, 2):
            return b""
        try:
            fig = res.plot()
        except DimensionError:  # a figure this data cannot have
            return b""
        return fig._repr_png_()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def explore(X: Any, y: Any, **kwargs: Any) -> Explorer:
    """An :class:`Explorer` of the data (shown when it is the last value of a notebook cell).

    Parameters
    ----------
    X, y : exact data (1-D or 2-D points for the figure; any d for the rest)
    beta : optional
        The starting β (exact); by default the middle of ``betas``.
    betas : sequence
        The slider's exact β values (default :data:`BETAS`).
    bias, activation, max_columns :
        As in :func:`exactwedge.fit`.

    Examples
    --------
    >>> ex = explore([[0], [1], [2], [4]], [0, 1, 0, 2], beta="1/10")
    >>> ex.result.beta, ex.result.certificate.holds
    (Fraction(1, 10), True)
    >>> ex.beta.value = Fraction(1, 100)            # the slider moves: the exact optimum follows
    >>> ex.result.beta, "holds" in ex.status.value
    (Fraction(1, 100), True)
    >>> ex.points.value = "0,0\\n1,1\\n2,oops"       # a bad edit: one line, the last result stays
    >>> ex.status.value.startswith("<b>not refitted</b>"), ex.result.beta
    (True, Fraction(1, 100))
    """
    return Explorer(X, y, **kwargs)
