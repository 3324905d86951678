# a79310a0: the light-blue shape moves down one row and turns red.
def solve(S, I):
    x1 = shift_grid(I, DOWN, 0)
    O = replace_colour(x1, 8, 2)
    return O
