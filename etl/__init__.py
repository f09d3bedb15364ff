"""The liftbalance library: bytes in, validated sets, DuckDB, weekly balance out.

Nothing here imports dash or plotly; the CLI and the dashboard are thin fronts over it.
"""
