# 23b5c85d: overlapping rectangles: output the smallest one.
def solve(S, I):
    x1 = objects_single_colour(I)
    x2 = smallest(x1)
    O = subgrid(I, x2)
    return O
