"""Evaluation: fixtures, field-level scorers and reports."""
