# e3497940: fold the right half over the left half along the grey spine.
def solve(S, I):
    x1 = split_columns(I, 2)
    x2 = grids_first(x1)
    x3 = grids_last(x1)
    x4 = mirror_left_right(x3)
    x5 = as_grids(x2, x4)
    O = overlay(x5)
    return O
