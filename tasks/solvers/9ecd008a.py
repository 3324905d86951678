# 9ecd008a: a left-right symmetric mosaic with a black hole: output what the hole hides.
def solve(S, I):
    x1 = mirror_left_right(I)
    x2 = colour_indices(I, 0)
    O = subgrid(x1, x2)
    return O
