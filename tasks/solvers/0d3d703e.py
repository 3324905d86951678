# 0d3d703e: a fixed colour code: 1<->5, 2<->6, 3<->4, 8<->9.
def solve(S, I):
    x1 = switch_colours(I, 1, 5)
    x2 = switch_colours(x1, 2, 6)
    x3 = switch_colours(x2, 3, 4)
    O = switch_colours(x3, 8, 9)
    return O
