#!/usr/bin/env python3
"""One data folder used by several processes at once: two forced re-imports of the official
files run while three renders of the UK map read the folder. Every process must succeed, every
render must be whole, and the catalogue must keep every dataset (nothing lost to a race).

    concurrent_data_dir.py DEVOMAP OFFICIAL_FILES_DIR
"""
import json
import os
import subprocess
import sys
import tempfile


def catalogued(data):
    with open(os.path.join(data, "catalog.json")) as f:
        return sorted(d["id"] for d in json.load(f)["datasets"])


def main():
    devomap, official = sys.argv[1], sys.argv[2]
    if not os.path.isdir(official):
        print(f"SKIPPED: no official files at {official}")
        return
    with tempfile.TemporaryDirectory(prefix="concurrent-") as tmp:
        data = os.path.join(tmp, "data")
        first = subprocess.run([devomap, "--data-dir", data, "fetch", "--from", official],
                               capture_output=True, text=True)
        if first.returncode != 0:
            sys.exit(f"FAIL the first import: {first.stderr}")
        before = catalogued(data)
        procs = []
        for i in range(2):
            procs.append(("import", subprocess.Popen(
                [devomap, "--data-dir", data, "fetch", "--force", "--from", official],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))
        for i in range(3):
            out = os.path.join(tmp, f"uk-{i}.svg")
            procs.append((out, subprocess.Popen(
                [devomap, "--data-dir", data, "render", "--field", "tier", "--out", out],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))
        failures = []
        for what, p in procs:
            _, err = p.communicate(timeout=600)
            if p.returncode != 0:
                failures.append(f"{what}: exit {p.returncode}: {err.strip()[-400:]}")
            elif what != "import":
                with open(what) as f:
                    if not f.read().rstrip().endswith("</svg>"):
                        failures.append(f"{what} is not a whole SVG")
        after = catalogued(data)
        if after != before:
            failures.append(f"the catalogue changed: before {before}, after {after}")
        leftovers = [os.path.join(r, n) for r, _, files in os.walk(data) for n in files
                     if ".tmp-" in n or n.endswith(".part")]
        if leftovers:
            failures.append(f"temporary files left: {leftovers}")
        for f in failures:
            print("FAIL " + f)
        print(f"2 imports and 3 renders at once on one data folder: {len(failures)} failures; "
              f"{len(after)} datasets catalogued")
        sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
