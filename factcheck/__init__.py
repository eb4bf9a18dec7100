"""factcheck: a claims registry and cross-checker for the figures in news articles."""

__version__ = "0.2.0"
