# a699fb00: a red cell goes between two blue cells one apart in a row.
def solve(S, I):
    x1 = shift_grid(I, RIGHT, 0)
    x2 = shift_grid(I, LEFT, 0)
    x3 = grid_and(x1, x2, 2)
    x4 = as_grids(I, x3)
    O = overlay(x4)
    return O
