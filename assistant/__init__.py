"""Guidance assistant for Finnish family centres: grounded answers from the centre's own material."""

__version__ = "0.1.0"
