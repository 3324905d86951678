# 7b7f7511: the grid is a pattern repeated twice along its long side: keep one copy.
def solve(S, I):
    x1 = width(I)
    x2 = height(I)
    x3 = greater(x1, x2)
    x4 = left_half(I)
    x5 = top_half(I)
    O = branch(x3, x4, x5)
    return O
