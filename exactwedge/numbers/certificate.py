r"""The one certificate protocol: every optimality certificate says whether it holds, what it proves, and how.

Every solver result of exactwedge (exact Lasso, float back-ends, streamed
dictionaries, linear programs) carries ``.certificate``, an
:class:`OptimalityCertificate`:

``holds`` : bool
    Whether the check passed.
``kind`` : str
    What was checked and in which arithmetic, e.g. ``"exact KKT (rational
    arithmetic)"``. A check that is not a proof says so in its kind (``"…
    (float64, not a proof)"``).
``to_json()`` : dict
    The JSON-ready entries (the ``certificate`` of ``exactwedge fit --json``).

A certificate is also a read-only mapping of its :meth:`~OptimalityCertificate.to_json`
entries, so ``cert["holds"]``, ``cert.get("violations")`` and ``dict(cert)`` work
on every kind.

The protocol sits with the numbers (a foundation) so that every solver layer
(:mod:`exactwedge.lp`, :mod:`exactwedge.lasso`, :mod:`exactwedge.stream`) can
implement it.

>>> class Demo(OptimalityCertificate):
...     holds, kind = True, "a demonstration (no arithmetic)"
...     def to_json(self):
...         return {"holds": self.holds, "exact": True, "kind": self.kind}
>>> c = Demo()
>>> c.holds, c["kind"], dict(c) == c.to_json()
(True, 'a demonstration (no arithmetic)', True)
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterator, Mapping
from typing import Any

from .display import WIDTH, abbreviate, html_card

__all__ = ["OptimalityCertificate", "display_facts"]


def display_facts(entries: dict) -> tuple[str, list[tuple[str, str]]]:
    """The verdict line (``"holds: <kind>"`` or ``"FAILS: <kind>"``) and the other entries, abbreviated.

    >>> display_facts({"holds": False, "kind": "k", "beta": "1/2", "support": list(range(40)), "gap": 1e-3})
    ('FAILS: k', [('beta', '1/2'), ('support', '40 entries'), ('gap', '0.001')])
    """
    head = f"{'holds' if entries.get('holds') else 'FAILS'}: {entries.get('kind')}"
    facts = []
    for k, v in entries.items():
        if k in ("holds", "kind"):
            continue
        if isinstance(v, (list, tuple)) and len(str(v)) > 2 * WIDTH:
            text = f"{len(v)} entries"
        else:
            text = abbreviate(v) if isinstance(v, (str, float, int)) and not isinstance(v, bool) else str(v)
        facts.append((k, text))
    return head, facts


class OptimalityCertificate(Mapping):
    """Base class of every certificate: ``holds``, ``kind``, ``to_json()``, and a read-only mapping of the JSON.

    Subclasses provide ``holds`` (bool) and ``kind`` (str) as fields,
    attributes or properties, and :meth:`to_json`; the mapping methods read
    :meth:`to_json`. A dict subclass (the float reports) keeps the dict's own
    mapping methods. (``holds`` and ``kind`` are only annotated here, so that a
    dataclass subclass can declare them as fields.)

    Examples
    --------
    >>> OptimalityCertificate()
    Traceback (most recent call last):
    ...
    TypeError: Can't instantiate abstract class OptimalityCertificate...
    """

    #: Whether every checked condition holds (a field, attribute or property of the subclass).
    holds: bool
    #: What was checked, and in which arithmetic (ending in ``"not a proof)"`` for a float check).
    kind: str

    @abstractmethod
    def to_json(self) -> dict:
        """The JSON-ready entries of the certificate."""

    def summary(self) -> str:
        """The verdict and every entry of :meth:`to_json`, one a line (long numbers abbreviated).

        >>> from exactwedge import fit
        >>> print(fit([0, 1, 2], [0, 0, 1], 1, bias=True).certificate.summary().splitlines()[0])
        holds: exact KKT (rational arithmetic)
        """
        head, facts = display_facts(self.to_json())
        return "\n".join([head, *(f"{k}: {v}" for k, v in facts)])

    def _repr_html_(self) -> str:
        """Jupyter's display: the verdict, what was checked, and the entries (long numbers abbreviated).

        >>> from exactwedge import fit
        >>> html = fit([0, 1, 2], [0, 0, 1], 1, bias=True, norm=2).certificate._repr_html_()
        >>> "FAILS" not in html and "holds: float KKT" in html and "not a proof" in html
        True
        """
        head, facts = display_facts(self.to_json())
        return html_card(f"Certificate: {head}", facts, notes=["Every entry whole: cert.to_json()."])

    def __getitem__(self, key: str) -> Any:
        return self.to_json()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.to_json())

    def __len__(self) -> int:
        return len(self.to_json())

