"""Helpers for notebooks: ``pictures`` draws grids, tasks and traces; ``explore`` reads a run's store."""
