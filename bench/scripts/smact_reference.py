#!/usr/bin/env python3
"""Reference verdicts from SMACT itself, for the screen benchmark's agreement run.

SMACT's code is read from a directory given at run time (never committed here):
    python3 smact_reference.py --smact-path DIR --formulas FILE --set smact14|icsd24 --out FILE

DIR is a folder that contains the `smact` package (a checkout of https://github.com/WMD-group/SMACT).
SMACT needs numpy and pymatgen: on Debian, `apt-get install python3-pymatgen` provides both.
Writes one line per formula: `formula<TAB>neutral<TAB>pauling<TAB>valid` (1/0), where
  neutral = smact_validity(f, use_pauling_test=False, include_alloys=False)
  pauling = smact_validity(f, use_pauling_test=True,  include_alloys=False)
  valid   = smact_validity(f)  (Pauling test and alloy rule on)
and prints a JSON summary (SMACT version, formulas/s of the default validity call) on stdout.
"""
import argparse
import json
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--smact-path", required=True)
    parser.add_argument("--formulas", required=True)
    parser.add_argument("--set", required=True, choices=["smact14", "icsd24"])
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    sys.path.insert(0, args.smact_path)
    try:
        import smact
        from smact.screening import smact_validity
    except ImportError as error:
        print(f"cannot import SMACT from {args.smact_path}: {error} (Debian: apt-get install python3-pymatgen)", file=sys.stderr)
        return 2

    with open(args.formulas, encoding="utf-8") as handle:
        formulas = [line.strip() for line in handle if line.strip()]

    def timed(**kwargs):
        verdicts = []
        start = time.perf_counter()
        for formula in formulas:
            try:
                verdicts.append(1 if smact_validity(formula, oxidation_states_set=args.set, **kwargs) else 0)
            except Exception:  # SMACT or pymatgen could not read it
                verdicts.append(-1)
        return verdicts, time.perf_counter() - start

    # Warm SMACT's caches once so the timing measures steady state, as ours does.
    smact_validity(formulas[0], oxidation_states_set=args.set)
    valid, seconds = timed()
    neutral, _ = timed(use_pauling_test=False, include_alloys=False)
    pauling, _ = timed(include_alloys=False)
    with open(args.out, "w", encoding="utf-8") as handle:
        for row in zip(formulas, neutral, pauling, valid):
            handle.write("\t".join(str(x) for x in row) + "\n")

    print(json.dumps({
        "smact_version": getattr(smact, "__version__", "unknown"),
        "formulas": len(formulas),
        "validity_seconds": seconds,
        "validity_per_second": len(formulas) / seconds,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
