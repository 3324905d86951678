# d631b094: count the coloured cells: a one-row bar that long, in their colour.
def solve(S, I):
    # Not foreground_colour: the coloured cells may outnumber the black ones.
    x1 = palette(I)
    x2 = max_value(x1, identity)
    x3 = colour_count(I, x2)
    x4 = make_pair(1, x3)
    O = canvas(x2, x4)
    return O
