# 0520fde7: two halves beside a separator: red where both are coloured.
def solve(S, I):
    x1 = split_columns(I, 2)
    x2 = grids_first(x1)
    x3 = grids_last(x1)
    O = grid_and(x2, x3, 2)
    return O
