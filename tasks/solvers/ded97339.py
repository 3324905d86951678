# ded97339: light-blue cells in the same row or column are joined by a line.
def solve(S, I):
    x1 = colour_indices(I, 8)
    x2 = product(x1, x1)
    x3 = fork(connect, first, last)
    x4 = apply(x2, x3)
    # connect also joins diagonals: keep only the straight lines.
    x5 = fork(either, is_hline, is_vline)
    x6 = merge_keep_if(x4, x5)
    x7 = identity(x6)
    O = fill(I, 8, x7)
    return O
