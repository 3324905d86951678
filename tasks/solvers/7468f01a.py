# 7468f01a: crop the rectangle and mirror it left to right.
def solve(S, I):
    x1 = crop_to_content(I)
    O = mirror_left_right(x1)
    return O
