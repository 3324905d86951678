# b91ae062: scale the grid up by the number of colours other than black.
def solve(S, I):
    x1 = num_colours(I)
    x2 = decrement(x1)
    O = upscale(I, x2)
    return O
