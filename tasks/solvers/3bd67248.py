# 3bd67248: from a coloured left column, a red antidiagonal rises and a yellow floor runs right.
def solve(S, I):
    x1 = width(I)
    x2 = decrement(x1)
    x3 = make_pair(0, x2)
    x4 = antidiagonal_indices(I, x3)
    x5 = underfill(I, 2, x4)
    x6 = height(I)
    x7 = decrement(x6)
    x8 = row_indices(I, x7)
    O = underfill(x5, 4, x8)
    return O
