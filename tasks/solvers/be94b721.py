# be94b721: crop the largest shape.
def solve(S, I):
    x1 = objects_single_colour_diagonal(I)
    x2 = largest(x1)
    O = subgrid(I, x2)
    return O
