#!/usr/bin/env python3
"""Writes a census file in the nyc-2015 layout: the 10,189-tree sample resampled to ROWS rows, every
row with a new tree_id and its position moved by up to about 50 m (all 42 columns kept; the State
Plane feet x_sp and y_sp moved with it, by the Lambert conic conformal formulas of EPSG:2263, so
that a mapped import reading them finds the same point).
Usage: gen-census.py SAMPLE.csv ROWS OUT.csv [FIRST_TREE_ID] [SEED]"""
import csv
import math
import random
import sys

# EPSG:2263, NAD83 / New York Long Island (US survey feet): IOGP Guidance Note 7-2, 3.2.1.1.
A, F = 6378137.0, 1 / 298.257222101
E = math.sqrt(2 * F - F * F)


def _m(lat):
    return math.cos(lat) / math.sqrt(1 - (E * math.sin(lat)) ** 2)


def _t(lat):
    s = math.sin(lat)
    return math.tan(math.pi / 4 - lat / 2) / ((1 - E * s) / (1 + E * s)) ** (E / 2)


LAT1, LAT2, LATF = (math.radians(d) for d in (41 + 2 / 60, 40 + 40 / 60, 40 + 10 / 60))
N = (math.log(_m(LAT1)) - math.log(_m(LAT2))) / (math.log(_t(LAT1)) - math.log(_t(LAT2)))
FF = _m(LAT1) / (N * _t(LAT1) ** N)
RF = A * FF * _t(LATF) ** N


def state_plane_feet(lat, lng):
    r = A * FF * _t(math.radians(lat)) ** N
    theta = N * (math.radians(lng) + math.radians(74))
    metre = 1200 / 3937
    return (300000 + r * math.sin(theta)) / metre, (RF - r * math.cos(theta)) / metre


sample_path, rows, out_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
first_id = int(sys.argv[4]) if len(sys.argv) > 4 else 10_000_000
rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 1)
with open(sample_path, newline="", encoding="utf-8") as f:
    reader = csv.DictReader(f)
    header = reader.fieldnames
    sample = list(reader)
with open(out_path, "w", newline="", encoding="utf-8") as f:
    writer = csv.DictWriter(f, fieldnames=header)
    writer.writeheader()
    for i in range(rows):
        row = dict(rng.choice(sample))
        lat = float(row["latitude"]) + (rng.random() - 0.5) * 0.0009
        lng = float(row["longitude"]) + (rng.random() - 0.5) * 0.0012
        row["tree_id"] = str(first_id + i)
        row["latitude"] = f"{lat:.8f}"
        row["longitude"] = f"{lng:.8f}"
        row["the_geom"] = f"POINT ({lng} {lat})"
        x, y = state_plane_feet(float(row["latitude"]), float(row["longitude"]))
        row["x_sp"] = f"{x:.6f}"
        row["y_sp"] = f"{y:.6f}"
        writer.writerow(row)
