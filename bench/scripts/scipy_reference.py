#!/usr/bin/env python3
"""Side-by-side reference for `MatAssistant.Bench solve`: runs SciPy's solve_ivp on the same problems.

Usage: /usr/bin/python3 bench/scripts/scipy_reference.py PROBLEM RTOL ATOL
Prints one JSON document: the reference final state (Radau at rtol 1e-12 unless an exact solution exists) and, per
method (RK45, DOP853, Radau, BDF), the final state, error, accepted steps, nfev, njev, nlu and wall time.
Stiff methods get the analytic Jacobian, as our Rodas4 gets the symbolic one.
Needs SciPy: on Debian `apt-get install python3-scipy` (or `pip install scipy`).
"""
import json
import math
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp


def robertson(t, y):
    return [-0.04 * y[0] + 1e4 * y[1] * y[2], 0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] ** 2, 3e7 * y[1] ** 2]


def robertson_jac(t, y):
    return [[-0.04, 1e4 * y[2], 1e4 * y[1]],
            [0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1]],
            [0.0, 6e7 * y[1], 0.0]]


def vdp(mu):
    f = lambda t, y: [y[1], mu * (1 - y[0] ** 2) * y[1] - y[0]]
    j = lambda t, y: [[0.0, 1.0], [-2 * mu * y[0] * y[1] - 1, mu * (1 - y[0] ** 2)]]
    return f, j


def heat(n=100, d=1.0, length=1.0):
    """c_t = D c_xx on [0, L], c(0)=1 (Dirichlet), dc/dx(L)=0 (Neumann), c(x,0)=0; n unknowns at x_1..x_n."""
    dx = length / n
    k = d / dx ** 2

    def f(t, c):
        out = np.empty_like(c)
        out[0] = k * (1.0 - 2 * c[0] + c[1])
        out[1:-1] = k * (c[:-2] - 2 * c[1:-1] + c[2:])
        out[-1] = k * (2 * c[-2] - 2 * c[-1])
        return out

    def j(t, c):
        m = np.zeros((n, n))
        i = np.arange(n)
        m[i, i] = -2 * k
        m[i[:-1], i[:-1] + 1] = k
        m[i[1:], i[1:] - 1] = k
        m[n - 1, n - 2] = 2 * k
        return m

    return f, j


PROBLEMS = {
    # name: (f, jac, t_span, y0, exact final or None)
    "decay": (lambda t, y: [-2 * y[0]], lambda t, y: [[-2.0]], (0, 5), [1.0], [math.exp(-10)]),
    "oscillator": (lambda t, y: [y[1], -9 * y[0]], lambda t, y: [[0.0, 1.0], [-9.0, 0.0]], (0, 10), [1.0, 0.0],
                   [math.cos(30), -3 * math.sin(30)]),
    "logistic": (lambda t, y: [0.8 * y[0] * (1 - y[0] / 100)], lambda t, y: [[0.8 - 0.016 * y[0]]], (0, 20), [2.0],
                 [100 / (1 + 49 * math.exp(-16))]),
    "robertson": (robertson, robertson_jac, (0, 40), [1.0, 0.0, 0.0], None),
    "robertson-1e11": (robertson, robertson_jac, (0, 1e11), [1.0, 0.0, 0.0], None),
    "vanderpol-1000": (*vdp(1000), (0, 3000), [2.0, 0.0], None),
    "heat-100": (*heat(), (0, 0.5), [0.0] * 100, None),
}


def main():
    name, rtol, atol = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    f, jac, span, y0, exact = PROBLEMS[name]
    if exact is None:
        ref = solve_ivp(f, span, y0, method="Radau", jac=jac, rtol=1e-12, atol=min(atol, 1e-12) * 1e-2)
        exact = ref.y[:, -1].tolist()
    out = {"problem": name, "rtol": rtol, "atol": atol, "reference": exact, "scipy": __import__("scipy").__version__, "methods": []}
    for method in ["RK45", "DOP853", "Radau", "BDF"]:
        stiff_problem = name.startswith(("robertson", "vanderpol", "heat"))
        if stiff_problem and method in ("RK45", "DOP853") and name != "heat-100":
            out["methods"].append({"method": method, "skipped": "stiff: explicit methods take millions of steps"})
            continue
        kwargs = {"jac": jac} if method in ("Radau", "BDF") else {}
        start = time.perf_counter()
        sol = solve_ivp(f, span, y0, method=method, rtol=rtol, atol=atol, **kwargs)
        seconds = time.perf_counter() - start
        final = sol.y[:, -1]
        err = max(abs(a - b) / (atol + rtol * abs(b)) for a, b in zip(final, exact)) * rtol
        scaled = [abs(a - b) / abs(b) if abs(b) > 100 * atol else 0.0 for a, b in zip(final, exact)]
        out["methods"].append({
            "method": method, "success": bool(sol.success), "final": final.tolist(),
            "max_relative_error": max(scaled), "error": err, "steps": len(sol.t) - 1, "nfev": int(sol.nfev),
            "njev": int(sol.njev), "nlu": int(sol.nlu), "seconds": seconds,
        })
    print(json.dumps(out))


if __name__ == "__main__":
    main()
