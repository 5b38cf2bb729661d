"""Test utilities shared by s2s's tests: finite differences, subprocesses, user modules."""
