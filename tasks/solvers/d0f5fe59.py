# d0f5fe59: count the shapes: an n x n grid with a light-blue diagonal.
def solve(S, I):
    x1 = objects_single_colour_diagonal(I)
    x2 = size(x1)
    x3 = square_pair(x2)
    x4 = canvas(0, x3)
    x5 = diagonal_indices(x4, ORIGIN)
    O = fill(x4, 8, x5)
    return O
