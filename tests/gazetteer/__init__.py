"""Tests of the offline gazetteer."""
