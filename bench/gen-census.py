#!/usr/bin/env python3
"""Writes a census file in the nyc-2015 layout: the 10,189-tree sample resampled to ROWS rows, every
row with a new tree_id and its position moved by up to about 50 m (all 42 columns kept).
Usage: gen-census.py SAMPLE.csv ROWS OUT.csv [FIRST_TREE_ID] [SEED]"""
import csv
import random
import sys

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
        writer.writerow(row)
