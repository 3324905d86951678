# 44f52bb0: a left-right symmetric grid answers blue (1), any other orange (7).
def solve(S, I):
    x1 = mirror_left_right(I)
    x2 = equals(I, x1)
    x3 = branch(x2, 1, 7)
    O = canvas(x3, UNITY)
    return O
