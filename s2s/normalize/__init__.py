"""Passes that bring a parsed function into core form (see ``s2s.normalize.pipeline``)."""
