"""SystemCraft: a local-first coach for engineering-manager interview loops."""

__version__ = "0.1.0"
