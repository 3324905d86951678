# 1e0a9b12: gravity: the coloured cells of each column fall to the bottom, in order.
def solve(S, I):
    x1 = transpose(I)
    # A stable sort of each column on "is coloured" moves the black cells to its top.
    x2 = right_bind(order, is_positive)
    x3 = apply(x1, x2)
    # apply is typed Container; identity (Any -> Any) lets it pass as the grid it is.
    x4 = identity(x3)
    O = transpose(x4)
    return O
