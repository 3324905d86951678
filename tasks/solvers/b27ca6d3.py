# b27ca6d3: red dominoes get a green ring; single red cells do not.
def solve(S, I):
    x1 = objects_single_colour(I)
    x2 = size_filter(x1, 2)
    x3 = merge_apply(x2, patch_neighbours8)
    x4 = identity(x3)
    O = underfill(I, 3, x4)
    return O
