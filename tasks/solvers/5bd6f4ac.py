# 5bd6f4ac: the 3x3 window at the top right of the 9x9 grid.
def solve(S, I):
    x1 = make_pair(0, 6)
    O = crop(I, x1, THREE_BY_THREE)
    return O
