# 25ff71a9: everything moves down one row.
def solve(S, I):
    O = shift_grid(I, DOWN, 0)
    return O
