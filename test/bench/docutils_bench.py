"""Times docutils' publish_doctree in process over a list of RST files; prints JSON on stdout.

Usage: python3 docutils_bench.py FILES.json [--runs N] [--warmup N]

FILES.json is a JSON array of paths. Every file is read once, before timing; each run parses every
file once, in order. Settings keep the work comparable with ours: every message is still created
(report_level only decides what is printed), nothing is printed (report_level 5), nothing halts the
parse (halt_level 5), no file is read by `include` or `raw`, no configuration file is read.
"""

import argparse
import io
import json
import sys
import time

import docutils
from docutils.core import publish_doctree


def settings():
    return {
        "report_level": 5,
        "halt_level": 5,
        "file_insertion_enabled": False,
        "raw_enabled": False,
        "_disable_config": True,
        "warning_stream": io.StringIO(),
    }


def parse(path, text):
    start = time.perf_counter()
    publish_doctree(source=text, source_path=path, settings_overrides=settings())
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=10, help="files parsed once before timing")
    args = ap.parse_args()

    with open(args.files, encoding="utf-8") as f:
        paths = json.load(f)
    texts = []
    for p in paths:
        with open(p, encoding="utf-8") as f:
            texts.append((p, f.read()))

    errors = {}
    for p, text in texts[: args.warmup]:
        try:
            parse(p, text)
        except Exception as e:  # a crash of docutils on one file must not stop the benchmark
            errors[p] = repr(e)

    times = {p: [] for p, _ in texts}
    totals = []
    for run in range(args.runs):
        total = 0.0
        for p, text in texts:
            try:
                dt = parse(p, text)
            except Exception as e:
                errors[p] = repr(e)
                continue
            times[p].append(dt)
            total += dt
        totals.append(total)
        print(f"  docutils run {run + 1}/{args.runs}: {total:.2f} s", file=sys.stderr, flush=True)

    json.dump(
        {
            "docutils": docutils.__version__,
            "python": sys.version.split()[0],
            "runs": args.runs,
            "seconds": times,
            "totals": totals,
            "errors": errors,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
