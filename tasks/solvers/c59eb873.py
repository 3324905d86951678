# c59eb873: every cell becomes a 2x2 block.
def solve(S, I):
    O = upscale(I, 2)
    return O
