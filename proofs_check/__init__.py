"""proofs_check: the theorems of THEORY.md as executable, exact checks.

The registry and its checks arrive with the ``proofs_check`` issue; this
package already holds the checks of the exact GA core (see
:mod:`proofs_check.ga_identities`).
"""
