# aabf363d: the shape takes the colour of the cell in the bottom-left corner, which is erased.
def solve(S, I):
    x1 = grid_indices(I)
    x2 = lower_left(x1)
    x3 = colour_at(I, x2)
    x4 = replace_colour(I, x3, 0)
    O = recolour_grid(x4, x3)
    return O
