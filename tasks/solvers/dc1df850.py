# dc1df850: red cells, and only red ones, get a blue ring around them.
def solve(S, I):
    x1 = colour_indices(I, 2)
    x2 = patch_neighbours8(x1)
    O = underfill(I, 1, x2)
    return O
