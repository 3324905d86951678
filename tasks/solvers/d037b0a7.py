# d037b0a7: every coloured cell drips its colour down to the bottom edge.
def solve(S, I):
    x1 = right_bind(shift_grid, 0)
    x2 = right_bind(x1, DOWN)
    x3 = fork(as_grids, x2, identity)
    x4 = compose(overlay, x3)
    O = fixed_point(I, x4)
    return O
