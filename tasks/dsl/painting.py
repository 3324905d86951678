"""Whole-grid edits that keep the grid's shape: the recurring moves of ARC tasks.

Each primitive here does in one step what would take a long program of the
finer primitives (objects, lines, fill): gravity, rays and connections drawn
from cells, regions filled by what encloses them, objects recoloured by a
property. One step is what the bottom-up enumeration can reach cheaply.
"""

from __future__ import annotations
