"""Benchmarks: each module measures one area and prints one JSON object."""
