# 67a3c6ac: the grid mirrored left to right.
def solve(S, I):
    O = mirror_left_right(I)
    return O
