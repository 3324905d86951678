# 6430c8c4: two halves above and below a separator: green where neither is coloured.
def solve(S, I):
    x1 = split_rows(I, 2)
    x2 = grids_first(x1)
    x3 = grids_last(x1)
    x4 = grid_or(x2, x3, 1)
    O = grid_not(x4, 3)
    return O
