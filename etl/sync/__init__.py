"""Imports pulled from an app's API instead of an exported file (today: Hevy's public API).

One concern per module: ``hevy_api`` talks HTTP (paging, retries, errors), ``hevy_reader`` turns the
API's workouts into the Hevy CSV's raw rows (the reader contract, so the CSV's parse, normalisation,
validation and store apply), ``hevy_key`` keeps the lifter's API key, and ``hevy_sync`` runs one sync
in one transaction and records it like an upload.
"""
