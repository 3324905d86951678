# ea786f4a: both diagonals through the black centre turn black.
def solve(S, I):
    x1 = grid_indices(I)
    x2 = centre(x1)
    x3 = diagonal_indices(I, x2)
    x4 = antidiagonal_indices(I, x2)
    x5 = union(x3, x4)
    x6 = identity(x5)
    O = fill(I, 0, x6)
    return O
