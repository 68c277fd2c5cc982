"""The installed version of govreport."""

__version__ = "0.1.0"
