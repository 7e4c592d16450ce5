#!/usr/bin/env python3
"""Validate the built-in devolution dataset (geodata/devolution).

Standard library only. Two kinds of checks:
  * self-contained checks on the CSV files (keys, vocabularies, numbers, URLs, dates,
    part_of/replaces references, code crosswalk rules), always run;
  * checks against the real ONS files (LAD 2024 boundaries, LAD->CAUTH lookups, the
    mid-2022 population workbook, the 2022 wards layer), run when those files exist
    and reported as "SKIPPED: ..." when they do not.
Then a few negative self-tests run the same checks on broken copies in a temp folder and
insist that each one fails, so the validator cannot silently pass.

Exit status: 0 when everything passes, 1 on any failure. Every failure names the file,
the row (1-based data row, header excluded) and the column.
"""

import argparse
import contextlib
import csv
import datetime
import io
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections import defaultdict

# ---------------------------------------------------------------------------- schema

CHECK_COLS = ["as_of", "check"]
SCHEMA = {
    "authorities.csv": ["authority_id", "gss_code", "name", "short_name", "type", "established",
                        "legislation", "mayor", "mayor_party", "mayor_as_of", "mayor_source_url",
                        "first_mayoral_election", "election_state", "tier", "tier_note", "status",
                        "status_note", "source_url", "other_sources", "source_date", "as_of",
                        "check", "checked_via"],
    "constituent_councils.csv": ["authority_id", "council_gss_code", "council_name", "council_type",
                                 "role", "legislation", "source_url", "other_sources",
                                 "source_date", "as_of", "check"],
    "authority_districts.csv": ["authority_id", "lad_code", "lad_name", "lad_vintage",
                                "membership_source", "via_code", "source_url", "source_date",
                                "as_of", "check"],
    "code_changes.csv": ["change_id", "old_code", "old_name", "new_code", "new_name",
                         "effective_date", "change_type", "note", "source_url", "other_sources",
                         "source_date", "as_of", "check", "checked_via"],
    "powers.csv": ["power_id", "authority_id", "domain", "status", "year", "note", "source_url",
                   "other_sources", "source_date", "as_of", "check", "checked_via"],
    "budgets.csv": ["budget_id", "authority_id", "fund", "fund_type", "amount_gbp",
                    "amount_precision", "kind", "first_fy", "last_fy", "end_published", "part_of",
                    "part_of_first_fy", "part_of_last_fy", "replaces", "countable", "started",
                    "note", "source_url", "other_sources", "source_date", "as_of", "check",
                    "checked_via"],
    "nations.csv": ["nation_id", "gss_code", "name", "legislature", "executive", "main_powers",
                    "not_devolved", "key_legislation", "source_url", "other_sources", "note",
                    "source_date", "as_of", "check", "checked_via"],
    "nation_budgets.csv": ["nation_id", "fy", "measure", "amount_gbp", "amount_precision", "note",
                           "source_url", "other_sources", "source_date", "as_of", "check",
                           "checked_via"],
}

KEYS = {
    "authorities.csv": ["authority_id"],
    "constituent_councils.csv": ["authority_id", "council_gss_code"],
    "authority_districts.csv": ["authority_id", "lad_code", "lad_vintage"],
    "code_changes.csv": ["change_id"],
    "powers.csv": ["power_id"],
    "budgets.csv": ["budget_id"],
    "nations.csv": ["nation_id"],
    "nation_budgets.csv": ["nation_id", "fy"],
}

# source_url is checked by the publisher-first rule (it may be empty only for rows whose
# facts were seen in secondary sources alone), not here.
REQUIRED = {
    "authorities.csv": ["authority_id", "name", "type", "tier", "status", "election_state"]
    + CHECK_COLS,
    "constituent_councils.csv": ["authority_id", "council_gss_code", "council_name",
                                 "council_type", "role"] + CHECK_COLS,
    "authority_districts.csv": ["authority_id", "lad_code", "lad_name", "lad_vintage",
                                "membership_source"] + CHECK_COLS,
    "code_changes.csv": ["change_id", "old_code", "new_code", "effective_date", "change_type"]
    + CHECK_COLS,
    "powers.csv": ["power_id", "authority_id", "domain", "status", "year"] + CHECK_COLS,
    "budgets.csv": ["budget_id", "authority_id", "fund", "fund_type", "kind",
                    "first_fy", "last_fy", "end_published", "countable", "started"] + CHECK_COLS,
    "nations.csv": ["nation_id", "gss_code", "name"] + CHECK_COLS,
    "nation_budgets.csv": ["nation_id", "fy", "measure", "amount_gbp", "amount_precision"]
    + CHECK_COLS,
}

DOMAINS = {"transport", "adult_skills", "employment_support", "housing_regeneration", "planning",
           "health_care", "public_health", "policing_crime", "fire_rescue", "net_zero_energy",
           "business_rates", "culture", "economic_development", "integrated_settlement",
           "education", "flexible_funding", "pilots"}
CHECKS = {"verified", "secondary_only", "conflict", "unverified"}

VOCAB = {
    ("authorities.csv", "type"): {"mayoral_combined_authority", "combined_county_authority",
                                  "strategic_authority_gla", "non_mayoral_combined_authority",
                                  "single_foundation_council"},
    ("authorities.csv", "tier"): {"established_mayoral", "mayoral", "combined_foundation",
                                  "single_foundation"},
    ("authorities.csv", "status"): {"established", "established_pre_mayoral",
                                    "established_unconfirmed", "proposed"},
    ("authorities.csv", "election_state"): {"held", "due", "postponed", "none"},
    ("authorities.csv", "mayor_party"): {"", "Labour", "Conservative", "Reform UK",
                                         "Liberal Democrats", "Green", "Independent"},
    ("constituent_councils.csv", "council_type"): {"county", "unitary", "metropolitan_district",
                                                   "non_metropolitan_district", "london_borough",
                                                   "sui_generis_city_of_london"},
    ("constituent_councils.csv", "role"): {"constituent", "proposed_constituent", "area_council"},
    ("authority_districts.csv", "lad_vintage"): {"2024", "2025"},
    ("authority_districts.csv", "membership_source"): {"ons_lad_cauth_lookup", "ons_mye_county",
                                                       "ons_mye_london_region",
                                                       "constituent_is_district"},
    # recode: same district, new code; merger: whole old districts into one new district;
    # redrawn: the new area is not a union of whole old areas (values are never moved across).
    ("code_changes.csv", "change_type"): {"recode", "merger", "redrawn"},
    ("powers.csv", "domain"): DOMAINS,
    ("powers.csv", "status"): {"held", "partial", "proposed", "recommended"},
    ("budgets.csv", "fund_type"): {"investment_fund", "transport_settlement", "adult_skills_fund",
                                   "integrated_settlement", "housing_fund", "capacity_funding",
                                   "business_rates_retention", "other"},
    ("budgets.csv", "amount_precision"): {"", "exact", "rounded", "approximate"},
    ("budgets.csv", "kind"): {"annual", "multi_year_total", "one_off"},
    ("budgets.csv", "end_published"): {"yes", "no"},
    ("budgets.csv", "countable"): {"yes", "no"},
    ("budgets.csv", "started"): {"yes", "no"},
    ("nation_budgets.csv", "amount_precision"): {"exact", "rounded", "approximate"},
}
for _name in SCHEMA:
    VOCAB[(_name, "check")] = CHECKS

COUNCIL_PREFIX = {"county": "E10", "unitary": "E06", "metropolitan_district": "E08",
                  "non_metropolitan_district": "E07", "london_borough": "E09",
                  "sui_generis_city_of_london": "E09"}
NATION_CODES = {"E92000001", "S92000003", "W92000004", "N92000002"}
LAD_RE = re.compile(r"^E0[6789]\d{6}$")
# District / unitary codes of the four nations for the crosswalk: English LADs (E06-E09), Welsh
# principal areas (W06), Scottish council areas (S12), Northern Ireland districts (N09). The 26 NI
# districts before April 2015 had no 9-character GSS code (NOTES.md), so no older NI form is allowed.
DISTRICT_RE = re.compile(r"^(E0[6789]|W06|S12|N09)\d{6}$")
# Vintages of the ONS files the checks use: LAD (December 2024) boundaries and the May 2025 lookup.
LAD24_VINTAGE = "2024-12-31"
ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PARTIAL_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
FY_RE = re.compile(r"^(\d{4})-(\d{2})$")
AMOUNT_RE = re.compile(r"^[1-9]\d*$")

# Crosswalk facts the dataset must carry (ONS codes; see code_changes.csv sources).
REQUIRED_RECODES = {
    "E08000016": "E08000038", "E08000019": "E08000039",              # Barnsley, Sheffield 2025
    "E07000100": "E07000240", "E07000104": "E07000241",              # St Albans, Welwyn Hatfield 2012
    "E07000097": "E07000242", "E07000101": "E07000243",              # East Herts, Stevenage 2013
    "E08000020": "E08000037", "E06000048": "E06000057",              # Gateshead, Northumberland 2013
    "W06000007": "W06000023", "W06000017": "W06000024",              # Powys, Merthyr Tydfil 2009
    "S12000015": "S12000047", "S12000024": "S12000048",              # Fife, Perth and Kinross 2018
    "S12000046": "S12000049", "S12000044": "S12000050",              # Glasgow, North Lanarkshire 2019
}
REQUIRED_MERGERS = {
    "E06000047": 7, "E06000048": 6, "E06000049": 3, "E06000050": 3,  # 2009 reorganisation
    "E06000051": 5, "E06000052": 6, "E06000054": 4, "E06000056": 2,
    "E06000058": 3, "E06000059": 5,                                  # 2019 Dorset
    "E07000244": 2, "E07000245": 2, "E07000246": 2,                  # 2019 district mergers
    "E06000060": 4,                                                  # 2020 Buckinghamshire
    "E06000061": 4, "E06000062": 3,                                  # 2021 Northamptonshire
    "E06000063": 3, "E06000064": 3, "E06000065": 7, "E06000066": 4,  # 2023
}


class Report:
    """Collects failures; each one is a single line naming file, row and column."""

    def __init__(self, out):
        self.out = out
        self.errors = []

    def fail(self, file, row, column, message):
        where = f"{file}" + (f" row {row}" if row else "") + (f" column {column}" if column else "")
        line = f"FAIL {where}: {message}"
        self.errors.append(line)
        print(line, file=self.out)

    def ok(self, check, detail):
        print(f"CHECK {check}: ok ({detail})", file=self.out)

    def skip(self, check, why):
        print(f"SKIPPED: {check}: {why}", file=self.out)


# ------------------------------------------------------------------------- reading

def read_csv_file(path, report, name):
    try:
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            rows = [r for r in reader]
    except FileNotFoundError:
        report.fail(name, None, None, "file is missing")
        return None
    except UnicodeDecodeError as e:
        report.fail(name, None, None, f"not valid UTF-8 ({e})")
        return None
    if header != SCHEMA[name]:
        report.fail(name, 0, None, f"header is {header}, expected {SCHEMA[name]}")
        return None
    out = []
    for i, r in enumerate(rows, start=1):
        if len(r) != len(header):
            report.fail(name, i, None, f"has {len(r)} fields, expected {len(header)}")
            continue
        out.append((i, dict(zip(header, r))))
    return out


def valid_iso_date(text):
    if not ISO_RE.match(text):
        return False
    try:
        datetime.date.fromisoformat(text)
        return True
    except ValueError:
        return False


def fy_start(text):
    """'2025-26' -> 2025; None when malformed (the two-digit end must follow the start)."""
    m = FY_RE.match(text)
    if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        return None
    return int(m.group(1))


# ------------------------------------------------------------- self-contained checks

def host_of(url):
    m = re.match(r"^https?://([^/:?#]+)", url)
    return m.group(1).lower() if m else ""


def is_publisher(url, publishers):
    host = host_of(url)
    return any(host == d or host.endswith("." + d) for d in publishers)


def date_prefix_before(a, b):
    """True when partial date a (YYYY, YYYY-MM or YYYY-MM-DD) lies wholly after date b."""
    return b[:len(a)] < a


def check_rows(data, report, publishers, today):
    """Required fields, URLs, dates and vocabularies on every row of every file; the primary
    source is the publisher; as_of is not before source_date nor in the future."""
    count = 0
    for name, rows in data.items():
        for i, row in rows:
            count += 1
            for col in REQUIRED[name]:
                if not row[col].strip():
                    report.fail(name, i, col, "is empty")
            for col in ("source_url", "mayor_source_url", "checked_via"):
                for url in row.get(col, "").split():
                    if not re.match(r"^https?://\S+$", url):
                        report.fail(name, i, col, f"'{url}' is not an http(s) URL")
            for url in row.get("other_sources", "").split():
                if not re.match(r"^https?://\S+$", url):
                    report.fail(name, i, "other_sources", f"'{url}' is not an http(s) URL")
            check_publisher(name, i, row, publishers, report)
            check_dates(name, i, row, today, report)
            for (vfile, col), allowed in VOCAB.items():
                if vfile == name and row[col] not in allowed:
                    report.fail(name, i, col, f"'{row[col]}' is not one of {sorted(allowed)}")
    report.ok("required fields, publisher-first sources, dates, vocabularies", f"{count} rows")


def check_publisher(name, i, row, publishers, report):
    """The primary source_url is the publisher (publishers.csv); press and third-party pages
    belong in other_sources. A row whose facts were seen only in secondary sources says so
    (check = secondary_only), leaves source_url empty and names what it saw."""
    url = row.get("source_url", "")
    if url and not is_publisher(url, publishers):
        report.fail(name, i, "source_url",
                    f"'{host_of(url)}' is not a publisher in publishers.csv: move the page to "
                    "other_sources, or add the publisher there if it is one")
    if not url and row.get("check") not in ("secondary_only", "unverified", "conflict"):
        report.fail(name, i, "source_url",
                    "is empty, so check must say secondary_only (or conflict/unverified)")
    if not url and not row.get("other_sources", "").strip():
        report.fail(name, i, "other_sources", "source_url is empty: name the sources seen here")
    murl = row.get("mayor_source_url", "")
    if murl and not is_publisher(murl, publishers):
        report.fail(name, i, "mayor_source_url",
                    f"'{host_of(murl)}' is not a publisher in publishers.csv")


def check_dates(name, i, row, today, report):
    as_of = row.get("as_of", "")
    if as_of and not valid_iso_date(as_of):
        report.fail(name, i, "as_of", f"'{as_of}' is not an ISO date YYYY-MM-DD")
        return
    for col in ("source_date", "established", "first_mayoral_election"):
        if row.get(col) and (not PARTIAL_DATE_RE.match(row[col])
                             or not valid_iso_date((row[col] + "-01-01")[:10])):
            report.fail(name, i, col, f"'{row[col]}' is not YYYY, YYYY-MM or YYYY-MM-DD")
    for col in ("mayor_as_of", "effective_date"):
        if row.get(col) and not valid_iso_date(row[col]):
            report.fail(name, i, col, f"'{row[col]}' is not an ISO date YYYY-MM-DD")
    if as_of and as_of > today:
        report.fail(name, i, "as_of", f"{as_of} is in the future (today is {today})")
    source_date = row.get("source_date", "")
    if as_of and source_date and PARTIAL_DATE_RE.match(source_date) \
            and date_prefix_before(source_date, as_of):
        report.fail(name, i, "as_of", f"{as_of} is before source_date {source_date}: a fact "
                    "cannot be checked before its source says it")


def check_keys(data, report):
    for name, key in KEYS.items():
        seen = {}
        for i, row in data[name]:
            k = tuple(row[c] for c in key)
            if k in seen:
                report.fail(name, i, "+".join(key), f"duplicate key {k} (first at row {seen[k]})")
            seen.setdefault(k, i)
    seen = {}
    for i, row in data["authorities.csv"]:
        g = row["gss_code"]
        if g and g in seen:
            report.fail("authorities.csv", i, "gss_code", f"duplicate {g} (first at row {seen[g]})")
        seen.setdefault(g, i)
    report.ok("no duplicate keys", ", ".join(f"{n} by {'+'.join(k)}" for n, k in KEYS.items()))


def check_codes(data, report):
    for i, row in data["authorities.csv"]:
        g = row["gss_code"]
        if g and not re.match(r"^E(47|61)\d{6}$", g):
            report.fail("authorities.csv", i, "gss_code", f"'{g}' is not an E47/E61 GSS code")
        if row["mayor"]:
            if not row["mayor_party"] or not row["mayor_as_of"]:
                report.fail("authorities.csv", i, "mayor_party", "a mayor needs party and mayor_as_of")
        elif row["mayor_party"] or row["mayor_as_of"]:
            report.fail("authorities.csv", i, "mayor", "party or date given without a mayor")
    for i, row in data["constituent_councils.csv"]:
        prefix = COUNCIL_PREFIX.get(row["council_type"])
        if prefix and not re.match(rf"^{prefix}\d{{6}}$", row["council_gss_code"]):
            report.fail("constituent_councils.csv", i, "council_gss_code",
                        f"'{row['council_gss_code']}' does not fit council_type {row['council_type']}")
    for i, row in data["authority_districts.csv"]:
        if not LAD_RE.match(row["lad_code"]):
            report.fail("authority_districts.csv", i, "lad_code",
                        f"'{row['lad_code']}' is not an English district code")
    for i, row in data["nations.csv"]:
        if row["gss_code"] not in NATION_CODES:
            report.fail("nations.csv", i, "gss_code", f"'{row['gss_code']}' is not a UK country code")
    nations = {r["nation_id"] for _, r in data["nations.csv"]}
    measures = set()
    for i, row in data["nation_budgets.csv"]:
        if row["nation_id"] not in nations or row["nation_id"] == "england":
            report.fail("nation_budgets.csv", i, "nation_id",
                        f"'{row['nation_id']}' is not a devolved nation of nations.csv")
        if not AMOUNT_RE.match(row["amount_gbp"]):
            report.fail("nation_budgets.csv", i, "amount_gbp",
                        f"'{row['amount_gbp']}' is not a whole number of pounds")
        if fy_start(row["fy"]) is None:
            report.fail("nation_budgets.csv", i, "fy", f"'{row['fy']}' is not a financial year")
        measures.add(row["measure"])
    if len(measures) > 1:
        report.fail("nation_budgets.csv", None, "measure",
                    f"the devolved governments' budgets use {len(measures)} definitions; "
                    "one definition for all makes them comparable")
    missing = NATION_CODES - {r["gss_code"] for _, r in data["nations.csv"]}
    if missing:
        report.fail("nations.csv", None, "gss_code", f"missing countries {sorted(missing)}")
    report.ok("GSS code formats (authorities, councils, districts, nations)",
              f"{len(data['authority_districts.csv'])} district rows")


def check_references(data, report):
    authorities = {r["authority_id"] for _, r in data["authorities.csv"]}
    nations = {r["nation_id"] for _, r in data["nations.csv"]}
    for name in ("constituent_councils.csv", "authority_districts.csv", "powers.csv"):
        for i, row in data[name]:
            if row["authority_id"] not in authorities:
                report.fail(name, i, "authority_id", f"unknown authority '{row['authority_id']}'")
    for i, row in data["budgets.csv"]:
        if row["authority_id"] not in authorities | nations:
            report.fail("budgets.csv", i, "authority_id",
                        f"unknown authority or nation '{row['authority_id']}'")
    for i, row in data["powers.csv"]:
        if not re.match(r"^(19|20)\d{2}$", row["year"]):
            report.fail("powers.csv", i, "year", f"'{row['year']}' is not a year")
    with_districts = {r["authority_id"] for _, r in data["authority_districts.csv"]
                      if r["lad_vintage"] == "2024"}
    with_councils = {r["authority_id"] for _, r in data["constituent_councils.csv"]}
    for i, row in data["authorities.csv"]:
        if row["authority_id"] not in with_districts:
            report.fail("authorities.csv", i, "authority_id",
                        f"'{row['authority_id']}' has no 2024-vintage rows in authority_districts.csv")
        if row["authority_id"] not in with_councils:
            report.fail("authorities.csv", i, "authority_id",
                        f"'{row['authority_id']}' has no rows in constituent_councils.csv")
    report.ok("authority references; every authority has districts and councils",
              f"{len(authorities)} authorities")


def budget_years(row):
    """(first, last) start years of a budget line, or None."""
    first, last = fy_start(row["first_fy"]), fy_start(row["last_fy"])
    if first is None or last is None or last < first:
        return None
    return first, last


def amount_in_year(row, years):
    amount = int(row["amount_gbp"])
    if row["kind"] == "multi_year_total":
        return amount / (years[1] - years[0] + 1)
    return amount


def inside_parent_in(row, year):
    if not row["part_of"]:
        return False
    start, end = fy_start(row["part_of_first_fy"]), fy_start(row["part_of_last_fy"])
    return (start is None or year >= start) and (end is None or year <= end)


def counted_in_year(rows, by_id, nations, year):
    """The lines counted in `year` by schema.md's rule (the C++ core implements the same):
    countable, started, published figure, covering the year; not inside a counted line of the
    same authority; not replaced by a counted line."""
    candidate = set()
    for _, r in rows:
        years = budget_years(r)
        if (years and years[0] <= year <= years[1] and r["authority_id"] not in nations
                and r["countable"] == "yes" and r["started"] == "yes"
                and AMOUNT_RE.match(r["amount_gbp"])):
            candidate.add(r["budget_id"])
    counted = set()
    for bid in candidate:
        line, inside = by_id[bid][1], False
        for _ in range(16):
            if not inside_parent_in(line, year) or line["part_of"] not in by_id:
                break
            parent = by_id[line["part_of"]][1]
            if line["part_of"] in candidate and parent["authority_id"] == by_id[bid][1]["authority_id"]:
                inside = True
                break
            line = parent
        if not inside:
            counted.add(bid)
    for bid in list(counted):
        rep = by_id[bid][1]["replaces"]
        if rep in counted and by_id[rep][1]["authority_id"] == by_id[bid][1]["authority_id"]:
            counted.discard(rep)
    return counted


def check_budgets(data, report):
    rows = data["budgets.csv"]
    by_id = {r["budget_id"]: (i, r) for i, r in rows}
    nations = {r["nation_id"] for _, r in data["nations.csv"]}
    for i, row in rows:
        if row["amount_gbp"] and not AMOUNT_RE.match(row["amount_gbp"]):
            report.fail("budgets.csv", i, "amount_gbp",
                        f"'{row['amount_gbp']}' is not a plain whole number of pounds")
        note = row["note"].lower()
        if not row["amount_gbp"] and "not published" not in note and "not found" not in note \
                and "no per-authority figure" not in note:
            report.fail("budgets.csv", i, "amount_gbp", "is empty: a line whose figure is not "
                        "published says so in its note ('not published')")
        if row["amount_gbp"] and row["amount_precision"] not in ("exact", "rounded", "approximate"):
            report.fail("budgets.csv", i, "amount_precision", "an amount needs its precision")
        for col in ("first_fy", "last_fy", "part_of_first_fy", "part_of_last_fy"):
            if row[col] and fy_start(row[col]) is None:
                report.fail("budgets.csv", i, col, f"'{row[col]}' is not a financial year like 2025-26")
        years = budget_years(row)
        if years is None:
            report.fail("budgets.csv", i, "last_fy", "every line needs a bounded period: "
                        "first_fy and last_fy, last not before first (no published end: the last "
                        "year with published figures, end_published = no)")
        elif row["kind"] == "one_off" and years[0] != years[1]:
            report.fail("budgets.csv", i, "kind", "a one-off line has one year: first_fy = last_fy")
        for col in ("part_of", "replaces"):
            ref = row[col]
            if ref and ref not in by_id:
                report.fail("budgets.csv", i, col, f"refers to unknown budget_id '{ref}'")
            if ref and ref == row["budget_id"]:
                report.fail("budgets.csv", i, col, "refers to itself")
        if (row["part_of_first_fy"] or row["part_of_last_fy"]) and not row["part_of"]:
            report.fail("budgets.csv", i, "part_of_first_fy", "years inside a line, but no part_of")
        if row["started"] == "no" and not row["note"].strip():
            report.fail("budgets.csv", i, "started", "a line not started says why in its note")
    # part_of chains must end (a cycle would make roll-ups loop forever).
    for start in by_id:
        seen, cur = set(), start
        while cur and cur in by_id and cur not in seen:
            seen.add(cur)
            cur = by_id[cur][1]["part_of"]
        if cur and cur in seen:
            report.fail("budgets.csv", by_id[start][0], "part_of", f"part_of chain from {start} loops")
            return
    # Year by year: never a part with its whole; parts never above their whole; one integrated
    # settlement per authority and year.
    spans = [budget_years(r) for _, r in rows if budget_years(r)]
    first, last = min(s[0] for s in spans), max(s[1] for s in spans)
    for year in range(first, last + 1):
        check_budget_year(rows, by_id, nations, year, report)
    report.ok("budget kinds, bounded periods, references; per year: a part never counted with "
              "its whole, parts <= whole, one integrated settlement per authority",
              f"{len(rows)} lines, {first}-{last}")


def check_budget_year(rows, by_id, nations, year, report):
    fy = f"{year}-{(year + 1) % 100:02d}"
    counted = counted_in_year(rows, by_id, nations, year)
    for bid in counted:
        i, line = by_id[bid]
        cur = line
        for _ in range(16):
            if not inside_parent_in(cur, year) or cur["part_of"] not in by_id:
                break
            if cur["part_of"] in counted and by_id[cur["part_of"]][1]["authority_id"] == line["authority_id"]:
                report.fail("budgets.csv", i, "part_of",
                            f"{bid} and the line it is inside ({cur['part_of']}) both count in {fy}")
            cur = by_id[cur["part_of"]][1]
    # Outside its part_of years a line is not inside the other: if both still count in a year
    # they both cover, the same money is counted twice.
    for bid in counted:
        i, line = by_id[bid]
        parent_id = line["part_of"]
        if (parent_id in counted and by_id[parent_id][1]["authority_id"] == line["authority_id"]
                and not inside_parent_in(line, year)):
            report.fail("budgets.csv", i, "part_of_first_fy",
                        f"{bid} lies inside {parent_id}, and both count in {fy}: its part_of years "
                        "must cover every year the two share")
    parts = defaultdict(float)
    for _, r in rows:
        years = budget_years(r)
        if (years and years[0] <= year <= years[1] and AMOUNT_RE.match(r["amount_gbp"])
                and inside_parent_in(r, year) and r["part_of"] in by_id):
            parts[r["part_of"]] += amount_in_year(r, years)
    for parent_id, total in parts.items():
        pi, parent = by_id[parent_id]
        years = budget_years(parent)
        if AMOUNT_RE.match(parent["amount_gbp"]) and years and years[0] <= year <= years[1]:
            whole = amount_in_year(parent, years)
            if total > whole * 1.0001:
                report.fail("budgets.csv", pi, "amount_gbp",
                            f"in {fy} the parts of {parent_id} come to {total:,.0f}, above its "
                            f"{whole:,.0f} for that year")
    settlements = defaultdict(list)
    for bid in counted:
        line = by_id[bid][1]
        if line["fund_type"] == "integrated_settlement":
            settlements[line["authority_id"]].append(bid)
    for authority, ids in settlements.items():
        # Parts of one settlement line (its revenue and capital) are one settlement.
        parents = {by_id[b][1]["part_of"] for b in ids}
        if len(ids) > 1 and (len(parents) > 1 or "" in parents):
            report.fail("budgets.csv", by_id[ids[0]][0], "part_of",
                        f"{authority} has {len(ids)} integrated settlement lines counted in {fy} "
                        f"({', '.join(sorted(ids))}): link them with part_of or mark one not countable")


def crosswalk(data):
    """What the 2024/2025 district rows need: recodes after LAD Dec 2024 (new 2025 code -> its
    2024 code), and every code gone by then (old code -> its change row: mergers, redrawn areas
    and earlier recodes), which no district row may use."""
    recode_new_to_old, retired = {}, {}
    for _, row in data["code_changes.csv"]:
        if row["change_type"] == "recode" and row["effective_date"] > LAD24_VINTAGE:
            recode_new_to_old[row["new_code"]] = row["old_code"]
        else:
            retired[row["old_code"]] = row
    return recode_new_to_old, retired


def check_code_changes(data, report):
    rows = data["code_changes.csv"]
    olds, by_old = {}, {}
    for i, row in rows:
        if row["old_code"] in olds:
            report.fail("code_changes.csv", i, "old_code",
                        f"{row['old_code']} already changed at row {olds[row['old_code']]}")
        olds.setdefault(row["old_code"], i)
        by_old.setdefault(row["old_code"], (i, row))
        for col in ("old_code", "new_code"):
            if not DISTRICT_RE.match(row[col]):
                report.fail("code_changes.csv", i, col,
                            f"'{row[col]}' is not a district code (E06-E09, W06, S12, N09)")
        if row["old_code"][:1] != row["new_code"][:1]:
            report.fail("code_changes.csv", i, "new_code",
                        f"{row['old_code']} -> {row['new_code']} crosses nations")
        if row["old_code"] == row["new_code"]:
            report.fail("code_changes.csv", i, "new_code", "the code does not change (a name change is not a code change)")
    # Chains (a merger then a recode, a recode recoded again) run forward in time.
    for i, row in rows:
        nxt = by_old.get(row["new_code"])
        if nxt and not nxt[1]["effective_date"] > row["effective_date"]:
            report.fail("code_changes.csv", i, "effective_date",
                        f"{row['new_code']} changes again at row {nxt[0]} on {nxt[1]['effective_date']}, "
                        f"not after this change ({row['effective_date']})")
    all_recodes = {r["new_code"]: r["old_code"] for _, r in rows if r["change_type"] == "recode"}
    for old, new in REQUIRED_RECODES.items():
        if all_recodes.get(new) != old:
            report.fail("code_changes.csv", None, "new_code", f"missing recode {old} -> {new}")
    for new, count in REQUIRED_MERGERS.items():
        got = sum(1 for _, r in rows if r["new_code"] == new and r["change_type"] == "merger")
        if got != count:
            report.fail("code_changes.csv", None, "new_code",
                        f"merger into {new} lists {got} old districts, expected {count}")
    # District rows must use the codes of their own vintage.
    recode, retired = crosswalk(data)
    for i, row in data["authority_districts.csv"]:
        code, vintage = row["lad_code"], row["lad_vintage"]
        if code in retired:
            r = retired[code]
            verb = "recoded to" if r["change_type"] == "recode" else (
                "merged into" if r["change_type"] == "merger" else "redrawn into")
            report.fail("authority_districts.csv", i, "lad_code",
                        f"{code} was {verb} {r['new_code']} on {r['effective_date']}; not a {vintage} code")
        if vintage == "2024" and code in recode:
            report.fail("authority_districts.csv", i, "lad_code",
                        f"{code} is a 2025 code (was {recode[code]}); wrong for lad_vintage 2024")
        if vintage == "2025" and code in recode.values():
            report.fail("authority_districts.csv", i, "lad_code",
                        f"{code} was recoded in April 2025; wrong for lad_vintage 2025")
    kinds = defaultdict(int)
    for _, r in rows:
        kinds[r["change_type"]] += 1
    report.ok("code changes (district codes of the four nations since 2009: recodes, mergers, redrawn "
              "areas; chains run forward) and vintage-correct district codes",
              f"{len(rows)} changes: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))


def to_2024(code, recode):
    return recode.get(code, code)


def check_council_district_consistency(data, report):
    """Non-county councils are districts themselves: each must be listed for its authority."""
    recode, _ = crosswalk(data)
    districts = defaultdict(set)
    for _, row in data["authority_districts.csv"]:
        districts[row["authority_id"]].add(to_2024(row["lad_code"], recode))
    n = 0
    for i, row in data["constituent_councils.csv"]:
        if row["council_type"] == "county":
            continue
        n += 1
        if to_2024(row["council_gss_code"], recode) not in districts[row["authority_id"]]:
            report.fail("constituent_councils.csv", i, "council_gss_code",
                        f"{row['council_gss_code']} is not listed in authority_districts.csv for {row['authority_id']}")
    report.ok("non-county constituent councils appear among their authority's districts", f"{n} councils")


# --------------------------------------------------------------- real-data checks

def read_lookup(path, year):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [(r[f"LAD{year}CD"], r[f"LAD{year}NM"], r[f"CAUTH{year}CD"]) for r in csv.DictReader(f)]


MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def read_xlsx_sheet(path, sheet_name):
    """Rows of one worksheet as {column letter: text}; enough for the ONS MYE workbook."""
    with zipfile.ZipFile(path) as z:
        workbook = ET.fromstring(z.read("xl/workbook.xml"))
        rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
        sheet = next(s for s in workbook.iter(MAIN_NS + "sheet") if s.get("name") == sheet_name)
        shared = ["".join(t.text or "" for t in si.iter(MAIN_NS + "t"))
                  for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(MAIN_NS + "si")]
        rows = []
        for row in ET.fromstring(z.read("xl/" + rels[sheet.get(REL_ID)].lstrip("/"))).iter(MAIN_NS + "row"):
            cells = {}
            for c in row.iter(MAIN_NS + "c"):
                v = c.find(MAIN_NS + "v")
                if v is not None:
                    cells[re.match(r"[A-Z]+", c.get("r")).group()] = shared[int(v.text)] if c.get("t") == "s" else v.text
            rows.append(cells)
        return rows


def mye_hierarchy(path):
    """County -> its non-metropolitan districts, and London -> its boroughs, from sheet MYE5.
    The sheet lists each county row directly above its districts."""
    children = defaultdict(list)
    parent = None
    for cells in read_xlsx_sheet(path, "MYE5"):
        code, geography = cells.get("A", ""), cells.get("C", "")
        if not re.match(r"^[EKNSW]\d{8}$", code):
            continue
        if geography == "County" or code == "E12000007":
            parent = code
        elif geography in ("Non-metropolitan District", "London Borough") and parent:
            children[parent].append(code)
        else:
            parent = None
    return children


def check_real_data(data, real, report):
    recode, _ = crosswalk(data)
    gpkg = os.path.join(real, "lad_2024_uk_buc.gpkg")
    lu24_path = os.path.join(real, "lad24_cauth24_en_lu.csv")
    lu25_path = os.path.join(real, "lad25_cauth25_en_lu.csv")
    mye_path = os.path.join(real, "mye22final.xlsx")
    wards = os.path.join(real, "wd_2022_uk_bsc.gpkg")
    lsoa = os.path.join(real, "lsoa_2011_en_simplified.gpkg")
    districts = data["authority_districts.csv"]

    lad24 = None
    if os.path.exists(gpkg):
        with contextlib.closing(sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)) as db:
            lad24 = dict(db.execute("SELECT LAD24CD, LAD24NM FROM lad_2024_uk_buc").fetchall())
        n = 0
        for i, row in districts:
            if row["lad_vintage"] != "2024":
                continue
            n += 1
            if row["lad_code"] not in lad24:
                report.fail("authority_districts.csv", i, "lad_code",
                            f"{row['lad_code']} is not in LAD Dec 2024 boundaries ({gpkg})")
            elif lad24[row["lad_code"]] != row["lad_name"]:
                report.fail("authority_districts.csv", i, "lad_name",
                            f"'{row['lad_name']}' differs from the LAD 2024 name '{lad24[row['lad_code']]}'")
        report.ok("2024-vintage district codes exist in lad_2024_uk_buc.gpkg", f"{n} rows")
    else:
        report.skip("2024 district codes against LAD boundaries", f"{gpkg} not found")

    lu25 = None
    if os.path.exists(lu25_path):
        lu25 = read_lookup(lu25_path, "25")
        codes25 = {c for c, _, _ in lu25}
        n = 0
        for i, row in districts:
            if row["lad_vintage"] == "2025":
                n += 1
                if row["lad_code"] not in codes25:
                    report.fail("authority_districts.csv", i, "lad_code",
                                f"{row['lad_code']} is not in the ONS LAD25->CAUTH25 lookup")
        report.ok("2025-vintage district codes exist in lad25_cauth25_en_lu.csv "
                  "(no LAD 2025 boundaries are available, so the lookup is the reference)", f"{n} rows")
    else:
        report.skip("2025 district codes against the LAD25 lookup", f"{lu25_path} not found")

    members = defaultdict(lambda: defaultdict(set))
    for _, row in districts:
        members[row["authority_id"]][row["lad_vintage"]].add(row["lad_code"])
    gss_to_id = {r["gss_code"]: (i, r["authority_id"]) for i, r in data["authorities.csv"] if r["gss_code"]}
    for year, path in (("24", lu24_path), ("25", lu25_path)):
        if not os.path.exists(path):
            report.skip(f"memberships against the ONS LAD{year}->CAUTH{year} lookup", f"{path} not found")
            continue
        by_ca = defaultdict(set)
        for lad, _, ca in read_lookup(path, year):
            by_ca[ca].add(lad)
        for ca, lads in sorted(by_ca.items()):
            if ca not in gss_to_id:
                report.fail("authorities.csv", None, "gss_code",
                            f"{ca} is in the ONS 20{year} lookup but has no authority row")
                continue
            i, aid = gss_to_id[ca]
            ours = members[aid]["20" + year]
            if year == "24" and not ours:
                continue
            if ours != lads:
                report.fail("authority_districts.csv", None, "lad_code",
                            f"{aid} 20{year} districts differ from the ONS lookup: missing "
                            f"{sorted(lads - ours)}, extra {sorted(ours - lads)}")
            # The 2024 rows must be the 2025 membership mapped back through code_changes.csv.
            back = {to_2024(c, recode) for c in lads}
            if year == "25" and members[aid]["2024"] != back:
                report.fail("authority_districts.csv", None, "lad_code",
                            f"{aid} 2024 districts do not match the 2025 lookup mapped back through "
                            f"code_changes.csv: missing {sorted(back - members[aid]['2024'])}, "
                            f"extra {sorted(members[aid]['2024'] - back)}")
        report.ok(f"memberships agree with the ONS LAD{year}->CAUTH{year} lookup", f"{len(by_ca)} combined authorities")

    if os.path.exists(mye_path):
        hierarchy = mye_hierarchy(mye_path)
        by_authority = defaultdict(list)
        for i, row in data["constituent_councils.csv"]:
            by_authority[row["authority_id"]].append((i, row))
        n = 0
        for aid, councils in by_authority.items():
            expected = set()
            for i, row in councils:
                code = row["council_gss_code"]
                if row["council_type"] == "county":
                    kids = hierarchy.get(code)
                    if not kids:
                        report.fail("constituent_councils.csv", i, "council_gss_code",
                                    f"county {code} has no districts in the ONS MYE5 sheet")
                        continue
                    n += 1
                    missing = set(kids) - members[aid]["2024"]
                    if missing:
                        report.fail("constituent_councils.csv", i, "council_gss_code",
                                    f"county {code}'s districts {sorted(missing)} (ONS MYE5) are not listed for {aid}")
                    expected |= set(kids)
                else:
                    expected.add(to_2024(code, recode))
            if members[aid]["2024"] != expected:
                report.fail("authority_districts.csv", None, "lad_code",
                            f"{aid} 2024 districts differ from the union of its councils' districts: "
                            f"missing {sorted(expected - members[aid]['2024'])}, extra {sorted(members[aid]['2024'] - expected)}")
        london = set(hierarchy.get("E12000007", []))
        gla = {r["authority_id"] for _, r in data["authorities.csv"] if r["type"] == "strategic_authority_gla"}
        for aid in gla:
            if members[aid]["2024"] != london:
                report.fail("authority_districts.csv", None, "lad_code",
                            f"{aid} districts differ from the London boroughs in ONS MYE5")
        report.ok("each county's districts (ONS mid-2022 workbook, MYE5) are listed; districts = union of councils",
                  f"{n} counties, {len(by_authority)} authorities")
    else:
        report.skip("county -> district membership", f"{mye_path} not found")

    if os.path.exists(wards) and lad24 is not None:
        check_code_changes_real(data, report, lad24, wards, lsoa, lu25)
    else:
        report.skip("code changes against ONS codes", f"{wards} or LAD 2024 boundaries not found")


def check_code_changes_real(data, report, lad24, wards, lsoa, lu25):
    """Each code against the ONS file of the vintage around its change: LAD (December 2024), the
    May 2025 LAD->CAUTH lookup, ONS Wards (May 2022) LAD22CD and, where present, the LSOA (2011)
    layer's lad19cd (December 2019 districts, England). A code older than all of these cannot be
    checked here (its row says where it comes from); a new code no longer live must be the old code
    of a later change."""
    with contextlib.closing(sqlite3.connect(f"file:{wards}?mode=ro", uri=True)) as db:
        lad22 = dict(db.execute("SELECT DISTINCT LAD22CD, LAD22NM FROM wd_2022_uk_bsc").fetchall())
    lad19 = None
    if os.path.exists(lsoa):
        with contextlib.closing(sqlite3.connect(f"file:{lsoa}?mode=ro", uri=True)) as db:
            lad19 = dict(db.execute("SELECT DISTINCT lad19cd, lad19nm FROM lsoa_2011_en_simplified").fetchall())
    names25 = {c: n for c, n, _ in lu25} if lu25 else {}
    rows = data["code_changes.csv"]
    olds = {r["old_code"] for _, r in rows}
    unchecked_old = 0
    for i, row in rows:
        old, new, date = row["old_code"], row["new_code"], row["effective_date"]
        # The old code: gone by LAD Dec 2024 unless the change came later; else in the last file before it.
        if date > LAD24_VINTAGE:
            if old not in lad24:
                report.fail("code_changes.csv", i, "old_code", f"{old} is not in LAD Dec 2024")
            elif lad24[old] != row["old_name"]:
                report.fail("code_changes.csv", i, "old_name", f"'{row['old_name']}' differs from LAD24NM '{lad24[old]}'")
        else:
            if old in lad24:
                report.fail("code_changes.csv", i, "old_code",
                            f"{old} changed on {date} but is still in LAD Dec 2024")
            before = lad22 if date > "2022-05-31" else (lad19 if lad19 is not None and date > "2019-12-31" else None)
            if before is None:
                unchecked_old += 1
            elif old not in before:
                report.fail("code_changes.csv", i, "old_code",
                            f"{old} should be a district in the ONS file just before {date} "
                            f"({'wards May 2022' if before is lad22 else 'LSOA 2011 layer lad19cd'})")
            elif before[old] != row["old_name"]:
                report.fail("code_changes.csv", i, "old_name", f"'{row['old_name']}' differs from the ONS name '{before[old]}'")
        # The new code: live in LAD Dec 2024 (or the 2025 lookup for later changes), or changed again later.
        if date > LAD24_VINTAGE and names25:
            if new not in names25:
                report.fail("code_changes.csv", i, "new_code", f"{new} is not in the LAD25 lookup")
            elif names25[new] != row["new_name"]:
                report.fail("code_changes.csv", i, "new_name", f"'{row['new_name']}' differs from LAD25NM '{names25[new]}'")
        elif new in lad24:
            if lad24[new] != row["new_name"]:
                report.fail("code_changes.csv", i, "new_name", f"'{row['new_name']}' differs from LAD24NM '{lad24[new]}'")
        elif new not in olds:
            report.fail("code_changes.csv", i, "new_code",
                        f"{new} is not in LAD Dec 2024 and is not the old code of a later change")
    report.ok("code changes against ONS codes and names (LAD24, LAD25 lookup, LAD22 from the 2022 wards "
              "layer, lad19 from the LSOA 2011 layer; chains end in a live code)",
              f"{len(rows)} changes; {unchecked_old} old codes predate every ONS file here")


# ---------------------------------------------------------------------- driver

def read_publishers(dataset, report):
    """The one list of publisher domains (publishers.csv: domain, publisher, kind)."""
    path = os.path.join(dataset, "publishers.csv")
    try:
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    except FileNotFoundError:
        report.fail("publishers.csv", None, None, "file is missing")
        return None
    domains = [r.get("domain", "").strip().lower() for r in rows]
    for i, d in enumerate(domains, start=1):
        if not re.match(r"^[a-z0-9.-]+\.[a-z]{2,}$", d):
            report.fail("publishers.csv", i, "domain", f"'{d}' is not a domain name")
    return domains


def validate(dataset, real, out, today=None):
    report = Report(out)
    today = today or os.environ.get("DEVOMAP_DATASET_TODAY") or datetime.date.today().isoformat()
    data = {}
    for name in SCHEMA:
        rows = read_csv_file(os.path.join(dataset, name), report, name)
        if rows is None:
            return report.errors
        data[name] = rows
    publishers = read_publishers(dataset, report)
    if publishers is None:
        return report.errors
    report.ok("files present with the documented headers", ", ".join(SCHEMA))
    check_rows(data, report, publishers, today)
    for check in (check_keys, check_codes, check_references, check_budgets,
                  check_code_changes, check_council_district_consistency):
        check(data, report)
    if real and os.path.isdir(real):
        check_real_data(data, real, report)
    else:
        report.skip("all checks against real ONS files", f"folder '{real}' not found "
                    "(set DEVOMAP_TEST_DATA to the shared geodata folder)")
    return report.errors


def edit_csv(path, change):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows = change(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def col(rows, name):
    return rows[0].index(name)


def set_cell(match_col, match_value, target_col, value):
    def change(rows):
        for r in rows[1:]:
            if r[col(rows, match_col)] == match_value:
                r[col(rows, target_col)] = value
                break
        return rows
    return change


def drop_rows(predicate):
    def change(rows):
        return [rows[0]] + [r for r in rows[1:] if not predicate(rows[0], r)]
    return change


def duplicate_first(rows):
    return rows + [rows[1]]


def both(*changes):
    def change(rows):
        for c in changes:
            rows = c(rows)
        return rows
    return change


# (name, file, edit, expected text in a failure line, needs real data)
SELF_TESTS = [
    ("duplicate budget key", "budgets.csv", duplicate_first, "duplicate key", False),
    ("non-numeric amount", "budgets.csv", set_cell("budget_id", "gmca_crsts1", "amount_gbp", "1,070,000,000"),
     "column amount_gbp", False),
    ("source URL not http", "powers.csv", set_cell("power_id", "p001", "source_url", "ftp://example.org/x"),
     "not an http(s) URL", False),
    ("press page as the primary source", "powers.csv",
     set_cell("power_id", "p001", "source_url", "https://www.bbc.co.uk/news/uk-england-manchester-1"),
     "is not a publisher in publishers.csv", False),
    ("no source and not marked secondary", "powers.csv",
     both(set_cell("power_id", "p001", "source_url", ""), set_cell("power_id", "p001", "check", "verified")),
     "must say secondary_only", False),
    ("bad as_of date", "authorities.csv", set_cell("authority_id", "gmca", "as_of", "2026-13-01"),
     "column as_of", False),
    ("as_of before the source", "powers.csv", set_cell("power_id", "p001", "source_date", "2099-01"),
     "is before source_date", False),
    ("as_of in the future", "powers.csv", set_cell("power_id", "p001", "as_of", "2099-01-01"),
     "is in the future", False),
    ("unknown power domain", "powers.csv", set_cell("power_id", "p001", "domain", "teleportation"),
     "column domain", False),
    ("budget line without an end", "budgets.csv", set_cell("budget_id", "wmca_if", "last_fy", ""),
     "bounded period", False),
    ("budget line without a kind", "budgets.csv", set_cell("budget_id", "wmca_if", "kind", ""),
     "column kind", False),
    ("one-off over several years", "budgets.csv", set_cell("budget_id", "glcca_capital", "last_fy", "2026-27"),
     "one-off line has one year", False),
    ("part counted with its whole", "budgets.csv",
     both(set_cell("budget_id", "gmca_crsts1", "part_of_first_fy", "2026-27"),
          set_cell("budget_id", "gmca_crsts1", "part_of_last_fy", "2026-27")),
     "both count in 2025-26", False),
    ("two settlements in one year", "budgets.csv",
     both(set_cell("budget_id", "wyca_is_2026_30", "countable", "yes"),
          set_cell("budget_id", "wyca_is_2026_27", "part_of", ""),
          set_cell("budget_id", "wyca_is_2026_27", "part_of_first_fy", ""),
          set_cell("budget_id", "wyca_is_2026_27", "part_of_last_fy", "")),
     "integrated settlement lines counted in 2026-27", False),
    ("parts above parent", "budgets.csv", set_cell("budget_id", "gmca_crsts1", "amount_gbp", "9000000000"),
     "come to", False),
    ("missing part_of target", "budgets.csv", set_cell("budget_id", "gmca_crsts1", "part_of", "no_such_budget"),
     "unknown budget_id", False),
    ("nations' budgets on two definitions", "nation_budgets.csv",
     set_cell("nation_id", "wales", "measure", "Welsh Government Final Budget headline"),
     "2 definitions", False),
    ("authority without districts", "authority_districts.csv",
     drop_rows(lambda h, r: r[h.index("authority_id")] == "tvca"), "has no 2024-vintage rows", False),
    ("2025 Barnsley code in a 2024 row", "authority_districts.csv",
     set_cell("lad_code", "E08000016", "lad_code", "E08000038"), "is a 2025 code", False),
    ("district not in LAD 2024 boundaries", "authority_districts.csv",
     set_cell("lad_code", "E06000001", "lad_code", "E06999999"), "not in LAD Dec 2024", True),
    ("membership differs from ONS lookup", "authority_districts.csv",
     drop_rows(lambda h, r: r[h.index("lad_code")] == "E08000010" and r[h.index("lad_vintage")] == "2025"),
     "differ from the ONS lookup", True),
    ("county district missing", "authority_districts.csv",
     drop_rows(lambda h, r: r[h.index("lad_code")] == "E07000045" and r[h.index("lad_vintage")] == "2024"),
     "are not listed for", True),
    ("pre-2013 Gateshead code in a 2024 row", "authority_districts.csv",
     set_cell("lad_code", "E08000037", "lad_code", "E08000020"), "was recoded to E08000037", False),
    ("unknown change type", "code_changes.csv", set_cell("change_id", "cc_e07000004", "change_type", "split"),
     "column change_type", False),
    ("code change across nations", "code_changes.csv", set_cell("change_id", "cc_s12000015", "new_code", "E06000047"),
     "crosses nations", False),
    ("merger missing a district", "code_changes.csv",
     drop_rows(lambda h, r: r[h.index("change_id")] == "cc_e07000004"), "merger into E06000060 lists 3", False),
    ("chain running backwards", "code_changes.csv", set_cell("change_id", "cc_e06000048", "effective_date", "2009-01-01"),
     "not after this change", False),
    ("old code still live in LAD 2024", "code_changes.csv",
     set_cell("change_id", "cc_e07000004", "old_code", "E07000008"), "still in LAD Dec 2024", True),
    ("new name differs from ONS", "code_changes.csv",
     set_cell("change_id", "cc_s12000015", "new_name", "Kingdom of Fife"), "differs from LAD24NM", True),
]


def run_self_tests(dataset, real, out):
    have_real = bool(real) and os.path.isdir(real)
    failures = []
    with tempfile.TemporaryDirectory(prefix="devomap-dataset-selftest-") as tmp:
        for name, file, edit, expected, needs_real in SELF_TESTS:
            if needs_real and not have_real:
                print(f"SKIPPED: self-test '{name}': needs the real ONS files", file=out)
                continue
            copy = os.path.join(tmp, re.sub(r"\W+", "_", name))
            shutil.copytree(dataset, copy)
            edit_csv(os.path.join(copy, file), edit)
            errors = validate(copy, real if needs_real else None, io.StringIO())
            hit = [e for e in errors if expected in e]
            if hit:
                print(f"SELF-TEST {name}: broken copy rejected as expected ({hit[0]})", file=out)
            else:
                failures.append(f"FAIL self-test '{name}': the broken copy of {file} was not rejected "
                                f"with '{expected}' (errors: {errors[:3]})")
                print(failures[-1], file=out)
    return failures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", required=True, help="folder with the dataset CSV files")
    parser.add_argument("--real-data", default=None,
                        help="ONS files folder (default: $DEVOMAP_TEST_DATA, else --real-data-default)")
    parser.add_argument("--real-data-default", default=None, help="fallback when DEVOMAP_TEST_DATA is unset")
    parser.add_argument("--skip-self-tests", action="store_true")
    args = parser.parse_args(argv)
    real = args.real_data or os.environ.get("DEVOMAP_TEST_DATA") or args.real_data_default
    print(f"Validating {args.dataset} (real ONS files: {real})")
    errors = validate(args.dataset, real, sys.stdout)
    if not args.skip_self_tests:
        errors += run_self_tests(args.dataset, real, sys.stdout)
    if errors:
        print(f"{len(errors)} failure(s); the dataset or the validator needs fixing.", file=sys.stderr)
        return 1
    print("All dataset checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
