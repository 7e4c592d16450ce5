#!/usr/bin/env python3
"""Runs devomap against the hostile-input corpus (make_corpus.py) and checks, for every case and
every command that reads it (info, render, classify, join, fetch --from):

  - it ends (10 s per run) without a crash: exit 0 or 1 only, never a signal;
  - the exit code says what happened: 0 when the case is usable (skipped features listed on
    stderr), 1 when it is refused, with a message that names the file, 2 for a malformed option
    value, with a message that names the option;
  - the inputs are byte for byte unchanged, and no temporary file is left in the output folder.

    run_hostile.py DEVOMAP CORPUS_DIR [CASE_SUBSTRING]
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

TIMEOUT_S = 20


def digest_tree(root):
    """Content digests of every regular file under root (special files by type only)."""
    out = {}
    for folder, dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            if os.path.islink(path) or not os.path.isfile(path):
                out[path] = "special"
                continue
            with open(path, "rb") as f:
                out[path] = hashlib.sha256(f.read()).hexdigest()
    return out


class Runner:
    def __init__(self, devomap, corpus):
        self.devomap = devomap
        self.corpus = corpus
        self.failures = []
        self.runs = 0

    def run(self, case, args, out_dir):
        self.runs += 1
        env = dict(os.environ, DEVOMAP_DATA_DIR=os.path.join(out_dir, "data"))
        try:
            p = subprocess.run([self.devomap] + args, capture_output=True, timeout=TIMEOUT_S,
                               env=env, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            self.fail(case, args, f"did not finish in {TIMEOUT_S} s", "")
            return None
        stderr = p.stderr.decode("utf-8", "replace") + p.stdout.decode("utf-8", "replace")
        if p.returncode not in (0, 1) and not (p.returncode == 2 and case["kind"] == "options"):
            self.fail(case, args, f"exit code {p.returncode}", stderr)
            return None
        leftovers = [n for n in os.listdir(out_dir) if ".tmp" in n or n.endswith(".part")]
        if leftovers:
            self.fail(case, args, f"left temporary files {leftovers}", stderr)
        return p.returncode, stderr

    def fail(self, case, args, what, stderr):
        self.failures.append(f"{case['name']}: devomap {' '.join(args)}: {what}\n"
                             + "".join("    | " + line + "\n"
                                       for line in stderr.strip().splitlines()[-6:]))

    def expect(self, case, args, out_dir, expect=None, message=None):
        result = self.run(case, args, out_dir)
        if result is None:
            return None
        code, stderr = result
        expect = expect or case["expect"]
        message = case.get("message", "") if message is None else message
        want = {"ok": 0, "skipped": 0, "refused": 1}.get(expect)
        if want is not None and code != want:
            self.fail(case, args, f"exit code {code}, expected {want} ({expect})", stderr)
        elif message and expect != "ok" and not re.search(message, stderr, re.S | re.I):
            self.fail(case, args, f"message does not match /{message}/", stderr)
        elif expect == "refused" and not names_file(case, stderr):
            self.fail(case, args, "message does not name the file", stderr)
        return code, stderr

    def case(self, case):
        path = case["path"] if case.get("absolute") else os.path.join(self.corpus, case["path"])
        good_layer = os.path.join(self.corpus, "good", "districts.shp")
        good_table = os.path.join(self.corpus, "tables", "good.csv")
        with tempfile.TemporaryDirectory(prefix="hostile-") as out:
            kind = case["kind"]
            if kind == "layer":
                self.expect(case, ["info", path], out,
                            expect="any" if case["expect"] != "refused" else None)
                self.expect(case, ["render", "--layer", path, "--out", out + "/map.svg"], out)
                self.expect(case, ["classify", "--layer", path, "--field", "area_km2",
                                   "--method", "quantile", "--classes", "3"], out)
                self.expect(case, ["join", "--layer", path, "--table", good_table], out,
                            expect="any" if case["expect"] != "refused" else None)
            elif kind == "table":
                self.expect(case, ["join", "--layer", good_layer, "--table", path], out)
                self.expect(case, ["render", "--layer", good_layer, "--table", path, "--field",
                                   "value", "--out", out + "/map.png"], out,
                            expect="any" if case["expect"] == "ok" else None)
                self.expect(case, ["classify", "--table", path, "--field", "value", "--method",
                                   "quantile", "--classes", "3"], out,
                            expect="any" if case["expect"] == "ok" else None)
            elif kind == "spec":
                self.expect(case, ["render", path, "--out", out + "/map.svg"], out)
            elif kind == "manifest":
                self.expect(case, ["--data-dir", out + "/data", "fetch", "--list", "--manifest",
                                   path], out)
            elif kind == "import":
                self.import_case(case, path, out)
            elif kind == "options":
                self.options_case(case, good_layer, good_table, out)

    def options_case(self, case, layer, table, out):
        fill = {"{layer}": layer, "{table}": table, "{out}": out + "/map.svg"}
        args = [fill.get(a, a) for a in case["args"]]
        result = self.run(case, args, out)
        if result is None:
            return
        code, stderr = result
        if code != 2:
            self.fail(case, args, f"exit code {code}, expected 2 (a malformed option value)",
                      stderr)
        elif case["option"] not in stderr:
            self.fail(case, args, f"the message does not name {case['option']}", stderr)

    def import_case(self, case, path, out):
        data = os.path.join(out, "data")
        expect = "ok" if case["expect"] in ("ok", "any") else "refused"
        if case["expect"] == "skipped":
            expect = "refused"  # an official boundary file with damaged features is not imported
        result = self.expect(case, ["--data-dir", data, "fetch", "--from", path], out,
                             expect="any", message="")
        if result is None:
            return
        code, stderr = result
        catalog = os.path.join(data, "catalog.json")
        entries = []
        if os.path.exists(catalog):
            with open(catalog) as f:
                entries = json.load(f).get("datasets", [])
        if expect == "ok" and not entries:
            self.fail(case, ["fetch", "--from", path], "nothing was catalogued", stderr)
        if expect == "refused":
            if entries:
                self.fail(case, ["fetch", "--from", path], "a damaged file was catalogued", stderr)
            elif case.get("message") and not re.search(case["message"], stderr, re.S | re.I):
                self.fail(case, ["fetch", "--from", path],
                          f"message does not match /{case['message']}/", stderr)
            elif code != 1:
                self.fail(case, ["fetch", "--from", path], f"exit code {code}, expected 1", stderr)
        for folder, _, files in os.walk(data):
            for name in files:
                if ".tmp" in name or name.endswith(".part"):
                    self.fail(case, ["fetch", "--from", path], f"left {name} in {folder}", stderr)


def names_file(case, stderr):
    name = case.get("names") or os.path.basename(case["path"].rstrip("/"))
    return name in stderr or os.path.splitext(name)[0] in stderr


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    devomap, corpus = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    only = sys.argv[3] if len(sys.argv) > 3 else ""
    with open(os.path.join(corpus, "cases.json")) as f:
        cases = [c for c in json.load(f) if only in c["name"]]
    before = digest_tree(corpus)
    runner = Runner(devomap, corpus)
    for case in cases:
        runner.case(case)
    after = digest_tree(corpus)
    changed = sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))
    for p in changed:
        runner.failures.append(f"input changed or created: {p}")
    escaped = os.path.join(os.path.dirname(corpus), "escaped")
    if os.path.exists(escaped):
        runner.failures.append(f"a zip member was written outside the corpus: {escaped}")
        shutil.rmtree(escaped, ignore_errors=True)
    for f in runner.failures:
        print("FAIL " + f)
    print(f"{len(cases)} cases, {runner.runs} runs, {len(runner.failures)} failures")
    sys.exit(1 if runner.failures else 0)


if __name__ == "__main__":
    main()
