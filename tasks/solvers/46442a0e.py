# 46442a0e: the grid and its three quarter turns, as four quadrants turning clockwise.
def solve(S, I):
    x1 = rot90(I)
    x2 = rot180(I)
    x3 = rot270(I)
    x4 = concat_h(I, x1)
    x5 = concat_h(x3, x2)
    O = concat_v(x4, x5)
    return O
