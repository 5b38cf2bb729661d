"""Derivative transformations over core form: reverse mode (and, later, forward mode)."""
