# 9565186b: every colour but the most common one turns grey.
def solve(S, I):
    x1 = most_common_colour(I)
    x2 = shape(I)
    x3 = canvas(x1, x2)
    O = cellwise(I, x3, 5)
    return O
