"""Evaluation: score the coder against gold files and the labelled dev sets."""
