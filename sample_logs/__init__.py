"""Generators for liftbalance's demo data and benchmark inputs.

The demo (`make run`) and the benchmarks need workout exports that look like what Strong and Hevy really
write. This package builds them from one training model, so the demo story and the synthetic benchmark
files share exercise names, set kinds and quoting. ``python -m sample_logs.generate`` rewrites the
committed sample files.
"""
