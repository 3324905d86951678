# 5582e5ca: the grid filled with its most common colour.
def solve(S, I):
    x1 = most_common_colour(I)
    x2 = shape(I)
    O = canvas(x1, x2)
    return O
