#!/usr/bin/env python3
"""Writes the hostile-input corpus: damaged shapefiles, GeoPackages and zips, tables in odd
encodings, map specs and manifests at the edges of JSON. Every file is made here from scratch
(nothing downloaded), so the corpus is the same on every machine.

    make_corpus.py OUT_DIR

tests/hostile/run_hostile.py runs devomap against each case; cases.json (written here) says
what each file is and what devomap must do with it.
"""
import json
import math
import os
import random
import shutil
import sqlite3
import struct
import sys
import zipfile

BNG_PRJ = (
    'PROJCS["British_National_Grid",GEOGCS["GCS_OSGB_1936",DATUM["D_OSGB_1936",'
    'SPHEROID["Airy_1849",6377563.396,299.3249646]],PRIMEM["Greenwich",0.0],'
    'UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],'
    'PARAMETER["False_Easting",400000.0],PARAMETER["False_Northing",-100000.0],'
    'PARAMETER["Central_Meridian",-2.0],PARAMETER["Scale_Factor",0.9996012717],'
    'PARAMETER["Latitude_Of_Origin",49.0],UNIT["Meter",1.0]]'
)

# Six districts as 10 km squares in England, with their real codes and names.
AREAS = [
    ("E06000001", "Hartlepool"),
    ("E06000002", "Middlesbrough"),
    ("E06000003", "Redcar and Cleveland"),
    ("E06000004", "Stockton-on-Tees"),
    ("E06000005", "Darlington"),
    ("E06000047", "County Durham"),
]


def square(i):
    x0, y0 = 420000 + (i % 3) * 10000, 510000 + (i // 3) * 10000
    return [(x0, y0), (x0, y0 + 10000), (x0 + 10000, y0 + 10000), (x0 + 10000, y0), (x0, y0)]


# ------------------------------------------------------------------ shapefile writer


def shp_polygon_record(rings):
    """Content of one polygon record (shape type 5)."""
    points = [p for ring in rings for p in ring]
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    finite = [v for v in xs + ys if math.isfinite(v)] or [0.0]
    box = (min(xs) if all(map(math.isfinite, xs)) else min(finite),
           min(ys) if all(map(math.isfinite, ys)) else min(finite),
           max(xs) if all(map(math.isfinite, xs)) else max(finite),
           max(ys) if all(map(math.isfinite, ys)) else max(finite))
    out = struct.pack("<i4d2i", 5, *box, len(rings), len(points))
    start = 0
    for ring in rings:
        out += struct.pack("<i", start)
        start += len(ring)
    for x, y in points:
        out += struct.pack("<2d", x, y)
    return out


def shp_header(file_words, bbox):
    return struct.pack(">7i", 9994, 0, 0, 0, 0, 0, file_words) + struct.pack(
        "<2i8d", 1000, 5, *bbox, 0, 0, 0, 0)


def dbf_bytes(rows, fields=(("CODE", 9), ("NAME", 40))):
    header_len = 32 + 32 * len(fields) + 1
    record_len = 1 + sum(w for _, w in fields)
    out = struct.pack("<4BIHH20x", 3, 126, 12, 7, len(rows), header_len, record_len)
    for name, width in fields:
        out += struct.pack("<11sc4xBB14x", name.encode(), b"C", width, 0)
    out += b"\r"
    for row in rows:
        out += b" " + b"".join(v.encode("latin-1")[:w].ljust(w) for v, (_, w) in zip(row, fields))
    return out + b"\x1a"


def write_shapefile(base, records, rows=None, prj=BNG_PRJ):
    """records: content bytes of each shape record (None: a null shape)."""
    shp = b""
    shx = b""
    offset = 50
    for i, content in enumerate(records):
        content = content if content is not None else struct.pack("<i", 0)
        shp += struct.pack(">2i", i + 1, len(content) // 2) + content
        shx += struct.pack(">2i", offset, len(content) // 2)
        offset += 4 + len(content) // 2
    bbox = (420000, 510000, 450000, 530000)
    with open(base + ".shp", "wb") as f:
        f.write(shp_header(50 + len(shp) // 2, bbox) + shp)
    with open(base + ".shx", "wb") as f:
        f.write(shp_header(50 + len(shx) // 2, bbox) + shx)
    rows = rows if rows is not None else AREAS[: len(records)]
    with open(base + ".dbf", "wb") as f:
        f.write(dbf_bytes(rows))
    if prj is not None:
        with open(base + ".prj", "w") as f:
            f.write(prj)


def good_records():
    return [shp_polygon_record([square(i)]) for i in range(len(AREAS))]


# ------------------------------------------------------------------ the corpus


class Corpus:
    def __init__(self, root):
        self.root = root
        self.cases = []

    def folder(self, name):
        path = os.path.join(self.root, name)
        os.makedirs(path, exist_ok=True)
        return path

    def case(self, name, path, kind, expect, **extra):
        """kind: layer | table | spec | manifest | import. expect: what devomap must do."""
        self.cases.append(dict(name=name, path=os.path.relpath(path, self.root), kind=kind,
                               expect=expect, **extra))


def shapefile_cases(c):
    d = c.folder("good")
    write_shapefile(os.path.join(d, "districts"), good_records())
    c.case("good shapefile", os.path.join(d, "districts.shp"), "layer", "ok")

    def damaged(name, expect, message, mutate, records=None, rows=None, prj=BNG_PRJ):
        d = c.folder(name)
        base = os.path.join(d, "districts")
        write_shapefile(base, records or good_records(), rows, prj)
        mutate(base)
        c.case(name, base + ".shp", "layer", expect, message=message)

    def truncate(path, fraction):
        size = os.path.getsize(path)
        with open(path, "r+b") as f:
            f.truncate(int(size * fraction))

    def overwrite(path, offset, data):
        with open(path, "r+b") as f:
            f.seek(offset)
            f.write(data)

    damaged("shp-truncated-half", "refused", "truncated", lambda b: truncate(b + ".shp", 0.5))
    damaged("shp-empty", "refused", "truncated|not a valid|damaged",
            lambda b: truncate(b + ".shp", 0))
    rng = random.Random(12)
    damaged("shp-random-bytes", "refused", "not a valid shapefile|damaged|truncated",
            lambda b: open(b + ".shp", "wb").write(bytes(rng.randrange(256) for _ in range(4000))))
    damaged("dbf-truncated", "refused", "damaged|truncated|could not be read",
            lambda b: truncate(b + ".dbf", 0.6))
    # Header length 0: GDAL opens the .dbf with no fields, so every attribute would be lost.
    damaged("dbf-header-damaged", "refused", "attribute",
            lambda b: overwrite(b + ".dbf", 8, struct.pack("<H", 0)))
    damaged("shx-offsets-past-end", "refused", "damaged|truncated|could not be read",
            lambda b: overwrite(b + ".shx", 100 + 8 * 2, struct.pack(">i", 10_000_000)))
    huge_parts = [shp_polygon_record([square(0)])]
    huge_parts[0] = huge_parts[0][:36] + struct.pack("<i", 2**31 - 1) + huge_parts[0][40:]
    damaged("shp-2e31-parts", "refused", "damaged|truncated|could not be read",
            lambda b: None, records=huge_parts + good_records()[1:])

    nan = good_records()
    nan[2] = shp_polygon_record([[(float("nan"), float("nan"))] + square(2)[1:]])
    damaged("shp-nan-coordinates", "skipped", "E06000003", lambda b: None, records=nan)
    inf = good_records()
    inf[4] = shp_polygon_record([[(float("inf"), 510000.0)] + square(4)[1:]])
    damaged("shp-inf-coordinates", "skipped", "E06000005", lambda b: None, records=inf)
    null = good_records()
    null[1] = None
    damaged("shp-null-geometry", "skipped", "E06000002", lambda b: None, records=null)
    all_nan = [shp_polygon_record([[(float("nan"), float("nan"))] * 5]) for _ in AREAS]
    damaged("shp-all-nan", "refused", "no usable areas|not finite|no areas", lambda b: None,
            records=all_nan)
    damaged("prj-garbage", "refused", r"\.prj", lambda b: open(b + ".prj", "w").write(
        "this is not a coordinate reference system \x01\x02"), prj=BNG_PRJ)
    damaged("shx-missing", "refused", r"\.shx", lambda b: os.remove(b + ".shx"))
    damaged("dbf-missing", "refused", r"\.dbf", lambda b: os.remove(b + ".dbf"))
    latin = [(code, name.replace("Stockton", "Stöckton")) for code, name in AREAS]
    damaged("dbf-latin1-no-cpg", "ok", "", lambda b: None, rows=latin)


def first_half(src, dst):
    """A copy of the first half of src: a file cut off in download."""
    with open(src, "rb") as f:
        data = f.read()
    with open(dst, "wb") as f:
        f.write(data[: len(data) // 2])


def container_cases(c):
    d = c.folder("gpkg")
    with open(os.path.join(d, "random.gpkg"), "wb") as f:
        f.write(bytes(random.Random(3).randrange(256) for _ in range(8192)))
    c.case("gpkg random bytes", os.path.join(d, "random.gpkg"), "layer", "refused",
           message="random.gpkg")
    open(os.path.join(d, "empty.gpkg"), "wb").close()
    c.case("gpkg empty file", os.path.join(d, "empty.gpkg"), "layer", "refused",
           message="empty.gpkg")
    db = sqlite3.connect(os.path.join(d, "plain-sqlite.gpkg"))
    db.execute("create table t (a integer)")
    db.commit()
    db.close()
    c.case("gpkg plain sqlite", os.path.join(d, "plain-sqlite.gpkg"), "layer", "refused",
           message="plain-sqlite.gpkg")
    # The first half of a valid SQLite database: a GeoPackage cut off in download.
    first_half(os.path.join(d, "plain-sqlite.gpkg"), os.path.join(d, "truncated.gpkg"))
    c.case("gpkg truncated", os.path.join(d, "truncated.gpkg"), "layer", "refused",
           message="truncated.gpkg")

    d = c.folder("zip")
    good = os.path.join(c.root, "good")
    with zipfile.ZipFile(os.path.join(d, "districts.zip"), "w") as z:
        for ext in (".shp", ".shx", ".dbf", ".prj"):
            z.write(os.path.join(good, "districts" + ext), "districts" + ext)
    first_half(os.path.join(d, "districts.zip"), os.path.join(d, "truncated.zip"))
    c.case("zip truncated", os.path.join(d, "truncated.zip"), "layer", "refused",
           message="truncated.zip")
    with zipfile.ZipFile(os.path.join(d, "only-text.zip"), "w") as z:
        z.writestr("README.txt", "no data here")
    c.case("zip without layers", os.path.join(d, "only-text.zip"), "layer", "refused",
           message="only-text.zip")
    with zipfile.ZipFile(os.path.join(d, "no-dbf.zip"), "w") as z:
        for ext in (".shp", ".shx", ".prj"):
            z.write(os.path.join(good, "districts" + ext), "districts" + ext)
    c.case("zip shapefile without dbf", os.path.join(d, "no-dbf.zip"), "layer", "refused",
           message=r"\.dbf")
    with zipfile.ZipFile(os.path.join(d, "traversal.zip"), "w") as z:
        for ext in (".shp", ".shx", ".dbf", ".prj"):
            z.write(os.path.join(good, "districts" + ext), "../../escaped/districts" + ext)
    c.case("zip with ../ member names", os.path.join(d, "traversal.zip"), "layer", "refused",
           message="traversal.zip")


def table_cases(c):
    d = c.folder("tables")

    def table(name, data, expect, message="", **extra):
        path = os.path.join(d, name)
        with open(path, "wb") as f:
            f.write(data)
        c.case(name, path, "table", expect, message=message, **extra)

    rows = "".join(f"{code},{name},{100 + i}\n" for i, (code, name) in enumerate(AREAS))
    table("good.csv", ("code,name,value\n" + rows).encode(), "ok")
    table("utf16-bom.csv", ("code,name,value\n" + rows).encode("utf-16"), "ok")
    table("latin1.csv", ("code,name,value\n" + rows.replace("Stockton", "Stöckton"))
          .encode("latin-1"), "ok")
    table("crlf-bom.csv", b"\xef\xbb\xbf" + ("code,name,value\r\n" + rows.replace("\n", "\r\n"))
          .encode(), "ok")
    # A quote opened on row 3 and never closed swallows every row after it.
    broken = rows.splitlines()
    broken[2] = broken[2].replace("Redcar", '"Redcar')
    table("unterminated-quote.csv", ("code,name,value\n" + "\n".join(broken) + "\n").encode(),
          "refused", message=r"unterminated-quote\.csv.*(quote|row)")
    table("nul-bytes.csv", ("code,name,value\n" + rows).encode().replace(b"Hartlepool", b"Hart\0pool"),
          "any", message="nul-bytes.csv")
    table("empty.csv", b"", "refused", message="empty.csv")
    table("header-only.csv", b"code,name,value\n", "refused", message="header-only.csv")
    table("title-rows.csv", ("Table 1: values by district\nSource: made up for a test\n\n"
                             "code,name,value\n" + rows + "\nNotes: [x] suppressed\n").encode(),
          "ok")
    table("suppressed.csv", ("code,name,value\n" + rows.replace(",102", ",[x]")
                             .replace(",104", ",..")).encode(), "ok")
    table("long-line.csv", ("code,name,value\n" + "E06000001,\"" + "x" * 2_000_000 + "\",1\n")
          .encode(), "any", message="long-line.csv")
    table("random-bytes.xlsx", bytes(random.Random(5).randrange(256) for _ in range(5000)),
          "refused", message="random-bytes.xlsx")
    with zipfile.ZipFile(os.path.join(d, "not-a-workbook.xlsx"), "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    c.case("not-a-workbook.xlsx", os.path.join(d, "not-a-workbook.xlsx"), "table", "refused",
           message="not-a-workbook.xlsx")


def spec_cases(c):
    d = c.folder("specs")
    layer = os.path.join(c.root, "good", "districts.shp")

    def spec(name, text, expect, message="", **extra):
        path = os.path.join(d, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        c.case(name, path, "spec", expect, message=message or re_name(name), **extra)

    good = {"devomap_map_spec": 1, "source": {"layers": [{"path": layer}]},
            "style": {"field": "CODE"}}
    spec("good.json", json.dumps(good), "ok", message="")
    spec("huge-number.json", json.dumps(good).replace('"devomap_map_spec": 1', '"devomap_map_spec": 1e400'),
         "refused")
    spec("deep-nesting.json", '{"devomap_map_spec": 1, "x": ' + "[" * 100000 + "]" * 100000 + "}",
         "refused")
    spec("not-an-object.json", "[1, 2, 3]", "refused")
    spec("wrong-types.json", json.dumps({**good, "style": {"classes": "seven"}}), "refused")
    spec("classes-huge.json", json.dumps({**good, "style": {"field": "CODE", "classes": 2**40}}),
         "refused")
    spec("truncated.json", json.dumps(good)[:30], "refused")
    spec("invalid-utf8.json", "", "refused")
    with open(os.path.join(d, "invalid-utf8.json"), "wb") as f:
        f.write(b'{"devomap_map_spec": 1, "title": "\xff\xfe bad", "source": {"layers": [{"path": "x.shp"}]}}')
    spec("missing-layer.json", json.dumps({"devomap_map_spec": 1, "source": {"layers": [{"path": "nowhere.shp"}]}}),
         "refused", message="nowhere.shp", names="nowhere.shp")


def manifest_cases(c):
    d = c.folder("manifests")

    def manifest(name, text, message=""):
        path = os.path.join(d, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        c.case(name, path, "manifest", "refused", message=message or re_name(name))

    manifest("huge-number.json", '{"manifest_version": 1e400, "datasets": []}')
    manifest("not-json.json", "datasets: none")
    manifest("datasets-not-a-list.json", '{"manifest_version": 1, "datasets": {"a": 1}}')
    manifest("empty.json", "")


def special_cases(c):
    d = c.folder("special")
    fifo = os.path.join(d, "pipe.csv")
    os.mkfifo(fifo)
    c.case("fifo as table", fifo, "table", "refused", message="pipe.csv")
    c.case("fifo as layer", fifo, "layer", "refused", message="pipe.csv")
    c.case("fifo as spec", fifo, "spec", "refused", message="pipe.csv")
    c.case("device as table", "/dev/zero", "table", "refused", message="/dev/zero", absolute=True)
    # An import folder with a link loop, a dangling link and a pipe beside a good shapefile.
    imp = c.folder("import-folder")
    for ext in (".shp", ".shx", ".dbf", ".prj"):
        shutil.copy(os.path.join(c.root, "good", "districts" + ext), os.path.join(imp, "d" + ext))
    os.symlink(".", os.path.join(imp, "loop"))
    os.symlink("nowhere", os.path.join(imp, "dangling.shp"))
    os.mkfifo(os.path.join(imp, "pipe.gpkg"))
    c.case("import folder with loops and pipes", imp, "import", "ok")


# Malformed option values: usage errors (exit 2) whose message names the option, in every
# command alike. {layer}, {table} and {out} stand for a good layer, a good table and an output.
BAD_OPTIONS = [
    ("--method", ["render", "--layer", "{layer}", "--out", "{out}", "--method", "foo"]),
    ("--classes", ["render", "--layer", "{layer}", "--out", "{out}", "--classes", "20"]),
    ("--classes", ["render", "--layer", "{layer}", "--out", "{out}", "--classes", "x"]),
    ("--palette", ["render", "--layer", "{layer}", "--out", "{out}", "--palette", "Foo"]),
    ("--breaks", ["render", "--layer", "{layer}", "--out", "{out}", "--breaks", "a,b"]),
    ("--number-format", ["render", "--layer", "{layer}", "--out", "{out}", "--number-format", "x"]),
    ("--crs", ["render", "--layer", "{layer}", "--out", "{out}", "--crs", "mars"]),
    ("--assume-crs", ["render", "--layer", "{layer}", "--out", "{out}", "--assume-crs", "0"]),
    ("--width", ["render", "--layer", "{layer}", "--out", "{out}", "--width", "0"]),
    ("--height", ["render", "--layer", "{layer}", "--out", "{out}", "--height", "99999"]),
    ("--dpi", ["render", "--layer", "{layer}", "--out", "{out}", "--dpi", "1200"]),
    ("--paper", ["render", "--layer", "{layer}", "--out", "{out}", "--paper", "letter"]),
    ("--year", ["render", "--out", "{out}", "--year", "2026/27"]),
    ("--filter", ["render", "--layer", "{layer}", "--out", "{out}", "--table", "{table}",
                  "--filter", "noequals"]),
    ("--combine", ["render", "--layer", "{layer}", "--out", "{out}", "--table", "{table}",
                   "--combine", "value"]),
    ("--by", ["join", "--layer", "{layer}", "--table", "{table}", "--by", "postcode"]),
    ("--header-row", ["join", "--layer", "{layer}", "--table", "{table}", "--header-row", "0"]),
    ("--header-row", ["join", "--layer", "{layer}", "--table", "{table}", "--header-row", "-3"]),
    ("--assume-crs", ["join", "--layer", "{layer}", "--table", "{table}", "--assume-crs", "-1"]),
    ("--method", ["classify", "--layer", "{layer}", "--field", "area_km2", "--method", "foo"]),
    ("--classes", ["classify", "--layer", "{layer}", "--field", "area_km2", "--method",
                   "quantile", "--classes", "1"]),
    ("--centre", ["classify", "--layer", "{layer}", "--field", "area_km2", "--method", "stddev",
                  "--centre", "middle"]),
    ("--hinge", ["classify", "--layer", "{layer}", "--field", "area_km2", "--method", "box",
                 "--hinge", "-1"]),
    ("--breaks", ["classify", "--layer", "{layer}", "--field", "area_km2", "--method", "manual",
                  "--breaks", "x"]),
    ("--number-format", ["classify", "--layer", "{layer}", "--field", "area_km2", "--method",
                         "quantile", "--number-format", "euros"]),
    ("--mirror", ["fetch", "--mirror", "notaurl", "--only", "lad_2024_buc"]),
    ("--nonsense", ["render", "--layer", "{layer}", "--out", "{out}", "--nonsense"]),
]


def option_cases(c):
    for i, (option, args) in enumerate(BAD_OPTIONS):
        c.case(f"bad option {option} #{i}", c.root, "options", "usage", option=option, args=args)


def re_name(name):
    return name.replace(".", r"\.")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    root = os.path.abspath(sys.argv[1])
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    c = Corpus(root)
    shapefile_cases(c)
    container_cases(c)
    table_cases(c)
    spec_cases(c)
    manifest_cases(c)
    special_cases(c)
    option_cases(c)
    # Every damaged shapefile and container is also offered to fetch --from on its own.
    for case in list(c.cases):
        if case["kind"] == "layer" and not case["path"].startswith("special"):
            c.cases.append(dict(case, name=case["name"] + " (import)", kind="import"))
    with open(os.path.join(root, "cases.json"), "w") as f:
        json.dump(c.cases, f, indent=1)
    print(f"{len(c.cases)} cases in {root}")


if __name__ == "__main__":
    main()
