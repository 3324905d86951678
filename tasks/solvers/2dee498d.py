# 2dee498d: a pattern repeated three times across: keep the first copy.
def solve(S, I):
    x1 = width(I)
    x2 = divide(x1, 3)
    x3 = height(I)
    x4 = make_pair(x3, x2)
    O = crop(I, ORIGIN, x4)
    return O
