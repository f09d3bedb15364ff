"""Pandera models for every stage boundary of liftbalance.

This package depends on nothing else in the project (and never on dash or plotly):
it is the contract each stage of the one-way data flow is checked against.
"""
