# 3af2c5a8: the grid and its three mirror images, as four quadrants.
def solve(S, I):
    O = mirror_quad(I)
    return O
