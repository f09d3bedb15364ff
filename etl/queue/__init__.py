"""Imports through a PostgreSQL job queue (procrastinate), for the hosted mode.

With ``--db postgresql://...`` the web processes only keep each upload's bytes and queue an import job;
any number of ``liftbalance worker`` processes, on any machines, run the jobs. The embedded DuckDB mode
keeps its in-process thread pool (``dashboard.jobs``): one process owns that file.
"""
