# 4c4377d9: the grid's upside-down image with the grid itself below it.
def solve(S, I):
    x1 = mirror_top_bottom(I)
    O = concat_v(x1, I)
    return O
