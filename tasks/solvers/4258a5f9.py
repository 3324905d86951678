# 4258a5f9: every grey cell gets a blue ring around it.
def solve(S, I):
    x1 = colour_indices(I, 5)
    x2 = patch_neighbours8(x1)
    O = underfill(I, 1, x2)
    return O
