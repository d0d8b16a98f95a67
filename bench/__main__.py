"""`python -m bench [--json] [--only A,B] [--repeat N]`: the benchmark (also `python -m foresight bench`)."""

import argparse

from bench.runner import run_bench

parser = argparse.ArgumentParser(prog="python -m bench", description="Framsyn costs as ratios to a baseline.")
parser.add_argument("--json", action="store_true", help="print one JSON object")
parser.add_argument("--only", help="comma-separated case names to run")
parser.add_argument("--repeat", type=int, default=7, help="runs per case (median reported)")
args = parser.parse_args()
raise SystemExit(run_bench(as_json=args.json, only=args.only, repeat=args.repeat))
