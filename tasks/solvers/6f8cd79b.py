# 6f8cd79b: an empty grid gets a light-blue frame.
def solve(S, I):
    x1 = grid_indices(I)
    x2 = box(x1)
    O = fill(I, 8, x2)
    return O
