"""Benchmarks for liftbalance (``make bench``): every figure is reported as a ratio to a reference."""
