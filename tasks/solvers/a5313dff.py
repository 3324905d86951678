# a5313dff: cells enclosed by the red walls turn blue.
def solve(S, I):
    x1 = colour_indices(I, 2)
    x2 = holes(x1)
    O = underfill(I, 1, x2)
    return O
