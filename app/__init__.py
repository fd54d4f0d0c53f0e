"""Dateline: news articles in, a dated timeline of events out."""

__version__ = "0.1.0"
