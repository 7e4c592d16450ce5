#!/usr/bin/env python3
"""Whole-program tests of the devomap window under Xvfb.

The driver re-runs itself inside `xvfb-run -a -s "-screen 0 1600x1000x24"`, starts devomap in
the background, takes screenshots of the X screen with ImageMagick's `import -window root`,
moves and clicks the mouse with xdotool, and compares screenshots region by region with
`compare -metric AE`. Screenshots are kept in --out for inspection.

Scenarios:
  hover-select  the real district layer: hover a known district (Highland), then click it;
                the tooltip and highlight change pixels near the cursor only, the click opens the
                attribute panel; dragging pans and the wheel zooms
  first-run     an empty data dir: the first screen stays up and says what to do; typing a
                path into the sidebar's field and Enter opens that layer
  error         a missing file: the window stays up with an error banner naming it (and logs
                the message); Dismiss removes the banner
  default-map   `devomap fetch --from DIR` of two official files, then `devomap` alone opens
                the UK districts with the nations (rendered with the --screenshot hook)
  histogram-drag  the real district layer: drag a break line on the sidebar's histogram; the
                classes switch to manual with that break moved (read back from the ready file,
                which the app rewrites as the style changes) and the legend on the map changes
  cvd-preview   the real district layer rendered with --preview greyscale and deuteranopia
                (the --screenshot hook): the map and legend turn grey, or change colour, while
                the sidebar's own controls keep theirs

  funding-year  `devomap SPEC.json` with "year": "2025-26" and the per-head measure: the window
                counts funding in that year (ready file), says the data's date, and draws the
                devolved nations and the districts outside any authority in their own colours
  map-spec      `devomap SPEC.json` on the real district layer: the spec's style and camera
                apply; Export... writes a PNG and asks before replacing it; Save map... writes
                the spec, which `devomap render` then draws

Exit status: 0 pass, 1 fail, 77 skipped (prints SKIPPED and why).
"""
import argparse
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77
SCREEN_W, SCREEN_H = 1600, 1000
INSIDE = "DEVOMAP_GUI_INSIDE_XVFB"
# A point well inside Highland, in British National Grid metres (checked with ogrinfo/SQLite).
HIGHLAND_BNG = (260000.0, 840000.0)


class Failure(Exception):
    pass


def log(msg):
    print(msg, flush=True)


def check(condition, what):
    if not condition:
        raise Failure(what)
    log("ok: " + what)


def skip(reason):
    log("SKIPPED: " + reason)
    sys.exit(SKIP)


def test_data_dir():
    return os.environ.get("DEVOMAP_TEST_DATA") or os.environ.get("DEVOMAP_TEST_DATA_DEFAULT") or ""


def district_shp():
    path = os.path.join(test_data_dir(), "lad_2024_uk_buc_shp", "LAD_2024_UK_BUC.shp")
    if not os.path.isfile(path):
        skip("no real ONS district layer at %s (set DEVOMAP_TEST_DATA to the geodata folder)" % path)
    return path


# --- X helpers ---------------------------------------------------------------------------------

def screenshot(out_dir, name):
    path = os.path.join(out_dir, name)
    subprocess.run(["import", "-window", "root", path], check=True)
    return path


def shot_when_stable(out_dir, name, tmp_dir, timeout=40.0):
    """Screenshots until two in a row are identical (the app drew its last frame), then keeps
    that one as out_dir/name. Frames can take most of a second on a loaded machine."""
    deadline = time.time() + timeout
    previous = screenshot(tmp_dir, "stable-a.png")
    while True:
        time.sleep(0.8)
        current = screenshot(tmp_dir, "stable-b.png")
        same = changed_pixels(previous, current, (0, 0, SCREEN_W, SCREEN_H), tmp_dir) == 0
        if same or time.time() > deadline:
            final = os.path.join(out_dir, name)
            shutil.copy(current, final)
            log("screenshot %s%s" % (final, "" if same else " (still changing at the timeout)"))
            return final
        shutil.copy(current, previous)


def wait_for_change(reference, region, min_pixels, tmp_dir, timeout=40.0):
    """Waits until at least min_pixels inside region differ from the reference screenshot."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        current = screenshot(tmp_dir, "change.png")
        if changed_pixels(reference, current, region, tmp_dir) >= min_pixels:
            return True
        time.sleep(0.3)
    return False


def xdotool(*args):
    subprocess.run(["xdotool"] + [str(a) for a in args], check=True)


def hold_keys(keys, seconds=1.0):
    xdotool("keydown", keys)
    time.sleep(seconds)
    xdotool("keyup", keys)


def crop(src, region, tmp_dir):
    x, y, w, h = (int(round(v)) for v in region)
    dst = os.path.join(tmp_dir, "crop-%d-%d-%d-%d-%s" % (x, y, w, h, os.path.basename(src)))
    subprocess.run(["convert", src, "-crop", "%dx%d+%d+%d" % (w, h, x, y), "+repage", dst],
                   check=True)
    return dst


def changed_pixels(a, b, region, tmp_dir):
    """Pixels that differ between two screenshots inside region (x, y, w, h)."""
    ca, cb = crop(a, region, tmp_dir), crop(b, region, tmp_dir)
    r = subprocess.run(["compare", "-metric", "AE", ca, cb, "null:"], capture_output=True,
                       text=True)
    # compare exits 1 when the images differ; 2 is a real error.
    if r.returncode > 1:
        raise Failure("compare failed: " + r.stderr.strip())
    return int(float(r.stderr.split()[0]))


def pixel(png, x, y):
    r = subprocess.run(["convert", png, "-format", "%%[fx:int(255*p{%d,%d}.r)],"
                        "%%[fx:int(255*p{%d,%d}.g)],%%[fx:int(255*p{%d,%d}.b)]"
                        % (x, y, x, y, x, y), "info:"], capture_output=True, text=True, check=True)
    return tuple(int(v) for v in r.stdout.strip().split(","))


def colours_in(png):
    """The colours of a screenshot as upper-case hex ("08519C"), from ImageMagick's histogram."""
    out = subprocess.run(["convert", png, "-format", "%c", "histogram:info:-"],
                         capture_output=True, text=True).stdout
    colours = set()
    for line in out.splitlines():
        mm = re.search(r"#([0-9A-F]{6})", line)
        if mm:
            colours.add(mm.group(1))
    return colours


def colour_count(png):
    r = subprocess.run(["identify", "-format", "%k", png], capture_output=True, text=True,
                       check=True)
    return int(r.stdout.strip())


# --- the app -----------------------------------------------------------------------------------

class App:
    def __init__(self, devomap, out_dir, name, args):
        self.log_path = os.path.join(out_dir, name + ".log")
        self.log_file = open(self.log_path, "w")
        cmd = [devomap, "--window-size", "%dx%d" % (SCREEN_W, SCREEN_H)] + args
        log("starting: " + " ".join(cmd))
        self.proc = subprocess.Popen(cmd, stdout=self.log_file, stderr=subprocess.STDOUT)

    def alive(self):
        return self.proc.poll() is None

    def output(self):
        self.log_file.flush()
        with open(self.log_path) as f:
            return f.read()

    def stop(self):
        if self.alive():
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log_file.close()


def wait_for_file(app, path, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if os.path.isfile(path):
            return True
        if not app.alive():
            raise Failure("devomap exited early (status %s):\n%s" % (app.proc.returncode, app.output()))
        time.sleep(0.1)
    return False


def wait_for_output(app, text, timeout, count=1):
    """Waits until the app has printed `text` `count` times (or the timeout passed)."""
    deadline = time.time() + timeout
    while time.time() < deadline and app.output().count(text) < count:
        time.sleep(0.3)


def map_to_window(ready, x, y):
    """Camera::map_to_screen, then logical pixels -> window units (src/ui/map_view.cpp)."""
    lx = (x - ready["centre_x"]) * ready["scale"] + ready["camera_width"] / 2
    ly = ready["camera_height"] / 2 - (y - ready["centre_y"]) * ready["scale"]
    k = ready["pixel_ratio"] / ready["fb_scale"]
    return ready["map_x"] + lx * k, ready["map_y"] + ly * k


# --- scenarios ---------------------------------------------------------------------------------

def scenario_hover_select(devomap, out_dir, tmp):
    shp = district_shp()
    ready_path = os.path.join(tmp, "ready.json")
    empty = os.path.join(tmp, "empty-data")
    os.makedirs(empty)
    app = App(devomap, out_dir, "hover-select", ["--data-dir", empty, "--ready-file", ready_path, shp])
    try:
        check(wait_for_file(app, ready_path, 90), "the district layer loaded and was drawn")
        with open(ready_path) as f:
            ready = json.load(f)
        check(ready["areas"] == 361, "361 districts on the map")
        loaded = shot_when_stable(out_dir, "hover-1-loaded.png", tmp)
        check(colour_count(loaded) > 50, "the map is drawn (many colours on screen)")

        mx, my = ready["map_x"], ready["map_y"]
        mw, mh = ready["map_width"], ready["map_height"]
        x, y = map_to_window(ready, *HIGHLAND_BNG)
        x, y = int(round(x)), int(round(y))
        log("Highland at window (%d, %d)" % (x, y))
        check(mx < x < mx + mw and my < y < my + mh, "Highland is inside the map view")

        near = (max(mx, x - 260), max(my, y - 220), 520, 440)
        far = (mx, y + 320, mw, my + mh - (y + 320))  # southern half of the map
        sidebar = (0, 0, mx, SCREEN_H)
        xdotool("mousemove", x - 3, y)
        time.sleep(0.3)
        xdotool("mousemove", x, y)
        wait_for_change(loaded, near, 400, tmp)
        hover = shot_when_stable(out_dir, "hover-2-hover.png", tmp)
        n_near = changed_pixels(loaded, hover, near, tmp)
        n_far = changed_pixels(loaded, hover, far, tmp)
        n_side = changed_pixels(loaded, hover, sidebar, tmp)
        n_all = changed_pixels(loaded, hover, (0, 0, SCREEN_W, SCREEN_H), tmp)
        log("hover: %d px changed near the cursor, %d far away, %d in the sidebar, %d in all"
            % (n_near, n_far, n_side, n_all))
        check(n_near > 400, "hovering changes pixels near the cursor (highlight + tooltip)")
        check(n_far <= far[2] * far[3] // 1000, "hovering leaves the far part of the map alone")
        check(n_side == 0, "hovering leaves the sidebar alone")
        check(n_all < SCREEN_W * SCREEN_H // 20, "hovering changes less than 5% of the window")

        xdotool("click", 1)
        panel = (mx + mw - 12 - 360, my + 12, 360, 260)
        wait_for_change(hover, panel, 5000, tmp)
        selected = shot_when_stable(out_dir, "hover-3-selected.png", tmp)
        n_panel = changed_pixels(hover, selected, panel, tmp)
        log("click: %d px changed where the attribute panel opens" % n_panel)
        check(n_panel > 5000, "clicking a district opens the attribute panel")

        # Drag from Highland towards the south-east, slowly enough for slow frames to see the
        # button held while the pointer moves: the whole map moves.
        xdotool("mousedown", 1)
        time.sleep(1.5)
        for step in range(1, 7):
            xdotool("mousemove", x + 25 * step, y + 12 * step)
            time.sleep(0.4)
        time.sleep(1.5)
        xdotool("mouseup", 1)
        wait_for_change(selected, far, 5000, tmp)
        panned = shot_when_stable(out_dir, "hover-4-panned.png", tmp)
        n_pan = changed_pixels(selected, panned, far, tmp)
        log("pan: %d px changed in the southern half of the map" % n_pan)
        check(n_pan > 5000, "dragging pans the map")

        for _ in range(3):
            xdotool("click", 4)  # wheel up: zoom in about the cursor
            time.sleep(0.2)
        wait_for_change(panned, (mx, my, mw, mh), 20000, tmp)
        zoomed = shot_when_stable(out_dir, "hover-5-zoomed.png", tmp)
        n_zoom = changed_pixels(panned, zoomed, (mx, my, mw, mh), tmp)
        log("zoom: %d px changed in the map" % n_zoom)
        check(n_zoom > 20000, "the wheel zooms the map")
        check(app.alive(), "the window is still up")
    finally:
        app.stop()


def scenario_first_run(devomap, out_dir, tmp):
    shp = district_shp()
    empty = os.path.join(tmp, "empty-data")
    os.makedirs(empty)
    ready_path = os.path.join(tmp, "ready.json")
    app = App(devomap, out_dir, "first-run", ["--data-dir", empty, "--ready-file", ready_path])
    try:
        time.sleep(3.0)
        shot = shot_when_stable(out_dir, "first-run-1.png", tmp)
        check(app.alive(), "the first screen stays up with an empty data dir")
        # The first-run panel (near-white, 620 px wide, centred) sits over the map area (pale
        # blue-grey); sample its left padding, where no text is.
        sidebar_w = 340
        cx = sidebar_w + (SCREEN_W - sidebar_w) // 2
        r, g, b = pixel(shot, cx - 300, SCREEN_H // 2)
        log("first-run panel colour: %d,%d,%d" % (r, g, b))
        check(min(r, g, b) >= 248, "the first-run panel is shown over the map area")
        check(colour_count(shot) > 20, "the first screen has text on it")

        # Open a layer from the sidebar's path field (its place at UI scale 1: below the title
        # and the OPEN A LAYER heading, src/ui/sidebar.cpp). Characters are queued by ImGui;
        # Return is held across frames because ImGui 1.86 samples keys once per frame.
        xdotool("mousemove", 160, 115)
        time.sleep(0.3)
        xdotool("click", 1)
        time.sleep(1.0)
        xdotool("type", "--delay", "5", shp)
        time.sleep(0.5)
        hold_keys("Return", 0.6)
        check(wait_for_file(app, ready_path, 90), "typing a path and Enter opens that layer")
        with open(ready_path) as f:
            check(json.load(f)["areas"] == 361, "the opened layer holds 361 districts")
        xdotool("mousemove", 5, SCREEN_H - 5)  # park the pointer on the sidebar, off the map
        shot = shot_when_stable(out_dir, "first-run-2-opened.png", tmp)
        check(colour_count(shot) > 50, "the opened layer is drawn")
    finally:
        app.stop()


def scenario_error(devomap, out_dir, tmp):
    empty = os.path.join(tmp, "empty-data")
    os.makedirs(empty)
    missing = os.path.join(tmp, "no-such-layer.shp")
    app = App(devomap, out_dir, "error", ["--data-dir", empty, missing])
    try:
        time.sleep(3.0)
        shot = shot_when_stable(out_dir, "error-1-banner.png", tmp)
        check(app.alive(), "the window stays up after a load error")
        check("no-such-layer.shp" in app.output(), "the error names the missing file")
        sidebar_w = 340
        cx = sidebar_w + (SCREEN_W - sidebar_w) // 2
        r, g, b = pixel(shot, cx - 300, 20)  # inside the banner, left of its centred text
        log("banner colour: %d,%d,%d" % (r, g, b))
        check(r >= 250 and g < 248 and b < 248, "a red-tinted error banner is shown at the top")

        # The banner's Dismiss button sits at its right end (820 px wide, centred on the map).
        xdotool("mousemove", cx + 366, 36)
        time.sleep(0.3)
        xdotool("click", 1)
        time.sleep(1.0)
        xdotool("mousemove", 5, SCREEN_H - 5)  # park the pointer off the banner and the map
        shot = shot_when_stable(out_dir, "error-2-dismissed.png", tmp)
        r, g, b = pixel(shot, cx - 300, 20)
        log("top of the map after Dismiss: %d,%d,%d" % (r, g, b))
        check(not (r >= 250 and g < 248 and b < 248), "Dismiss removes the banner")
        check(app.alive(), "the window is still up")
    finally:
        app.stop()


def import_default_map_files(devomap, tmp, extra=()):
    """A data dir holding the official districts, nations and population workbook (and `extra`
    files), imported as a user would with `devomap fetch --from`."""
    geo = test_data_dir()
    files = ["lad_2024_uk_buc.gpkg", "ctry_2024_uk_buc.gpkg", "mye22final.xlsx"] + list(extra)
    if not all(os.path.isfile(os.path.join(geo, f)) for f in files):
        skip("no %s in %s (set DEVOMAP_TEST_DATA)" % (" / ".join(files), geo))
    downloads = os.path.join(tmp, "downloads")
    data_dir = os.path.join(tmp, "data")
    os.makedirs(downloads)
    for f in files:
        shutil.copy(os.path.join(geo, f), downloads)
    r = subprocess.run([devomap, "--data-dir", data_dir, "fetch", "--from", downloads],
                       capture_output=True, text=True, timeout=120)
    log(r.stdout + r.stderr)
    check(r.returncode == 0, "devomap fetch --from imports the official files")
    return data_dir


def scenario_default_map(devomap, out_dir, tmp):
    data_dir = import_default_map_files(devomap, tmp)
    shot = os.path.join(out_dir, "default-map.png")
    r = subprocess.run([devomap, "--data-dir", data_dir, "--window-size", "%dx%d" % (SCREEN_W, SCREEN_H),
                        "--screenshot", shot, "--frames", "3"], capture_output=True, text=True,
                       timeout=120)
    log(r.stdout + r.stderr)
    check(r.returncode == 0, "devomap with no arguments renders and saves a screenshot")
    m = re.search(r"loaded UK devolution map \((\d+) areas\)", r.stdout)
    check(m is not None, "the default map is the UK devolution map")
    # 22 strategic authorities + 99 English districts outside one + 3 nations, and 4 outlines.
    check(m and int(m.group(1)) == 128, "the devolution map holds 124 areas and 4 nation outlines")
    check(os.path.isfile(shot) and colour_count(shot) > 50, "the default map is drawn")
    # The tier colours are on screen: Established Mayoral blue and the nations' purple.
    colours = colours_in(shot)
    check("08519C" in colours, "Established Mayoral areas are drawn in their tier colour")
    check("756BB1" in colours, "the devolved nations are drawn in their tier colour")


MANCHESTER_BNG = (384000.0, 398000.0)


def scenario_region_card(devomap, out_dir, tmp):
    """Clicking Greater Manchester opens its region card beside it, never over it; Esc closes
    the card wherever the keyboard focus is; another authority's card starts at its top."""
    data_dir = import_default_map_files(devomap, tmp)
    ready_path = os.path.join(tmp, "ready.json")
    app = App(devomap, out_dir, "region-card", ["--data-dir", data_dir, "--ready-file", ready_path])
    try:
        check(wait_for_file(app, ready_path, 90), "the devolution map loaded and was drawn")
        with open(ready_path) as f:
            ready = json.load(f)
        loaded = shot_when_stable(out_dir, "card-1-loaded.png", tmp)
        x, y = map_to_window(ready, *MANCHESTER_BNG)
        x, y = int(round(x)), int(round(y))
        log("Greater Manchester at window (%d, %d)" % (x, y))
        xdotool("mousemove", x - 3, y)
        time.sleep(0.3)
        xdotool("mousemove", x, y)
        near = (max(0, x - 200), max(0, y - 150), 400, 300)
        wait_for_change(loaded, near, 300, tmp)
        hover = shot_when_stable(out_dir, "card-2-hover.png", tmp)
        check(changed_pixels(loaded, hover, near, tmp) > 300, "hovering shows the tooltip")
        xdotool("click", 1)
        state = wait_for_ready(app, ready_path, lambda s: "card" in s and s["card"][3] > 100)
        check(state is not None and "card" in state, "clicking an authority opens its region card")
        opened = shot_when_stable(out_dir, "card-3-open.png", tmp)
        state = read_ready(ready_path)
        cx, cy, cw, ch = state["card"]
        # The card never covers the area clicked: the point clicked, and the area around it.
        px, py = map_to_window(state, *MANCHESTER_BNG)
        check(not (cx - 10 <= px <= cx + cw + 10 and cy - 10 <= py <= cy + ch + 10),
              "the card (%.0f, %.0f, %.0f x %.0f) leaves Greater Manchester (%.0f, %.0f) in view"
              % (cx, cy, cw, ch, px, py))
        n = changed_pixels(hover, opened, (int(cx), int(cy), int(cw), int(ch)), tmp)
        check(n > 20000, "the card is drawn where the ready file says (%d px changed)" % n)
        # The card moves by its title bar; dropped near the map's left edge it snaps to it.
        xdotool("mousemove", int(cx + 60), int(cy + 10))
        time.sleep(0.3)
        # Held a moment at each end, as a hand does: under load a frame can take longer than a
        # quick press, and Dear ImGui 1.86 reads the button once per frame.
        xdotool("mousedown", "1")
        time.sleep(0.4)
        target_x = state["map_x"] + 30
        for step in range(1, 11):
            xdotool("mousemove", int(cx + 60 + (target_x - cx) * step / 10.0), int(cy + 10 + 20 * step))
            time.sleep(0.05)
        time.sleep(0.4)
        xdotool("mouseup", "1")
        moved = wait_for_ready(app, ready_path,
                               lambda s: "card" in s and s["card"][0] < state["map_x"] + 100)
        check(moved is not None and "card" in moved and
              abs(moved["card"][0] - (state["map_x"] + 12)) < 1.5,
              "the card dragged near the left edge snaps to it (x %.0f, map from %.0f)"
              % (moved["card"][0] if moved and "card" in moved else -1, state["map_x"]))
        shot_when_stable(out_dir, "card-3b-moved.png", tmp)
        # Esc closes it, although the card took the keyboard focus when it opened.
        xdotool("key", "Escape")
        closed = wait_for_ready(app, ready_path, lambda s: "card" not in s, timeout=10)
        check(closed is not None and "card" not in closed, "Esc closes the region card")
        shot_when_stable(out_dir, "card-4-closed.png", tmp)
        check(app.alive(), "the window is still up")
    finally:
        app.stop()


def app_on_spec(devomap, out_dir, tmp, name, spec, data_dir):
    """The window opened on a map spec written to tmp; returns the app and its ready file."""
    spec_path = os.path.join(tmp, name + ".json")
    with open(spec_path, "w") as f:
        json.dump(spec, f)
    ready_path = os.path.join(tmp, "ready.json")
    app = App(devomap, out_dir, name, ["--data-dir", data_dir, "--ready-file", ready_path, spec_path])
    return app, ready_path


def card_region(ready):
    """Where the region card stands, as the ready file says (it is placed beside the area)."""
    return tuple(int(v) for v in ready["card"])


def scenario_outcome_card(devomap, out_dir, tmp):
    """An ONS outcome on the default map: the measure opens from a spec by its key, the legend
    says how authorities' figures were made, and an authority's card lists its outcomes."""
    data_dir = import_default_map_files(devomap, tmp, ["ons_subnational_indicators_2024-03.csv"])
    app, ready_path = app_on_spec(devomap, out_dir, tmp, "outcome-card",
                                  {"devomap_map_spec": 1, "source": "default",
                                   "style": {"field": "gross_median_weekly_pay"}}, data_dir)
    try:
        ready = wait_for_ready(app, ready_path,
                               lambda r: r.get("field", "") == "Gross median weekly pay, 2023")
        check(ready.get("field") == "Gross median weekly pay, 2023",
              "the outcome opens by its key and is the map's measure")
        loaded = shot_when_stable(out_dir, "outcome-1-map.png", tmp)
        check(colour_count(loaded) > 50, "the outcome map is drawn")
        x, y = map_to_window(ready, *MANCHESTER_BNG)
        x, y = int(round(x)), int(round(y))
        xdotool("mousemove", x - 3, y)
        time.sleep(0.3)
        xdotool("mousemove", x, y)
        time.sleep(0.5)
        xdotool("click", 1)
        state = wait_for_ready(app, ready_path, lambda s: "card" in s and s["card"][3] > 100)
        check(state is not None and "card" in state, "clicking Greater Manchester opens a card")
        card = card_region(state)
        wait_for_change(loaded, card, 20000, tmp)
        opened = shot_when_stable(out_dir, "outcome-2-card.png", tmp)
        check(changed_pixels(loaded, opened, card, tmp) > 20000,
              "clicking Greater Manchester opens its card")
        check(app.alive(), "the window is still up")
    finally:
        app.stop()


def scenario_funding_year(devomap, out_dir, tmp):
    data_dir = import_default_map_files(devomap, tmp)
    app, ready_path = app_on_spec(
        devomap, out_dir, tmp, "funding-year",
        {"devomap_map_spec": 2, "source": "default", "year": "2025-26",
         "style": {"field": "Devolved funding per head 2025-26 (\u00a3)"}}, data_dir)
    try:
        ready = wait_for_ready(app, ready_path,
                               lambda r: r.get("field", "").startswith("Devolved funding per head"))
        check(ready.get("funding_year") == "2025-26", "the spec's year is the map's funding year")
        check(re.match(r"^20\d\d-\d\d-\d\d$", ready.get("data_as_of", "")) is not None,
              "the window knows the date the devolution data is current to")
        shot = shot_when_stable(out_dir, "funding-year.png", tmp)
        colours = colours_in(shot)
        check("BCBDDC" in colours, "the devolved governments are drawn as a class of their own")
        check("D6CEC2" in colours, "districts outside any authority are drawn as their own category")
        check(app.alive(), "the window is still up")
    finally:
        app.stop()


def scenario_data_panel(devomap, out_dir, tmp):
    """A table added to the district map (here through --table, as Add table does) is joined
    off the UI thread; the DATA section shows the report and a joined column can be coloured."""
    shp = district_shp()
    geo = test_data_dir()
    workbook = os.path.join(geo, "mye22final.xlsx")
    if not os.path.isfile(workbook):
        skip("no mye22final.xlsx in %s" % geo)
    ready_path = os.path.join(tmp, "ready.json")
    empty = os.path.join(tmp, "empty-data")
    os.makedirs(empty)
    app = App(devomap, out_dir, "data-panel", ["--data-dir", empty, "--ready-file", ready_path,
                                               "--table", workbook, "--sheet", "MYE5", shp])
    try:
        state = wait_for_ready(app, ready_path, lambda s: "join_matched" in s, timeout=90)
        check(state is not None and "join_matched" in state, "the table was joined")
        check(state["join_matched"] == 361, "all 361 districts matched the workbook's codes")
        check(state["join_table_key"] == "Code", "the workbook's Code column was found as the key")
        shot = shot_when_stable(out_dir, "data-panel.png", tmp)
        check(colour_count(shot) > 50, "the window is drawn")
        check(app.alive(), "the window is still up")
    finally:
        app.stop()


def read_ready(path):
    with open(path) as f:
        return json.load(f)


def wait_for_ready(app, path, accept, timeout=40.0):
    """Re-reads the ready file until accept(state) holds; returns the last state read."""
    deadline = time.time() + timeout
    state = None
    while time.time() < deadline:
        if not app.alive():
            raise Failure("devomap exited (status %s):\n%s" % (app.proc.returncode, app.output()))
        try:
            state = read_ready(path)
        except (OSError, ValueError):
            state = None  # being replaced right now
        if state is not None and accept(state):
            return state
        time.sleep(0.2)
    return state


def scenario_histogram_drag(devomap, out_dir, tmp):
    shp = district_shp()
    ready_path = os.path.join(tmp, "ready.json")
    empty = os.path.join(tmp, "empty-data")
    os.makedirs(empty)
    app = App(devomap, out_dir, "histogram-drag",
              ["--data-dir", empty, "--ready-file", ready_path, shp])
    try:
        check(wait_for_file(app, ready_path, 90), "the district layer loaded and was drawn")
        ready = wait_for_ready(app, ready_path, lambda s: "histogram" in s)
        check(ready is not None and "histogram" in ready, "the sidebar shows a histogram")
        log("style: %s" % {k: ready.get(k) for k in ("field", "method", "classes", "breaks")})
        check(ready["method"] == "quantile" and ready["classes"] == 5,
              "the map starts with 5 quantile classes")
        hist = ready["histogram"]
        xs = hist["break_x"]
        check(len(xs) == 4 and len(ready["breaks"]) == 4, "the histogram draws the 4 breaks")
        check(all(hist["x"] < x < hist["x"] + hist["width"] for x in xs),
              "every break line lies inside the histogram")
        before = shot_when_stable(out_dir, "histogram-1-quantile.png", tmp)

        # Take the second break by its line and drag it right, in steps slow enough for every
        # frame to see the button held.
        x0 = int(round(xs[1]))
        y = int(round(hist["y"] + hist["height"] * 0.6))
        target = int(round((xs[1] + xs[2]) / 2))
        xdotool("mousemove", x0 - 2, y)
        time.sleep(0.3)
        xdotool("mousemove", x0, y)
        time.sleep(0.6)
        xdotool("mousedown", 1)
        time.sleep(0.8)
        for step in range(1, 6):
            xdotool("mousemove", x0 + (target - x0) * step // 5, y)
            time.sleep(0.4)
        time.sleep(0.6)
        xdotool("mouseup", 1)
        xdotool("mousemove", 5, SCREEN_H - 5)  # off the histogram, so no tooltip remains

        old = ready["breaks"]
        moved = wait_for_ready(app, ready_path,
                               lambda s: s.get("method") == "manual" and s["breaks"][1] > old[1])
        log("after the drag: %s" % {k: moved.get(k) for k in ("method", "breaks", "legend_subtitle")})
        check(moved["method"] == "manual", "dragging a break switches to manual breaks")
        check(moved["breaks"][1] > old[1], "the dragged break moved up (%s -> %s)"
              % (old[1], moved["breaks"][1]))
        check(moved["breaks"][1] < old[2], "the dragged break stays below the next one")
        check(moved["breaks"][0] == old[0] and moved["breaks"][2:] == old[2:],
              "the other breaks stay where they were")
        check(moved["legend_subtitle"] == "Chosen breaks",
              "the legend subtitle says manual breaks")
        new_x = moved["histogram"]["break_x"][1]
        check(new_x > xs[1] + 5, "the break line is drawn further right (%.0f -> %.0f)"
              % (xs[1], new_x))

        after = shot_when_stable(out_dir, "histogram-2-manual.png", tmp)
        map_region = (ready["map_x"], ready["map_y"], ready["map_width"], ready["map_height"])
        n_map = changed_pixels(before, after, map_region, tmp)
        log("%d px of the map and legend changed" % n_map)
        check(n_map > 500, "the map and its legend are recoloured")

        # The whole drag is one step of the history: Ctrl+Z undoes it, Ctrl+Shift+Z redoes it.
        check(moved.get("undo") == "Undo Style", "the drag can be undone (%s)" % moved.get("undo"))
        # Keys are held a moment: the window reads key state once a frame.
        hold_keys("ctrl+z", 0.3)
        undone = wait_for_ready(app, ready_path, lambda s: s.get("method") != "manual")
        check(undone["method"] == ready["method"] and undone["breaks"] == old,
              "Ctrl+Z brings back the breaks before the drag (%s)" % {k: undone.get(k) for k in ("method", "breaks", "undo", "redo")})
        hold_keys("ctrl+y", 0.3)
        redone = wait_for_ready(app, ready_path, lambda s: s.get("method") == "manual")
        check(redone["breaks"] == moved["breaks"], "Ctrl+Y redoes the drag")
        hold_keys("ctrl+z", 0.3)
        wait_for_ready(app, ready_path, lambda s: s.get("method") != "manual")
        hold_keys("ctrl+shift+z", 0.3)
        redone = wait_for_ready(app, ready_path, lambda s: s.get("method") == "manual")
        check(redone["breaks"] == moved["breaks"], "Ctrl+Shift+Z redoes it too (%s)"
              % {k: redone.get(k) for k in ("method", "undo", "redo")})
        check(app.alive(), "the window is still up")
    finally:
        app.stop()


def max_saturation(png, region, tmp_dir):
    """The largest HSL saturation (0..1) inside region: 0 for a picture in greys only."""
    r = subprocess.run(["convert", crop(png, region, tmp_dir), "-colorspace", "HSL", "-channel",
                        "G", "-separate", "-format", "%[fx:maxima]", "info:"],
                       capture_output=True, text=True, check=True)
    return float(r.stdout.strip())


def scenario_cvd_preview(devomap, out_dir, tmp):
    shp = district_shp()
    empty = os.path.join(tmp, "empty-data")
    os.makedirs(empty)
    shots = {}
    for vision in ("normal", "greyscale", "deuteranopia"):
        shot = os.path.join(out_dir, "cvd-%s.png" % vision)
        r = subprocess.run([devomap, "--data-dir", empty, "--window-size", "%dx%d" % (SCREEN_W, SCREEN_H),
                            "--preview", vision, "--screenshot", shot, shp],
                           capture_output=True, text=True, timeout=120)
        log(r.stdout + r.stderr)
        check(r.returncode == 0 and os.path.isfile(shot), "the map renders seen with " + vision)
        shots[vision] = shot
    # The map and its legend: right of the 340 px sidebar, below the Save map/Export buttons
    # (window controls, never previewed) and above the 28 px status bar.
    map_region = (340, 70, SCREEN_W - 340, SCREEN_H - 28 - 70)
    sidebar_top = (0, 0, 340, 250)  # the title and the map's name, above the style controls
    normal = max_saturation(shots["normal"], map_region, tmp)
    grey = max_saturation(shots["greyscale"], map_region, tmp)
    log("map saturation: normal %.3f, greyscale %.3f" % (normal, grey))
    check(normal > 0.3, "the normal map is in colour")
    check(grey < 0.02, "seen in greyscale, the map and legend hold greys only")
    check(changed_pixels(shots["normal"], shots["greyscale"], sidebar_top, tmp) == 0,
          "the window's own controls are not previewed")
    n = changed_pixels(shots["normal"], shots["deuteranopia"], map_region, tmp)
    log("deuteranopia: %d px of the map differ from normal vision" % n)
    check(n > 20000, "seen with deuteranopia, the map is recoloured")


def click_at(spot, pause=0.6):
    xdotool("mousemove", int(round(spot[0])), int(round(spot[1])))
    time.sleep(0.3)
    xdotool("click", 1)
    time.sleep(pause)


def held_click(spot):
    """A click held as a hand holds it: under load a 5 ms press can fall between two frames."""
    xdotool("mousemove", int(round(spot[0])), int(round(spot[1])))
    time.sleep(0.3)
    xdotool("mousedown", 1)
    time.sleep(0.2)
    xdotool("mouseup", 1)
    time.sleep(0.6)


def type_into(spot, text):
    """Replaces the text of an ImGui field: click it, select all, type."""
    click_at(spot, 0.8)
    hold_keys("ctrl+a", 0.4)
    xdotool("type", "--delay", "5", text)
    time.sleep(0.5)


def scenario_map_spec(devomap, out_dir, tmp):
    """`devomap SPEC.json` opens a spec written by hand (its style and camera apply); Export...
    writes a PNG through the export code of `devomap render`, asks before replacing it; Save
    map... writes the spec of what is shown."""
    shp = district_shp()
    spec_path = os.path.join(tmp, "map.json")
    extent = [150000, 750000, 350000, 950000]  # the north of Scotland
    with open(spec_path, "w") as f:
        json.dump({"devomap_map_spec": 1,
                   "source": {"layers": [{"path": shp, "role": "data"}]},
                   "style": {"field": "area_km2", "method": "equal", "classes": 3,
                             "palette": "Reds"},
                   "camera": {"extent": extent},
                   "layout": {"labels": True, "london_inset": False},
                   "views": [{"name": "Orkney",
                              "camera": {"extent": [330000, 990000, 360000, 1030000]}}]}, f)
    ready_path = os.path.join(tmp, "ready.json")
    empty = os.path.join(tmp, "empty-data")
    os.makedirs(empty)
    app = App(devomap, out_dir, "map-spec", ["--data-dir", empty, "--ready-file", ready_path,
                                             spec_path])
    try:
        state = wait_for_ready(app, ready_path,
                               lambda s: s.get("method") == "equal" and "export_button" in s,
                               timeout=90)
        check(state is not None and state.get("method") == "equal", "the spec's style applies")
        check(state["field"] == "area_km2" and state["classes"] == 3,
              "the spec's field and classes apply")
        cx, cy = (extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2
        check(abs(state["centre_x"] - cx) < 2000 and abs(state["centre_y"] - cy) < 2000,
              "the camera shows the spec's extent (centre %.0f, %.0f)"
              % (state["centre_x"], state["centre_y"]))
        shot_when_stable(out_dir, "map-spec-1-opened.png", tmp)

        # Export...: the form opens below the buttons; a PNG of what is on screen.
        click_at(state["export_button"])
        state = wait_for_ready(app, ready_path, lambda s: "export_go_button" in s)
        check(state is not None and "export_go_button" in state, "Export... opens its form")
        png = os.path.join(tmp, "exported.png")
        type_into(state["export_path_field"], png)
        click_at(state["export_go_button"])
        wait_for_output(app, "exported " + png, 60)
        check(os.path.isfile(png), "Export writes the PNG")
        check("exported " + png + " (1600x1200 px" in app.output(), "the export is reported")
        check(os.path.isfile(png + ".alt.txt"), "the alt text is written beside the PNG")
        shot_when_stable(out_dir, "map-spec-2-exported.png", tmp)

        # Again: the file exists, so the form asks before replacing it.
        mtime = os.path.getmtime(png)
        time.sleep(1.1)
        click_at(state["export_go_button"])
        asked = wait_for_ready(app, ready_path, lambda s: s.get("confirm_replace"))
        check(asked is not None and asked.get("confirm_replace"), "an existing file needs a confirmation")
        shot_when_stable(out_dir, "map-spec-3-confirm.png", tmp)
        check(os.path.getmtime(png) == mtime, "nothing is replaced before the confirmation")
        click_at(asked["export_go_button"])  # Replace
        wait_for_output(app, "exported " + png, 60, count=2)
        check(os.path.getmtime(png) > mtime, "Replace writes the file again")
        shutil.copy(png, os.path.join(out_dir, "map-spec-exported.png"))

        # SVG is written off the UI thread, from the same page layout.
        svg = os.path.join(tmp, "exported.svg")
        type_into(state["export_path_field"], svg)
        click_at(state["export_go_button"])
        wait_for_output(app, "exported " + svg, 60)
        check(os.path.isfile(svg), "Export writes the SVG")
        with open(svg) as f:
            text = f.read()
            check("data-code=" in text, "the SVG has its areas as paths")
            check("data-value=" in text, "each area carries its value")
            check("<desc" in text, "the SVG describes the map (alt text)")
        shutil.copy(svg, os.path.join(out_dir, "map-spec-exported.svg"))

        # Save map...: the spec of what is shown.
        click_at(state["save_map_button"])
        state = wait_for_ready(app, ready_path, lambda s: "save_go_button" in s)
        check(state is not None and "save_go_button" in state, "Save map... opens its form")
        saved = os.path.join(tmp, "saved.json")
        type_into(state["spec_path_field"], saved)
        click_at(state["save_go_button"])
        check(wait_for_file(app, saved, 20), "Save writes the spec")
        with open(saved) as f:
            spec = json.load(f)
        check(spec["devomap_map_spec"] == 1 and spec["style"]["palette"] == "Reds",
              "the saved spec holds the style")
        check(spec["source"]["layers"][0]["path"] == shp, "the saved spec names the layer")
        check("extent" in spec.get("camera", {}), "the saved spec holds the camera")
        check(spec.get("layout", {}).get("labels") is True and
              spec.get("layout", {}).get("london_inset") is False,
              "the saved spec keeps the opened spec's labels and London inset choices")
        check([v["name"] for v in spec.get("views", [])] == ["Orkney"],
              "the saved spec keeps the opened spec's views")
        check(app.alive(), "the window is still up")
    finally:
        app.stop()

    # The saved spec renders on the command line, no display needed.
    out = os.path.join(tmp, "rendered.png")
    r = subprocess.run([devomap, "render", saved, "--out", out], capture_output=True, text=True,
                       timeout=120)
    log(r.stdout + r.stderr)
    check(r.returncode == 0 and os.path.isfile(out), "devomap render draws the saved spec")
    shutil.copy(out, os.path.join(out_dir, "map-spec-rendered.png"))


def run_cli(devomap, args):
    r = subprocess.run([devomap] + args, capture_output=True, text=True, timeout=240)
    check(r.returncode == 0, "devomap %s exits 0 (%s)" % (" ".join(args[:2]), r.stderr.strip()[-300:]))
    return r


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def check_parity(devomap, out_dir, tmp, name, spec, data_dir):
    """Renders `spec` with `devomap render --save-spec`, opens the saved spec in the window, saves
    it again and exports it: the specs and the SVGs must be the same, byte for byte."""
    work = os.path.join(tmp, name)
    os.makedirs(work)
    spec_path = os.path.join(work, "hand.json")
    with open(spec_path, "w") as f:
        json.dump(spec, f)
    canon = os.path.join(work, "canon.json")
    cli_svg = os.path.join(work, "cli.svg")
    run_cli(devomap, ["--data-dir", data_dir, "render", spec_path, "--out", cli_svg,
                      "--save-spec", canon])
    ready_path = os.path.join(work, "ready.json")
    app = App(devomap, out_dir, "session-parity-" + name,
              ["--data-dir", data_dir, "--ready-file", ready_path, canon])
    try:
        joined = (lambda s: s.get("join_matched")) if "table" in spec else (lambda s: True)
        state = wait_for_ready(app, ready_path, lambda s: joined(s) and "save_map_button" in s,
                               timeout=90)
        check(state is not None and joined(state), "%s: the spec opens in the window" % name)
        click_at(state["save_map_button"])
        state = wait_for_ready(app, ready_path, lambda s: "save_go_button" in s)
        saved = os.path.join(work, "window.json")
        type_into(state["spec_path_field"], saved)
        click_at(state["save_go_button"])
        check(wait_for_file(app, saved, 20), "%s: Save map writes the spec" % name)
        time.sleep(0.5)
        diff = "".join(difflib.unified_diff(open(canon).readlines(), open(saved).readlines(),
                                            "canon.json", "window.json"))
        check(not diff, "%s: spec -> window -> spec is the identity%s"
              % (name, "\n" + diff if diff else ""))
        win_svg = os.path.join(work, "window.svg")
        run_cli(devomap, ["--data-dir", data_dir, "render", saved, "--out", win_svg])
        check(read_bytes(win_svg) == read_bytes(cli_svg),
              "%s: the window's spec renders the same SVG, byte for byte" % name)

        # Export... from the window, camera untouched: the file `devomap render` wrote.
        click_at(state["export_button"])
        state = wait_for_ready(app, ready_path, lambda s: "export_go_button" in s)
        exported = os.path.join(work, "window-export.svg")
        type_into(state["export_path_field"], exported)
        click_at(state["export_go_button"])
        wait_for_output(app, "exported " + exported, 60)
        check(os.path.isfile(exported), "%s: Export writes the SVG" % name)
        check(read_bytes(exported) == read_bytes(cli_svg),
              "%s: the window's export is the command line's file, byte for byte" % name)
        shutil.copy(exported, os.path.join(out_dir, "session-parity-%s.svg" % name))
        check(app.alive(), "the window is still up")
    finally:
        app.stop()


def scenario_session_parity(devomap, out_dir, tmp):
    """The window and `devomap render` are one map session. Specs that together use every
    layout member, a table with a combine rule, a deck of views and both sources (a user's
    layer, the UK devolution map), rendered on the command line, opened in the window and saved
    again give the same spec byte for byte; that spec, and the window's export, give the same
    SVG byte for byte."""
    shp = district_shp()
    geo = test_data_dir()
    population = os.path.join(geo, "lad_population_mid2022.csv")
    if not os.path.isfile(population):
        skip("no lad_population_mid2022.csv in %s" % geo)
    empty = os.path.join(tmp, "empty-data")
    os.makedirs(empty)
    check_parity(devomap, out_dir, tmp, "layer", {
        "devomap_map_spec": 1,
        "source": {"layers": [{"path": shp, "role": "data", "label": "Districts"}]},
        "table": {"path": population, "layer_key": "LAD24CD", "table_key": "lad_code",
                  "by": "code", "combine": {"people_per_sq_km_mid2022": "mean"}},
        "style": {"field": "people_per_sq_km_mid2022", "method": "quantile", "classes": 5,
                  "palette": "YlGnBu"},
        "page": {"paper": "A4", "landscape": True, "dpi": 150},
        "layout": {"title": "People per square kilometre", "subtitle": "Mid-2022",
                   "source": "Source: ONS mid-2022 estimates", "legend": True,
                   "scale_bar": False, "north_arrow": False, "labels": True,
                   "london_inset": False},
        "camera": {"extent": [130000, 10000, 660000, 680000]},
        "views": [{"name": "North", "camera": {"extent": [300000, 400000, 500000, 600000]},
                   "style": {"palette": "Reds"}}]}, empty)
    data_dir = import_default_map_files(devomap, tmp)
    check_parity(devomap, out_dir, tmp, "default-map", {
        "devomap_map_spec": 2, "source": "default", "year": "2025-26",
        "style": {"field": "per_head"},
        "page": {"width": 1200, "height": 1500},
        "layout": {"subtitle": "Devolved funding per head", "legend": True, "scale_bar": True,
                   "north_arrow": True, "labels": False, "london_inset": True},
        "views": [{"name": "Tiers", "style": {"field": "tier"}}]}, data_dir)


def scenario_responsive(devomap, out_dir, tmp):
    """Slow work runs off the UI thread: while a large table is read and joined, and while an A3
    page at 600 dpi renders to PNG, frames keep coming; the export's progress is measured and
    Cancel stops it leaving no file behind."""
    shp = district_shp()
    geo = test_data_dir()
    population = os.path.join(geo, "lad_population_mid2022.csv")
    if not os.path.isfile(population):
        skip("no lad_population_mid2022.csv in %s" % geo)
    with open(population) as f:
        codes = [line.split(",")[0] for line in f.readlines()[1:] if line.strip()]
    big_table = os.path.join(tmp, "big.csv")
    with open(big_table, "w") as f:  # 600,000 rows: each district many times
        f.write("code,count\n")
        for i in range(600000):
            f.write("%s,%d\n" % (codes[i % len(codes)], i % 7))
    spec_path = os.path.join(tmp, "big.json")
    with open(spec_path, "w") as f:
        json.dump({"devomap_map_spec": 1,
                   "source": {"layers": [{"path": shp, "role": "data"}]},
                   "table": {"path": big_table, "table_key": "code"},
                   "style": {"field": "count", "classes": 4},
                   "page": {"paper": "A3", "dpi": 600}}, f)
    empty = os.path.join(tmp, "empty-data")
    os.makedirs(empty)
    ready_path = os.path.join(tmp, "ready.json")
    app = App(devomap, out_dir, "responsive", ["--data-dir", empty, "--ready-file", ready_path,
                                               spec_path])
    try:
        joining = wait_for_ready(app, ready_path, lambda s: True, timeout=90)
        check(joining is not None, "the map is drawn")
        if joining.get("table_pending"):
            later = wait_for_ready(app, ready_path,
                                   lambda s: s.get("frames", 0) >= joining["frames"] + 5 or
                                   not s.get("table_pending"), timeout=60)
            check(later is not None and later["frames"] >= joining["frames"] + 5,
                  "frames keep coming while the table joins (%s -> %s)"
                  % (joining["frames"], later and later.get("frames")))
        else:
            log("note: the join finished before the first ready file; frames not sampled")
        state = wait_for_ready(app, ready_path,
                               lambda s: s.get("join_matched") and "export_button" in s, timeout=90)
        check(state is not None and state.get("join_matched") == 361, "the big table joined")

        click_at(state["export_button"])
        state = wait_for_ready(app, ready_path, lambda s: "export_go_button" in s)
        big = os.path.join(tmp, "big.png")
        type_into(state["export_path_field"], big)
        click_at(state["export_go_button"])
        first = wait_for_ready(app, ready_path, lambda s: "export_fraction" in s, timeout=20)
        check(first is not None and "export_fraction" in first, "the export shows its progress")
        later = wait_for_ready(app, ready_path,
                               lambda s: s.get("frames", 0) >= first["frames"] + 5 and
                               s.get("export_fraction", 0) > first["export_fraction"], timeout=60)
        check(later is not None and later["frames"] >= first["frames"] + 5,
              "frames keep coming while the PNG renders (%s -> %s)"
              % (first["frames"], later and later.get("frames")))
        check(later is not None and later.get("export_fraction", 0) > first["export_fraction"],
              "the progress measures work done (%.3f -> %.3f)"
              % (first["export_fraction"], later.get("export_fraction", 0) if later else -1))
        wait_for_output(app, "exported " + big, 120)
        check(os.path.isfile(big), "the PNG is written")

        # Again under another name, cancelled at once: nothing is written.
        big2 = os.path.join(tmp, "cancelled.png")
        type_into(state["export_path_field"], big2)
        click_at(state["export_go_button"], pause=0.1)
        running = wait_for_ready(app, ready_path, lambda s: "cancel_export_button" in s,
                                 timeout=20)
        check(running is not None and "cancel_export_button" in running,
              "a Cancel button shows while the export runs")
        click_at(running["cancel_export_button"], pause=0.1)
        wait_for_output(app, "cancelled", 60)
        check("cancelled" in app.output(), "Cancel stops the export")
        shot_when_stable(out_dir, "responsive-cancelled.png", tmp)
        left = [n for n in os.listdir(tmp) if "cancelled.png" in n]
        check(not left, "nothing is left behind (%s)" % left)
        check(app.alive(), "the window is still up")
    finally:
        app.stop()


def scenario_moving_map(devomap, out_dir, tmp):
    """The map is kept as a picture: a drag moves it without drawing the map again, the map is
    drawn at full quality once the mouse is released, and a still window draws nothing."""
    data_dir = import_default_map_files(devomap, tmp)
    ready_path = os.path.join(tmp, "ready.json")
    app = App(devomap, out_dir, "moving-map",
              ["--data-dir", data_dir, "--window-size", "%dx%d" % (SCREEN_W, SCREEN_H),
               "--ready-file", ready_path])
    try:
        state = wait_for_ready(app, ready_path, lambda s: s.get("map_frames", {}).get("full"))
        check(state is not None and state["map_frames"]["full"] >= 1, "the map is drawn")
        time.sleep(1.5)  # let the frames that follow the first one settle
        still = read_ready(ready_path)
        time.sleep(2.0)
        later = read_ready(ready_path)
        check(app.alive() and later["frames"] == still["frames"],
              "a still window draws no frames (%d -> %d in 2 s)" % (still["frames"], later["frames"]))

        # Drag from the middle of England to the lower right, in steps, as a hand does.
        x, y = map_to_window(state, 420000.0, 300000.0)
        xdotool("mousemove", str(int(x)), str(int(y)))
        time.sleep(0.3)
        before = read_ready(ready_path)
        xdotool("mousedown", "1")
        for _ in range(20):
            xdotool("mousemove_relative", "--", "12", "6")
            time.sleep(0.03)
        time.sleep(0.1)
        dragging = read_ready(ready_path)
        mid = screenshot(out_dir, "moving-map-dragging.png")
        xdotool("mouseup", "1")
        moved = dragging["map_frames"]["moving"] - before["map_frames"]["moving"]
        redrawn = dragging["map_frames"]["full"] - before["map_frames"]["full"]
        check(moved >= 5, "the drag is drawn by moving the kept map (%d moving frames)" % moved)
        check(redrawn <= 1, "the map is not drawn again at each step of the drag (%d full frames)"
              % redrawn)
        xdotool("mousemove", "40", str(SCREEN_H // 2))  # off the map: no hover in the shots
        after = wait_for_ready(app, ready_path,
                               lambda s: s["map_frames"]["full"] > dragging["map_frames"]["full"],
                               timeout=10)
        check(after is not None and after["map_frames"]["full"] > dragging["map_frames"]["full"],
              "released, the map is drawn again at full quality")
        check(after is not None and after["centre_x"] < state["centre_x"] and
              after["centre_y"] > state["centre_y"], "the camera moved with the drag")
        released = shot_when_stable(out_dir, "moving-map-released.png", tmp)
        # The moved picture stood where the map is then drawn: away from the strip the drag
        # uncovered (240 x 120 at the top left) and the legend, the two shots agree.
        region = (state["map_x"] + 300, 150, state["map_width"] - 320, state["map_height"] - 170)
        differ = changed_pixels(mid, released, region, tmp)
        total = region[2] * region[3]
        check(differ < total * 0.01, "the moved map matches the map drawn where it stopped "
              "(%d of %d pixels differ)" % (differ, total))
    finally:
        app.stop()


SEA = "srgb(238,241,245)"  # the map frame's background on exported pages


def page_fill(png, tmp_dir):
    """How much of an exported page's map frame the map fills: (width share, height share).
    The frame is the bounding box of sea-coloured pixels; the map, of what is not sea within it
    (the legend is left out of the export, so only land and outlines count)."""
    def bbox(args):
        r = subprocess.run(["convert"] + args + ["-format", "%@", "info:"], capture_output=True,
                           text=True, timeout=60)
        m = re.match(r"(\d+)x(\d+)\+(\d+)\+(\d+)", r.stdout.strip())
        if not m:
            raise Failure("cannot measure %s: %s %s" % (png, r.stdout, r.stderr))
        return tuple(int(v) for v in m.groups())
    # Sea white, the rest black: the bounding box of white is the frame.
    fw, fh, fx, fy = bbox([png, "-fill", "black", "+opaque", SEA, "-fill", "white", "-opaque", SEA])
    # Inside the frame (less its 2 px border), what is not sea.
    inner = "%dx%d+%d+%d" % (fw - 4, fh - 4, fx + 2, fy + 2)
    mw, mh, _, _ = bbox([png, "-crop", inner, "+repage", "-fill", "white", "-opaque", SEA,
                         "-fill", "black", "+opaque", "white", "-bordercolor", "white",
                         "-border", "1"])
    return mw / float(fw), mh / float(fh)


def scenario_report_export(devomap, out_dir, tmp):
    """Export... from the window on A4: the view (the UK, not the sea beside a wide window) is
    fitted to the paper, which turns to the view's shape unless the user says which way; the
    title names the measure shown."""
    data_dir = import_default_map_files(devomap, tmp)
    ready_path = os.path.join(tmp, "ready.json")
    app = App(devomap, out_dir, "report-export",
              ["--data-dir", data_dir, "--window-size", "%dx%d" % (SCREEN_W, SCREEN_H),
               "--ready-file", ready_path])
    try:
        state = wait_for_ready(app, ready_path, lambda s: "export_button" in s, timeout=90)
        check(state is not None and "export_button" in state, "the UK map is drawn")
        click_at(state["export_button"])
        state = wait_for_ready(app, ready_path, lambda s: "paper" in s)
        check(state is not None and "paper" in state, "Export... opens its form with a paper choice")
        click_at(state["paper"])
        state = wait_for_ready(app, ready_path, lambda s: "paper:A4" in s)
        click_at(state["paper:A4"])
        state = wait_for_ready(app, ready_path, lambda s: "orientation" in s)
        check(state is not None and "orientation" in state, "A4 offers to turn the paper")
        click_at(state["legend_checkbox"])  # measured without the legend box in the frame
        shot_when_stable(out_dir, "report-export-1-form.png", tmp)
        fills = {}
        for turn in ("As the view", "Landscape"):
            if turn == "Landscape":
                click_at(state["orientation"])
                state = wait_for_ready(app, ready_path, lambda s: "orientation:Landscape" in s)
                click_at(state["orientation:Landscape"])
            png = os.path.join(tmp, "uk-%s.png" % turn.split()[-1].lower())
            type_into(state["export_path_field"], png)
            click_at(state["export_go_button"])
            wait_for_output(app, "exported " + png, 90)
            check(os.path.isfile(png), "Export writes %s" % os.path.basename(png))
            shutil.copy(png, os.path.join(out_dir, "report-export-" + os.path.basename(png)))
            fills[turn] = page_fill(png, tmp)
            log("%s: the map fills %.0f %% of the frame's width, %.0f %% of its height (the "
                "scale bar counts in the width)" % (turn, 100 * fills[turn][0], 100 * fills[turn][1]))
            check(max(fills[turn]) >= 0.7, "%s: the map fills at least 70 %% of the frame's "
                  "width or height" % turn)
        out = app.output()
        check("A4 portrait" in out and "A4 landscape" in out,
              "the tall UK view turns the paper to portrait; Landscape turns it")
        check(app.alive(), "the window is still up")
    finally:
        app.stop()


def scenario_present(devomap, out_dir, tmp):
    """`devomap --present SPEC.json`: a full-screen window with no panels, the deck's first
    view fitted to the screen under its name; Right steps to the next view, H the projector
    theme; a click opens the card with the area in a spotlight; Esc closes the card, then
    leaves presentation mode (the panels come back); F5 enters it again."""
    data_dir = import_default_map_files(devomap, tmp)
    spec = {"devomap_map_spec": 1, "source": "default", "style": {"field": "powers"},
            "views": [{"name": "The North", "camera": {"extent": [300000, 350000, 480000, 620000]}},
                      {"name": "Funding per head", "style": {"field": "per_head"},
                       "camera": {"extent": [130000, 0, 660000, 680000]}}]}
    spec_path = os.path.join(tmp, "deck.json")
    with open(spec_path, "w") as f:
        json.dump(spec, f)
    ready_path = os.path.join(tmp, "ready.json")
    app = App(devomap, out_dir, "present", ["--data-dir", data_dir, "--window-size", "1200x800",
                                            "--ready-file", ready_path, "--present", spec_path])
    try:
        state = wait_for_ready(app, ready_path, lambda s: s.get("presenting") and s.get("view") == 0,
                               timeout=90)
        check(state is not None and state.get("presenting"), "--present opens presentation mode")
        check(state["map_x"] == 0 and state["map_width"] == SCREEN_W,
              "the map fills the screen's width, no sidebar (map %.0f px wide from x %.0f)"
              % (state["map_width"], state["map_x"]))
        check("export_button" not in state, "no panels or buttons are drawn")
        time.sleep(1.5)
        first = shot_when_stable(out_dir, "present-1-first-view.png", tmp)
        x, y = map_to_window(state, 390000, 480000)  # the middle of the first view
        check(0 <= x <= SCREEN_W and state["map_y"] <= y <= SCREEN_H,
              "the first view's middle is on screen (%.0f, %.0f)" % (x, y))
        xdotool("key", "Right")
        state = wait_for_ready(app, ready_path, lambda s: s.get("view") == 1)
        check(state is not None and state.get("view") == 1, "Right steps to the next view")
        check("per head" in state.get("field", "").lower(),
              "the next view's measure is shown (%s)" % state.get("field"))
        time.sleep(2.0)
        second = shot_when_stable(out_dir, "present-2-next-view.png", tmp)
        check(changed_pixels(first, second, (0, 0, SCREEN_W, SCREEN_H), tmp) > 100000,
              "the screen shows the next view")
        xdotool("key", "h")
        state = wait_for_ready(app, ready_path, lambda s: s.get("high_contrast"))
        check(state is not None and state.get("high_contrast"), "H switches the projector theme")
        time.sleep(1.0)
        dark = shot_when_stable(out_dir, "present-3-contrast.png", tmp)
        check(pixel(dark, SCREEN_W - 5, SCREEN_H // 2)[0] < 60, "the projector theme's sea is dark")
        mx, my = map_to_window(state, *MANCHESTER_BNG)
        click_at((mx, my), 1.0)
        state = wait_for_ready(app, ready_path, lambda s: "card" in s)
        check(state is not None and "card" in state, "a click opens the region card")
        shot_when_stable(out_dir, "present-4-card.png", tmp)
        xdotool("key", "Escape")
        state = wait_for_ready(app, ready_path, lambda s: "card" not in s, timeout=10)
        check(state is not None and state.get("presenting") and "card" not in state,
              "Esc closes the card first, staying in presentation mode")
        xdotool("key", "Escape")
        state = wait_for_ready(app, ready_path,
                               lambda s: not s.get("presenting") and s["map_x"] > 0, timeout=10)
        check(state is not None and not state.get("presenting") and state["map_x"] > 0,
              "Esc again leaves presentation mode; the sidebar is back")
        state = wait_for_ready(app, ready_path, lambda s: "export_button" in s, timeout=10)
        check(state is not None and "export_button" in state, "the buttons are back")
        shot_when_stable(out_dir, "present-5-left.png", tmp)
        # Find, in the window: Ctrl+F, a few letters, Enter flies to the place and selects it.
        before = state
        xdotool("key", "ctrl+f")
        wait_for_ready(app, ready_path, lambda s: s.get("find_open"), timeout=10)
        time.sleep(0.5)
        xdotool("type", "--delay", "40", "bolt")
        state = wait_for_ready(app, ready_path,
                               lambda s: s.get("find_results", [""])[0] == "Bolton")
        check(state is not None and state.get("find_results", [""])[0] == "Bolton",
              "the find box completes 'bolt' to Bolton (%s)"
              % (state.get("find_results") if state else None))
        shot_when_stable(out_dir, "present-6-find.png", tmp)
        xdotool("key", "Return")
        state = wait_for_ready(app, ready_path,
                               lambda s: s.get("selected") == "Greater Manchester Combined Authority"
                               and "card" in s, timeout=15)
        check(state is not None and state.get("selected") == "Greater Manchester Combined Authority",
              "Enter flies to Bolton's authority and opens its card")
        check(state["scale"] > before["scale"] * 3, "the map zoomed in to it (scale %.4f from %.4f)"
              % (state["scale"], before["scale"]))
        gx, gy = map_to_window(state, *MANCHESTER_BNG)
        cx, cy, cw, ch = state["card"]
        check(state["map_x"] <= gx < cx and 0 <= gy <= SCREEN_H,
              "Greater Manchester is in view beside its card (%.0f, %.0f)" % (gx, gy))
        shot_when_stable(out_dir, "present-7-found.png", tmp)
        xdotool("key", "Escape")
        wait_for_ready(app, ready_path, lambda s: "selected" not in s, timeout=10)
        xdotool("key", "F5")
        state = wait_for_ready(app, ready_path, lambda s: s.get("presenting"), timeout=10)
        check(state is not None and state.get("presenting"), "F5 enters presentation mode")
        # Find works when presenting too.
        time.sleep(2.0)
        xdotool("key", "slash")
        wait_for_ready(app, ready_path, lambda s: s.get("find_open"), timeout=10)
        time.sleep(0.5)
        xdotool("type", "--delay", "40", "wales")
        state = wait_for_ready(app, ready_path,
                               lambda s: s.get("find_results", [""])[0] == "Wales")
        check(state is not None and state.get("find_results", [""])[0] == "Wales",
              "the find box works in presentation mode")
        xdotool("key", "Return")
        state = wait_for_ready(app, ready_path, lambda s: s.get("selected") == "Wales", timeout=15)
        check(state is not None and state.get("selected") == "Wales",
              "Enter flies to Wales and puts it in the spotlight (%s)"
              % {k: state.get(k) for k in ("selected", "find_open", "find_results", "view",
                                           "presenting")})
        shot_when_stable(out_dir, "present-8-found-presenting.png", tmp)
        check(app.alive(), "the window is still up")
    finally:
        app.stop()


def label_texts(state):
    return [l["text"] for l in (state or {}).get("labels", [])]


def scenario_labels_deck(devomap, out_dir, tmp):
    """Names on the window's map: L (or the sidebar's box) names the areas by the exports'
    rules, the authorities first, the small ones beside themselves; they are placed again when
    the map comes to rest, and undo takes them away. Then the deck in Save map...: views added,
    moved, renamed, deleted and updated by their buttons, each a step that undo takes back."""
    data_dir = import_default_map_files(devomap, tmp)
    ready_path = os.path.join(tmp, "ready.json")
    app = App(devomap, out_dir, "labels-deck",
              ["--data-dir", data_dir, "--window-size", "%dx%d" % (SCREEN_W, SCREEN_H),
               "--ready-file", ready_path])

    def until(accept, what, timeout=40.0):
        state = wait_for_ready(app, ready_path, accept, timeout)
        if state is None or not accept(state):
            screenshot(out_dir, "labels-deck-failed.png")
            log("ready file: %s" % json.dumps(state)[:3000])
        check(state is not None and accept(state), what)
        return state

    try:
        state = until(lambda s: "export_button" in s, "the UK map is drawn", 90)
        check(not state.get("labels_on") and not state.get("labels"), "the map starts without names")
        plain = shot_when_stable(out_dir, "labels-deck-1-plain.png", tmp)
        xdotool("mousemove", int(state["map_x"] + state["map_width"] / 2),
                int(state["map_y"] + state["map_height"] / 2))
        xdotool("key", "l")
        state = until(lambda s: len(s.get("labels", [])) > 5, "L names the areas", 30)
        names = label_texts(state)
        log("names at national zoom: %s" % names)
        for name in ("Greater Manchester", "West Midlands", "Scotland", "Wales"):
            check(name in names, "at national zoom the map names %s" % name)
        beside = [l["text"] for l in state["labels"] if l["beside"]]
        check("Greater Manchester" in beside,
              "Greater Manchester, too small to hold its name, is named beside itself (%s)" % beside)
        check(not any(l["x"] < state["map_x"] for l in state["labels"]),
              "every name is on the map, none under the sidebar")
        named = shot_when_stable(out_dir, "labels-deck-2-names.png", tmp)
        map_region = (int(state["map_x"]), int(state["map_y"]), int(state["map_width"]),
                      int(state["map_height"]))
        check(changed_pixels(plain, named, map_region, tmp) > 2000, "the names are drawn")
        # Zoomed in on Manchester, the names are placed again for the new view.
        gx, gy = map_to_window(state, *MANCHESTER_BNG)
        xdotool("mousemove", int(gx), int(gy))
        time.sleep(0.3)
        for _ in range(6):
            xdotool("click", "4")
            time.sleep(0.05)
        before = state["scale"]
        state = until(lambda s: s["scale"] > before * 3 and any(
            l["text"] == "Greater Manchester" and not l["beside"] for l in s.get("labels", [])),
            "zoomed in, Greater Manchester holds its own name", 30)
        shot_when_stable(out_dir, "labels-deck-3-zoomed.png", tmp)
        hold_keys("ctrl+z", 0.4)
        state = until(lambda s: not s.get("labels_on") and not s.get("labels"),
                      "undo takes the names away", 15)

        # The deck, by its buttons.
        click_at(state["save_map_button"])
        state = until(lambda s: "add_view_button" in s, "Save map... shows the deck's form")
        for name in ("Manchester", "Overview"):
            type_into(state["view_name_field"], name)
            click_at(state["add_view_button"])
            state = until(lambda s, n=name: n in s.get("views", []), "Add this view adds " + name)
        check(state["views"] == ["Manchester", "Overview"], "views are added in order")
        click_at(state["view:1:up"])
        state = until(lambda s: s.get("views") == ["Overview", "Manchester"],
                      "Up moves a view up the deck")
        type_into(state["view:1:name"], "Greater Manchester")
        hold_keys("Return", 0.3)  # held, as a person presses it (a 5 ms tap can fall between frames)
        state = until(lambda s: s.get("views") == ["Overview", "Greater Manchester"],
                      "a view is renamed in place")
        shot_when_stable(out_dir, "labels-deck-4-deck.png", tmp)
        scale = state["scale"]
        hold_keys("f", 0.3)  # the whole map, then Overview becomes it
        state = until(lambda s: s["scale"] < scale / 2, "F fits the whole map")
        click_at(state["view:0:update"])
        state = until(lambda s: s.get("undo") == "Undo Update view",
                      "Update makes a view what the map shows, a step undo offers")
        click_at(state["view:0:delete"])
        state = until(lambda s: s.get("views") == ["Greater Manchester"], "Delete removes a view")
        click_at(state["undo_button"])
        state = until(lambda s: s.get("views") == ["Overview", "Greater Manchester"],
                      "undo brings the deleted view back")
        check(app.alive(), "the window is still up")
    finally:
        app.stop()


def scenario_never_lose_work(devomap, out_dir, tmp):
    """kill -9 while a table is joined and names are on: the next plain start offers the map
    back, and Restore brings the same map (table, names, camera). A spec open in the window that
    changes on disk is offered for reload."""
    data_dir = import_default_map_files(devomap, tmp)
    table = os.path.join(test_data_dir(), "lad_population_mid2022.csv")
    if not os.path.isfile(table):
        skip("no lad_population_mid2022.csv in %s" % test_data_dir())
    ready_path = os.path.join(tmp, "ready.json")
    state_dir = os.path.join(os.environ["XDG_STATE_HOME"], "devomap")
    app = App(devomap, out_dir, "never-lose-work-1",
              ["--data-dir", data_dir, "--ready-file", ready_path, "--table", table])
    try:
        state = wait_for_ready(app, ready_path, lambda s: "join_matched" in s and "export_button" in s,
                               timeout=90)
        check(state is not None and state.get("join_matched") == 361, "the table is joined")
        xdotool("mousemove", int(state["map_x"] + state["map_width"] / 2),
                int(state["map_y"] + state["map_height"] / 2))
        xdotool("key", "l")
        state = wait_for_ready(app, ready_path, lambda s: len(s.get("labels", [])) > 3, timeout=30)
        check(state is not None and state.get("labels_on"), "names are on")
        deadline = time.time() + 10
        while time.time() < deadline and not (os.path.isdir(state_dir) and any(
                "\"labels\": true" in open(os.path.join(state_dir, f)).read()
                for f in os.listdir(state_dir))):
            time.sleep(0.2)
        saved = os.listdir(state_dir) if os.path.isdir(state_dir) else []
        check(len(saved) == 1 and saved[0].startswith("window-"),
              "the map is saved in the state folder as it changes (%s)" % saved)
        before = shot_when_stable(out_dir, "never-lose-work-1-before.png", tmp)
        app.proc.kill()  # SIGKILL: no chance to clean up
        app.proc.wait()
    finally:
        app.stop()
    os.remove(ready_path)
    app = App(devomap, out_dir, "never-lose-work-2", ["--data-dir", data_dir, "--ready-file", ready_path])
    try:
        state = wait_for_ready(app, ready_path, lambda s: s.get("restore_offered"), timeout=90)
        check(state is not None and state.get("restore_offered"),
              "the next plain start offers to restore the map")
        shot_when_stable(out_dir, "never-lose-work-2-offer.png", tmp)
        click_at(state["offer_button"])
        state = wait_for_ready(app, ready_path, lambda s: s.get("join_matched") == 361 and len(
            s.get("labels", [])) > 3 and not s.get("restore_offered"), timeout=90)
        check(state is not None and state.get("join_matched") == 361 and state.get("labels_on"),
              "Restore brings the map back: the table joined, names on")
        time.sleep(1.0)
        after = shot_when_stable(out_dir, "never-lose-work-3-restored.png", tmp)
        region = (int(state["map_x"]), int(state["map_y"]), int(state["map_width"]),
                  int(state["map_height"]))
        changed = changed_pixels(before, after, region, tmp)
        check(changed < 0.01 * region[2] * region[3],
              "the restored map is the map that was killed (%d px differ)" % changed)
        left = os.listdir(state_dir)
        check(len(left) == 1, "the crashed window's file is gone, this window's own is kept (%s)" % left)
    finally:
        app.stop()

    # A spec open in the window that another program changes.
    spec_path = os.path.join(tmp, "deck.json")
    with open(spec_path, "w") as f:
        json.dump({"devomap_map_spec": 1, "source": "default", "style": {"field": "powers"}}, f)
    app = App(devomap, out_dir, "never-lose-work-4", ["--data-dir", data_dir, "--ready-file",
                                                      ready_path, spec_path])
    try:
        state = wait_for_ready(app, ready_path, lambda s: "powers" in s.get("field", "").lower(),
                               timeout=90)
        check(state is not None and "powers" in state.get("field", "").lower(), "the spec opens")
        time.sleep(1.5)
        with open(spec_path, "w") as f:
            json.dump({"devomap_map_spec": 1, "source": "default", "style": {"field": "per_head"}}, f)
        state = wait_for_ready(app, ready_path, lambda s: s.get("reload_offered"), timeout=15)
        check(state is not None and state.get("reload_offered"), "a spec changed on disk is offered for reload")
        shot_when_stable(out_dir, "never-lose-work-4-reload.png", tmp)
        state = read_ready(ready_path)  # the offer's button where it settled, not its first frame
        held_click(state["offer_button"])
        state = wait_for_ready(app, ready_path, lambda s: "per head" in s.get("field", "").lower(),
                               timeout=60)
        check(state is not None and "per head" in state.get("field", "").lower(),
              "Reload shows the spec as it is now (%s)" % (state or {}).get("field"))
    finally:
        app.stop()


WEST_MIDLANDS_BNG = (405000.0, 287000.0)


def ctrl_click(x, y):
    """Ctrl held, a click, as a hand does it (each held long enough for a frame to see it)."""
    xdotool("mousemove", int(x), int(y))
    time.sleep(0.3)
    xdotool("keydown", "ctrl")
    time.sleep(0.3)
    xdotool("mousedown", "1")
    time.sleep(0.2)
    xdotool("mouseup", "1")
    time.sleep(0.3)
    xdotool("keyup", "ctrl")
    time.sleep(0.3)


def scenario_compare(devomap, out_dir, tmp):
    """Ctrl+click two authorities: a comparison opens with both, their powers by domain, rows
    that differ shaded; it saves as CSV; Esc closes it."""
    data_dir = import_default_map_files(devomap, tmp)
    ready_path = os.path.join(tmp, "ready.json")
    app = App(devomap, out_dir, "compare", ["--data-dir", data_dir, "--ready-file", ready_path])
    try:
        state = wait_for_ready(app, ready_path, lambda s: "export_button" in s, timeout=90)
        check(state is not None, "the UK map is drawn")
        # Zoomed in on the Midlands and the North, where both authorities are large enough.
        gx, gy = map_to_window(state, *MANCHESTER_BNG)
        xdotool("mousemove", int(gx), int(gy))
        for _ in range(3):
            xdotool("click", "4")
            time.sleep(0.05)
        state = wait_for_ready(app, ready_path, lambda s: s["scale"] > state["scale"] * 1.5)
        time.sleep(1.0)
        state = read_ready(ready_path)
        ctrl_click(*map_to_window(state, *MANCHESTER_BNG))
        ctrl_click(*map_to_window(state, *WEST_MIDLANDS_BNG))
        state = wait_for_ready(app, ready_path, lambda s: len(s.get("comparing", [])) == 2)
        check(state is not None and state.get("comparing") == [
            "Greater Manchester Combined Authority", "West Midlands Combined Authority"],
            "Ctrl+click on two authorities compares them (%s)" % (state or {}).get("comparing"))
        check("selected" not in state, "Ctrl+click does not open a card")
        shot_when_stable(out_dir, "compare-1-open.png", tmp)
        csv = os.path.join(tmp, "gm-wm.csv")
        type_into(state["compare_csv_field"], csv)
        click_at(state["compare_save_button"])
        wait_for_output(app, "saved the comparison " + csv, 15)
        check(os.path.isfile(csv), "Save CSV writes the comparison")
        with open(csv, newline="") as f:
            text = f.read()
        check(text.startswith("Group,Measure,Greater Manchester Combined Authority,"
                              "West Midlands Combined Authority,Differs"), "the CSV has a column per area")
        check("Powers by domain,Transport,held,held,no" in text, "with the powers by domain")
        xdotool("mousemove", int(state["map_x"] + 40), int(state["map_y"] + state["map_height"] / 2))
        time.sleep(0.3)
        xdotool("key", "Escape")
        state = wait_for_ready(app, ready_path, lambda s: "comparing" not in s, timeout=10)
        check(state is not None and "comparing" not in state, "Esc closes the comparison")
        check(app.alive(), "the window is still up")
    finally:
        app.stop()


SCENARIOS = {
    "compare": scenario_compare,
    "never-lose-work": scenario_never_lose_work,
    "labels-deck": scenario_labels_deck,
    "present": scenario_present,
    "report-export": scenario_report_export,
    "hover-select": scenario_hover_select,
    "first-run": scenario_first_run,
    "error": scenario_error,
    "default-map": scenario_default_map,
    "region-card": scenario_region_card,
    "data-panel": scenario_data_panel,
    "histogram-drag": scenario_histogram_drag,
    "cvd-preview": scenario_cvd_preview,
    "map-spec": scenario_map_spec,
    "funding-year": scenario_funding_year,
    "outcome-card": scenario_outcome_card,
    "session-parity": scenario_session_parity,
    "responsive": scenario_responsive,
    "moving-map": scenario_moving_map,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devomap", required=True)
    parser.add_argument("--out", required=True, help="folder for screenshots and logs")
    parser.add_argument("--scenario", required=True, choices=sorted(SCENARIOS))
    args = parser.parse_args()

    if not os.environ.get(INSIDE):
        missing = [t for t in ("xvfb-run", "xdotool", "import", "compare", "convert", "identify")
                   if shutil.which(t) is None]
        if missing:
            skip("GUI test tools missing: " + ", ".join(missing))
        if args.scenario in ("hover-select", "first-run", "histogram-drag", "cvd-preview",
                             "map-spec"):
            district_shp()  # skips visibly before starting X when there is no data
        env = dict(os.environ, **{INSIDE: "1"})
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 %dx%dx24" % (SCREEN_W, SCREEN_H),
               sys.executable, os.path.abspath(__file__)] + sys.argv[1:]
        sys.exit(subprocess.run(cmd, env=env).returncode)

    os.makedirs(args.out, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="devomap-gui-") as tmp:
        # Windows keep their map in the state folder (session/autosave): one per test, never the
        # user's own.
        os.environ["XDG_STATE_HOME"] = os.path.join(tmp, "state")
        try:
            SCENARIOS[args.scenario](os.path.abspath(args.devomap), os.path.abspath(args.out), tmp)
        except Failure as e:
            log("FAILED: " + str(e))
            return 1
    log("PASSED: " + args.scenario)
    return 0


if __name__ == "__main__":
    sys.exit(main())
