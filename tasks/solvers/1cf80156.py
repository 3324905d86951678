# 1cf80156: crop the shape.
def solve(S, I):
    O = crop_to_content(I)
    return O
