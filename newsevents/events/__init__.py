"""Events: coding an annotated document (coder.py, within.py) and merging reports
of one event across documents (merge.py)."""
