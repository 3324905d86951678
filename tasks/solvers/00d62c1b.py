# 00d62c1b: cells enclosed by the green walls turn yellow.
def solve(S, I):
    x1 = colour_indices(I, 3)
    x2 = holes(x1)
    O = fill(I, 4, x2)
    return O
