#!/usr/bin/env python3
r"""Check an exactwedge optimality certificate with the Python standard library alone.

    python3 verify_certificate.py CERT.json

prints VALID (exit 0), or INVALID and the first condition that fails (exit 1);
a file it cannot use gives one line on stderr (exit 2). It trusts nothing in
the file but the problem (data, β, options) and the claimed solution: it
rebuilds every column of the Lasso dictionary from the data, exactly.

The dictionary (docs/theory.md §3: Thm 1, 2, 3, 6, 22; §4). For each anchor a
(each sample with bias; none without, x_a = 0), P_a = [x_k − x_a, k ≠ a] +
[e_1..e_d]; for each (d−1)-subset J of P_a in list order, c = cross(P_J) with
cross(v_1..v_{d−1})_k = (−1)^(k+1) det(V without row k), V = [v_1 ... v_{d−1}]
(d = 1: c = e_1). Where c ≠ 0: w = s·c/‖c‖₁, b = −w·x_a, s = ±1 (ReLU) or +1
(abs), and the column K = σ(Xw + b) with σ(u) = max(u, 0) or |u|. The Lasso

    minimize over z, t:  ½‖Kz + t·1 − y‖² + β‖z‖₁     (t = 0 without bias)

is solved by (z, t) iff, with r = y − Kz − t·1: |K_jᵀr| ≤ β for every column j,
K_jᵀr = β·sign(z_j) where z_j ≠ 0, and 1ᵀr = 0 with bias.
"""

import argparse
import itertools
import json
import math
import sys
from fractions import Fraction

FORMAT = "exactwedge-lasso-certificate"
VERSION = 1


class Unusable(Exception):
    """The file cannot be read as a certificate (exit status 2)."""


class Invalid(Exception):
    """A condition of the certificate fails (exit status 1)."""


# ----------------------------------------------------------------- reading
def number(text, where):
    """An exact rational from a string "p/q" or "p" (no floats, no decimals)."""
    if not isinstance(text, str):
        raise Unusable(f"{where}: expected an exact number as a string \"p/q\", got {text!r}")
    num, _, den = text.strip().partition("/")
    digits = num[1:] if num.startswith("-") else num
    ok = digits.isdigit() and digits.isascii() and (not den or (den.isdigit() and den.isascii()))
    if not ok or (den and int(den) == 0):
        raise Unusable(f"{where}: not an exact number \"p/q\": {text!r}")
    return Fraction(int(num), int(den) if den else 1)


def field(obj, key, where):
    if not isinstance(obj, dict) or key not in obj:
        raise Unusable(f"{where}: missing \"{key}\"")
    return obj[key]


def load(path):
    """The certificate as a dict (Unusable when the file is not one)."""
    try:
        with open(path, encoding="utf-8-sig") as f:  # (a byte-order mark, as some editors write, is fine)
            doc = json.load(f)
    except OSError as e:
        raise Unusable(f"{path}: cannot read it ({e.strerror or e})") from None
    except ValueError as e:  # not UTF-8, or not JSON
        raise Unusable(f"{path}: not a JSON file ({e})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise Unusable(f"{path}: not an exactwedge certificate (\"format\" is not {FORMAT!r})")
    if doc.get("version") != VERSION:
        raise Unusable(f"{path}: certificate version {doc.get('version')!r}; this checker reads version {VERSION}")
    return doc


def read_problem(doc):
    """(X, y, beta, bias, activation) from the "problem" section, validated."""
    p = field(doc, "problem", "certificate")
    for key, want in (("norm", 1), ("loss", "squared"), ("targets", 1)):
        if field(p, key, "problem") != want:
            raise Unusable(f"problem.{key} is {p[key]!r}: this checker covers {key} = {want!r} only")
    rows = field(p, "X", "problem")
    if not isinstance(rows, list) or not rows or not all(isinstance(r, list) and r for r in rows):
        raise Unusable("problem.X must be a non-empty list of non-empty rows")
    X = [[number(v, f"problem.X[{i}]") for v in r] for i, r in enumerate(rows)]
    if len({len(r) for r in X}) != 1:
        raise Unusable("problem.X: the rows have different lengths")
    if not isinstance(field(p, "y", "problem"), list) or len(p["y"]) != len(X):
        raise Unusable(f"problem.y must list one label per sample ({len(X)})")
    y = [number(v, f"problem.y[{i}]") for i, v in enumerate(p["y"])]
    beta = number(field(p, "beta", "problem"), "problem.beta")
    if beta <= 0:
        raise Unusable(f"problem.beta must be positive, got {beta}")
    bias, activation = field(p, "bias", "problem"), field(p, "activation", "problem")
    if not isinstance(bias, bool) or activation not in ("relu", "abs"):
        raise Unusable("problem.bias must be true or false and problem.activation \"relu\" or \"abs\"")
    return X, y, beta, bias, activation


# ----------------------------------------------------------------- the dictionary, rebuilt
def det(rows):
    """The determinant of a square matrix (Gaussian elimination in Fractions)."""
    m = [[Fraction(v) for v in r] for r in rows]
    out = Fraction(1)
    for i in range(len(m)):
        p = next((k for k in range(i, len(m)) if m[k][i] != 0), None)
        if p is None:
            return Fraction(0)
        if p != i:
            m[i], m[p], out = m[p], m[i], -out  # a row swap flips the sign
        out *= m[i][i]
        for k in range(i + 1, len(m)):
            f = m[k][i] / m[i][i]
            for j in range(i, len(m)):
                m[k][j] -= f * m[i][j]
    return out


def cross(vectors, d):
    """The generalized cross product of d−1 vectors of Q^d (docs/theory.md, App. 6.1)."""
    return [(-1) ** k * det([[v[i] for i in range(d) if i != k] for v in vectors]) for k in range(d)]


def dot(u, v):
    return sum((a * b for a, b in zip(u, v)), Fraction(0))


def points(X, anchor):
    """The named point list P_a: shifted samples x_k − x_a (k ≠ a), then e_1..e_d; names are 1-based."""
    d = len(X[0])
    origin = X[anchor] if anchor is not None else [0] * d
    out = [(f"x{k + 1}", [p - q for p, q in zip(x, origin)]) for k, x in enumerate(X) if k != anchor]
    return out + [(f"e{k + 1}", [int(i == k) for i in range(d)]) for k in range(d)]


def anchors(X, bias):
    return range(len(X)) if bias else [None]


def signs(activation):
    return (1, -1) if activation == "relu" else (1,)


def crosses(Xi, bias):
    """Every neuron's hyperplane: (anchor, names, c) with c = cross(P_J) ≠ 0, for every subset J, in order."""
    d = len(Xi[0])
    for a in anchors(Xi, bias):
        for subset in itertools.combinations(points(Xi, a), d - 1):
            c = [int(v) for v in cross([v for _, v in subset], d)]
            if any(c):  # else the vectors are dependent: no neuron
                yield a, tuple(name for name, _ in subset), c


def neuron(X, a, c, s):
    """The neuron's weight w = s·c/‖c‖₁ and bias b = −w·x_a (0 without bias), exactly."""
    w = [Fraction(s * v, sum(abs(u) for u in c)) for v in c]
    return w, (-dot(w, X[a]) if a is not None else Fraction(0))


def column(X, w, b, activation):
    """K = σ(Xw + b·1), exactly."""
    u = [dot(w, x) + b for x in X]
    return [abs(v) for v in u] if activation == "abs" else [max(v, Fraction(0)) for v in u]


def correlation(Xi, L, a, c, s, R, D, activation):
    """K_jᵀr in integers, for r = R/D and the data scaled to Xi = L·X (L > 0): the cross product c of scaled
    points is a positive multiple of the true one (same neuron), so K_jᵀr = Σ σ(s·c·(x'_i − x'_a))·R_i / (L·‖c‖₁·D)."""
    origin = Xi[a] if a is not None else [0] * len(c)
    g = [s * sum(ci * (p - q) for ci, p, q in zip(c, x, origin)) for x in Xi]
    f = [abs(v) for v in g] if activation == "abs" else [max(v, 0) for v in g]
    return Fraction(sum(fi * Ri for fi, Ri in zip(f, R)), L * sum(abs(v) for v in c) * D)


def describe(a, samples, s):
    anchor = "no anchor" if a is None else f"anchor x{a + 1}"
    return f"column ({anchor}, samples [{', '.join(samples)}], sign {s:+d})"


# ----------------------------------------------------------------- the claimed solution
def read_active(doc, X, Xi, bias, activation):
    """The active columns [(z, a, samples, sign, c, w, b)], each checked to be a column of the rebuilt dictionary."""
    items = field(field(doc, "solution", "certificate"), "active", "solution")
    if not isinstance(items, list):
        raise Unusable("solution.active must be a list")
    d, names, out = len(X[0]), [f"x{k + 1}" for k in range(len(X))], []
    for i, item in enumerate(items):
        where, bad = f"solution.active[{i}]", f"active column {i + 1}"
        z = number(field(item, "z", where), f"{where}.z")
        name, samples, s = field(item, "anchor", where), field(item, "samples", where), field(item, "sign", where)
        if not isinstance(samples, list) or not all(isinstance(v, str) for v in samples) or type(s) is not int:
            raise Unusable(f"{where}: samples must be a list of names (\"x3\", \"e1\") and sign an integer")
        if (name is None) == bias or (name is not None and name not in names):
            raise Invalid(f"{bad}: anchor {name!r} is not " + ("one of x1..xn (the problem has biases)" if bias
                                                             else "null (the problem has no bias)"))
        a = None if name is None else names.index(name)
        if z == 0 or s not in signs(activation):
            raise Invalid(f"{bad}: z = {z}, sign {s}: an active column has z ≠ 0 and a sign in {signs(activation)}")
        if any(a == o[1] and tuple(samples) == o[2] and s == o[3] for o in out):
            raise Invalid(f"{bad}: the {describe(a, samples, s)} is listed twice")
        pts = points(Xi, a)
        if tuple(samples) not in {tuple(n for n, _ in J) for J in itertools.combinations(pts, d - 1)}:
            raise Invalid(f"{bad}: the {describe(a, samples, s)} is not in the dictionary (its samples are {d - 1} "
                          "distinct names of x1..xn (not the anchor), then e1..ed, in increasing order)")
        c = [int(v) for v in cross([dict(pts)[n] for n in samples], d)]
        if not any(c):
            raise Invalid(f"{bad}: the {describe(a, samples, s)} has linearly dependent samples (no neuron)")
        w, b = neuron(X, a, c, s)
        claimed_w = field(item, "w", where)
        if not isinstance(claimed_w, list) or len(claimed_w) != d:
            raise Unusable(f"{where}.w must list {d} numbers")
        if [number(v, f"{where}.w") for v in claimed_w] != w or number(field(item, "b", where), f"{where}.b") != b:
            raise Invalid(f"{bad}: the file's (w, b) is not that of the rebuilt {describe(a, samples, s)}: "
                          f"w = [{', '.join(map(str, w))}], b = {b}")
        out.append((z, a, tuple(samples), s, c, w, b))
    return out


# ----------------------------------------------------------------- the conditions
def check(doc, say=print):
    """Check a loaded certificate; raise Invalid at the first failing condition, return the summary line."""
    guard = getattr(sys, "get_int_max_str_digits", lambda: 0)()
    if guard:  # exact numbers may be longer than Python's 4,300-digit guard on int(str)
        sys.set_int_max_str_digits(0)
    try:
        return conditions(doc, say)
    finally:
        if guard:
            sys.set_int_max_str_digits(guard)


def conditions(doc, say):
    X, y, beta, bias, activation = read_problem(doc)
    n, d = len(X), len(X[0])
    per = math.comb(n - 1 + d if bias else n + d, d - 1)
    total = len(anchors(X, bias)) * per * len(signs(activation))
    say(f"problem: n = {n} samples in Q^{d}, {'bias' if bias else 'no bias'}, {activation}, beta = {beta}")
    say(f"rebuilding the dictionary from the data: {total} candidate columns "
        f"({len(anchors(X, bias))} anchor(s) x {per} subsets x {len(signs(activation))} sign(s))")
    L = math.lcm(*[v.denominator for x in X for v in x])  # the data over its common denominator: Xi = L·X
    Xi = [[int(v * L) for v in x] for x in X]
    active = read_active(doc, X, Xi, bias, activation)
    sol = field(doc, "solution", "certificate")
    t = number(field(sol, "intercept", "solution"), "solution.intercept")
    if not bias and t != 0:
        raise Invalid(f"the intercept is {t}, but the problem has no bias (t = 0)")
    fitted = [t] * n
    for z, a, samples, s, c, w, b in active:
        fitted = [f + z * k for f, k in zip(fitted, column(X, w, b, activation))]
    r = [yi - fi for yi, fi in zip(y, fitted)]
    if not isinstance(field(sol, "residual", "solution"), list) or len(sol["residual"]) != n:
        raise Unusable(f"solution.residual must list {n} numbers")
    for i, (mine, theirs) in enumerate(zip(r, sol["residual"])):
        if number(theirs, f"solution.residual[{i}]") != mine:
            raise Invalid(f"residual at x{i + 1}: the file says {theirs}, but y - Kz - t = {mine}")
    objective = sum(v * v for v in r) / 2 + beta * sum(abs(z) for z, *_ in active)
    if number(field(sol, "objective", "solution"), "solution.objective") != objective:
        raise Invalid(f"objective: the file says {sol['objective']}, but 1/2 |r|^2 + beta |z|_1 = {objective}")
    if bias and sum(r) != 0:
        raise Invalid(f"intercept condition: 1^T r = {sum(r)}, not 0")
    D = math.lcm(*[v.denominator for v in r])
    R = [int(v * D) for v in r]
    for z, a, samples, s, c, w, b in active:
        corr = correlation(Xi, L, a, c, s, R, D, activation)
        if corr != (beta if z > 0 else -beta):
            raise Invalid(f"support condition: K^T r = {corr} for the active {describe(a, samples, s)} "
                          f"with z = {z}, not {'+' if z > 0 else '-'}beta = {beta if z > 0 else -beta}")
    built, top = 0, Fraction(0)
    for a, samples, c in crosses(Xi, bias):
        for s in signs(activation):
            built += 1
            corr = correlation(Xi, L, a, c, s, R, D, activation)
            if abs(corr) > beta:
                w, b = neuron(X, a, c, s)
                raise Invalid(f"bound condition: |K^T r| = {abs(corr)} > beta = {beta} for the "
                              f"{describe(a, samples, s)}, w = [{', '.join(map(str, w))}], b = {b}")
            top = max(top, abs(corr))
    say(f"checked |K_j^T r| <= beta on all {built} columns ({total - built} candidates skipped: dependent "
        f"subsets, no neuron); max |K_j^T r| = {top}")
    return (f"VALID: z ({len(active)} active columns) and t = {t} solve the Lasso exactly; "
            f"optimal value {objective}")


def run(path, prog="verify_certificate.py", out=None, err=None):
    """Load, check and report; the exit status: 0 VALID, 1 INVALID, 2 unusable file."""
    out, err = out or sys.stdout, err or sys.stderr
    say = lambda line: print(line, file=out, flush=True)  # noqa: E731
    try:
        verdict = check(load(path), say)
    except Unusable as e:
        print(f"{prog}: error: {e}", file=err)
        return 2
    except Invalid as e:
        say(f"INVALID: {e}")
        return 1
    say(verdict)
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description="Check an exactwedge Lasso optimality certificate.")
    parser.add_argument("certificate", help="the JSON file written by exactwedge fit --certificate")
    return run(parser.parse_args(argv).certificate)


if __name__ == "__main__":
    sys.exit(main())
