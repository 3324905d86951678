# 6d0aefbc: the grid with its mirror image to the right.
def solve(S, I):
    x1 = mirror_left_right(I)
    O = concat_h(I, x1)
    return O
