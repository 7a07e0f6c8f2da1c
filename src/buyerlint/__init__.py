"""buyerlint: lint seller-to-buyer Amazon messages before they are sent."""
from __future__ import annotations

__version__ = "0.1.0"
