"""Primitives whose output is a different grid than the input's shape: picking a part, summarising.

Crops chosen by a property of what they hold, grids built from counts, and
the cell-by-cell combination of a grid's parts.
"""

from __future__ import annotations
