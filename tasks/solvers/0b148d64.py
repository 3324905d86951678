# 0b148d64: four noisy quadrants, one in a colour of its own: crop that one.
def solve(S, I):
    x1 = least_common_colour(I)
    x2 = colour_indices(I, x1)
    O = subgrid(I, x2)
    return O
