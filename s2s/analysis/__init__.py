"""Analyses annotate or summarize the core-form tree; they never rewrite it."""
