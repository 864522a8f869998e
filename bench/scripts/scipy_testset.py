#!/usr/bin/env python3
"""SciPy side of `MatAssistant.Bench solve --test-set`: work-precision of solve_ivp on one test problem.

Usage: /usr/bin/python3 bench/scripts/scipy_testset.py PROBLEM.json
The JSON (written by the benchmark from our own parsed problem, so both sides solve the same equations) holds the
right sides and the exact Jacobian as Python expressions of t and y[i], y0, t1, the (rtol, atol) pairs, the methods to
run and, when the problem has no published reference, how to compute one (method and rtol). Prints one JSON document:
the reference used and, per method and tolerance, success, final state, nfev, njev, nlu, steps and seconds.
Needs SciPy: on Debian `apt-get install python3-scipy`.
"""
import json
import math
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp

ENV = {"math": math, "np": np, "exp": math.exp, "log": math.log, "log10": math.log10, "sqrt": math.sqrt,
       "sin": math.sin, "cos": math.cos, "tan": math.tan, "sinh": math.sinh, "cosh": math.cosh, "tanh": math.tanh,
       "erf": math.erf, "erfc": math.erfc, "fabs": math.fabs,
       "step": lambda x: 1.0 if x >= 0 else 0.0, "sign": lambda x: (x > 0) - (x < 0), "pow": math.pow}


def build(spec):
    n = len(spec["f"])
    src = "def f(t, y):\n    return [" + ", ".join(spec["f"]) + "]\n"
    src += "def jac(t, y):\n    J = np.zeros((%d, %d))\n" % (n, n)
    for i, row in enumerate(spec["jac"]):
        for j, entry in enumerate(row):
            if entry != "0":
                src += "    J[%d, %d] = %s\n" % (i, j, entry)
    src += "    return J\n"
    scope = dict(ENV)
    exec(src, scope)
    return scope["f"], scope["jac"]


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        spec = json.load(handle)
    f, jac = build(spec)
    span = (0.0, spec["t1"])
    y0 = spec["y0"]
    reference = spec.get("reference")
    if reference is None:
        method, rtol = spec["reference_method"], spec["reference_rtol"]
        kwargs = {"jac": jac} if method in ("Radau", "BDF", "LSODA") else {}
        ref = solve_ivp(f, span, y0, method=method, rtol=rtol, atol=spec["reference_atol"], **kwargs)
        reference = ref.y[:, -1].tolist()
    runs = []
    for method in spec["methods"]:
        for rtol, atol in spec["tolerances"]:
            kwargs = {"jac": jac} if method in ("Radau", "BDF", "LSODA") else {}
            start = time.perf_counter()
            sol = solve_ivp(f, span, y0, method=method, rtol=rtol, atol=atol, **kwargs)
            seconds = time.perf_counter() - start
            runs.append({"method": method, "rtol": rtol, "atol": atol, "success": bool(sol.success),
                         "final": sol.y[:, -1].tolist(), "nfev": int(sol.nfev), "njev": int(sol.njev),
                         "nlu": int(sol.nlu), "steps": len(sol.t) - 1, "seconds": seconds})
    print(json.dumps({"problem": spec["name"], "scipy": __import__("scipy").__version__, "reference": reference, "runs": runs}))


if __name__ == "__main__":
    main()
