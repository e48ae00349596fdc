"""Vallei Player: guided, self-paced practice programmes, planned, played and logged privately."""

__version__ = "0.1.0"
