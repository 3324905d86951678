# d2abd087: grey shapes of six cells turn red, all others blue.
def solve(S, I):
    x1 = objects_single_colour(I)
    x2 = size_filter(x1, 6)
    x3 = merge(x2)
    x4 = identity(x3)
    x5 = recolour_grid(I, 1)
    O = fill(x5, 2, x4)
    return O
