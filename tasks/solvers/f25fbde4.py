# f25fbde4: crop the shape and scale it up twice.
def solve(S, I):
    x1 = crop_to_content(I)
    O = upscale(x1, 2)
    return O
