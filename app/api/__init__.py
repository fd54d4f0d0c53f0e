"""The HTTP layer: one router module per resource, shared dependencies in deps.py."""
