# 8be77c9e: the grid with its upside-down image below it.
def solve(S, I):
    x1 = mirror_top_bottom(I)
    O = concat_v(I, x1)
    return O
