r"""Optimality certificates that anyone can re-check (docs/10-certificates.md).

:func:`write_certificate` (and :func:`certificate_json`) write a
self-contained certificate of an exact fit: the data, β, the options, the
solution with each active neuron named by its samples, the residual and the
objective. :mod:`.verify_certificate` is the standalone checker: Python's
standard library only, it rebuilds every dictionary column from the data and
checks the exact KKT conditions over all of them. ``exactwedge verify`` runs
it; :data:`CHECKER` is its path, to hand to a reviewer.

>>> import os, tempfile
>>> from exactwedge import fit
>>> path = os.path.join(tempfile.mkdtemp(), "cert.json")
>>> _ = write_certificate(fit([0, 1, 2], [0, 0, 1], "1/10", bias=True), path)
>>> check_certificate(load_certificate(path), say=lambda line: None)
'VALID: z (2 active columns) and t = 1/5 solve the Lasso exactly; optimal value 9/100'
"""

from pathlib import Path

from .verify_certificate import Invalid as InvalidCertificate
from .verify_certificate import check as check_certificate
from .verify_certificate import load as load_certificate
from .write import MAX_CERTIFICATE_COLUMNS, certificate_json, check_certifiable, write_certificate

#: The standalone checker's file (standard library only): ``python3 -I -S CHECKER cert.json``.
CHECKER = Path(__file__).resolve().parent / "verify_certificate.py"

__all__ = ["certificate_json", "write_certificate", "check_certifiable", "check_certificate", "load_certificate",
           "InvalidCertificate", "MAX_CERTIFICATE_COLUMNS", "CHECKER"]
