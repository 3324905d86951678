# 5614dbcf: a noisy 9x9 grid of 3x3 blocks shrinks to one cell per block, noise ignored.
def solve(S, I):
    O = downscale_majority(I, 3)
    return O
