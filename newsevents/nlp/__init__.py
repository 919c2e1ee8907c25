"""Annotations: the spaCy pipeline and the project's own components.

Components add actors, dates, places, counts and quotes to a parsed Doc;
the event coder (newsevents.events) reads them.
"""
