"""Benchmark cases and the protocol-level hall client: measuring tools, not product."""
