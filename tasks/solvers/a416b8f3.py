# a416b8f3: two copies of the grid side by side.
def solve(S, I):
    O = concat_h(I, I)
    return O
