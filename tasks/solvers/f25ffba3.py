# f25ffba3: the drawing in the bottom half is mirrored into the empty top half.
def solve(S, I):
    x1 = bottom_half(I)
    x2 = mirror_top_bottom(x1)
    O = concat_v(x2, x1)
    return O
