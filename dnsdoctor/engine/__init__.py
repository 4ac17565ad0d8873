"""Selects the checks of a command, runs them and builds the report."""
