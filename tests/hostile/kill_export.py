#!/usr/bin/env python3
"""Kills exports mid-write (SIGKILL, as a crash or `kill -9` would) and checks the target folder
afterwards: it must hold either nothing or the complete file, and no temporary file, in every
format. Then a later export into the same folder must succeed and leave only its own file.

    kill_export.py DEVOMAP LAYER [LAYER...]   (the first that exists is used)
"""
import os
import subprocess
import sys
import tempfile
import time

FORMATS = {".png": b"\x89PNG", ".pdf": b"%PDF", ".svg": b"<?xml", ".html": b"<!DOCTYPE"}


def complete(path):
    with open(path, "rb") as f:
        data = f.read()
    ext = os.path.splitext(path)[1]
    if not data.startswith(FORMATS[ext]):
        return False
    if ext == ".png":
        return data.endswith(b"IEND\xaeB`\x82")
    if ext == ".pdf":
        return data.rstrip().endswith(b"%%EOF")
    return data.rstrip().endswith(b"</svg>" if ext == ".svg" else b"</html>")


def main():
    devomap = sys.argv[1]
    layer = next(p for p in sys.argv[2:] if os.path.exists(p))
    print(f"exporting {layer}")
    failures = []
    kills = 0
    with tempfile.TemporaryDirectory(prefix="kill-export-") as out:
        for ext in FORMATS:
            for delay in (0.05, 0.15, 0.4, 1.0):
                folder = os.path.join(out, f"{ext[1:]}-{delay}")
                os.makedirs(folder)
                target = os.path.join(folder, "map" + ext)
                p = subprocess.Popen([devomap, "render", "--layer", layer, "--width", "9000",
                                      "--height", "7000", "--labels", "--out", target],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(delay)
                if p.poll() is None:
                    p.kill()
                    kills += 1
                p.wait()
                names = sorted(n for n in os.listdir(folder) if n != f"map{ext}.alt.txt")
                if names not in ([], ["map" + ext]):
                    failures.append(f"{ext} killed after {delay} s left {names}")
                elif names and not complete(target):
                    failures.append(f"{ext} killed after {delay} s left an incomplete {target}")
            # The next export into a folder where one was killed works and leaves only its file.
            again = subprocess.run([devomap, "render", "--layer", layer, "--force", "--out",
                                    target], capture_output=True)
            left = sorted(os.listdir(folder))
            if again.returncode != 0 or left != ["map" + ext, f"map{ext}.alt.txt"]:
                failures.append(f"{ext}: the export after a kill: exit {again.returncode}, "
                                f"folder {left}")
    for f in failures:
        print("FAIL " + f)
    print(f"{kills} exports killed mid-way, {len(failures)} failures")
    if kills < 4:
        print("FAIL fewer than 4 exports were still running when killed; the check proves little")
        sys.exit(1)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
