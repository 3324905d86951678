# c8f0f002: orange turns grey.
def solve(S, I):
    O = replace_colour(I, 7, 5)
    return O
