# ea32f347: three grey bars: the longest turns blue, the shortest red, the other yellow.
def solve(S, I):
    x1 = objects_single_colour(I)
    x2 = largest(x1)
    x3 = smallest(x1)
    x4 = replace_colour(I, 5, 4)
    x5 = fill(x4, 1, x2)
    O = fill(x5, 2, x3)
    return O
