"""What every layer shares: grids, ARC tasks and their loaders, type names, outcomes, budgets."""

from tasks.data.arc import (Dataset, LoadError, Pair, Task, leave_one_out, load_dataset, parse_task,
                            samples_without)
from tasks.data.budget import Budget, BudgetExceeded, DeadlineExceeded
from tasks.data.grid import MAX_SCORE, Grid, GridError, cell_accuracy, to_grid

__all__ = ["Budget", "BudgetExceeded", "Dataset", "DeadlineExceeded", "Grid", "GridError", "LoadError", "MAX_SCORE", "Pair", "Task", "cell_accuracy",
           "leave_one_out", "load_dataset", "parse_task", "samples_without", "to_grid"]
