# 6e82a1ae: grey shapes are coloured by size: four cells blue, three red, two green.
def solve(S, I):
    x1 = objects_single_colour(I)
    x2 = size_filter(x1, 4)
    x3 = size_filter(x1, 3)
    x4 = size_filter(x1, 2)
    x5 = merge(x2)
    x6 = merge(x3)
    x7 = merge(x4)
    x8 = identity(x5)
    x9 = identity(x6)
    x10 = identity(x7)
    x11 = fill(I, 1, x8)
    x12 = fill(x11, 2, x9)
    O = fill(x12, 3, x10)
    return O
