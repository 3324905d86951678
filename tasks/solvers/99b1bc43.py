# 99b1bc43: two halves above and below a separator: green where exactly one is coloured.
def solve(S, I):
    x1 = split_rows(I, 2)
    x2 = grids_first(x1)
    x3 = grids_last(x1)
    O = grid_xor(x2, x3, 3)
    return O
