"""Benchmarks: `make bench` (or BENCH_QUICK=1 for a small, fast run). Each prints ours, the
reference and the ratio. Targets from the issues are recorded next to each row."""
