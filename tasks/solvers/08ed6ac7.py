# 08ed6ac7: bars are coloured by height: tallest blue, then red, green, yellow.
def solve(S, I):
    x1 = objects_single_colour(I)
    x2 = order(x1, object_size)
    x3 = interval(4, 0, -1)
    x4 = pairwise(x2, x3)
    x5 = fork(recolour, first, last)
    x6 = apply(x4, x5)
    x7 = merge(x6)
    x8 = identity(x7)
    O = paint(I, x8)
    return O
