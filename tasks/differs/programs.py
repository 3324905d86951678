"""The differs, as DSL programs: each compares a candidate grid I with the expected grid C.

This file is data, read by ``tasks.differs`` through ``tasks.programs.parse``; it is
never imported or executed. Every differ returns ``(score, diff)``: score
0..1000, 1000 only when I and C are identical; diff says what differs.

Recurring idioms, spelled out here once:
- 1000 is built as 10 * 10 * 10 (the DSL's integer constants stop at 10);
- a measure that can be perfect while the grids still differ (same shape,
  same palette, ...) is capped at 999 unless ``equals(I, C)``;
- a ratio of two set sizes adds one to each side, so two empty sets agree;
- the result pair is built with ``repeat``, ``pairwise`` and ``first``,
  since the DSL has no constructor for a pair of arbitrary values.
"""


def cells(S, I, C):
    """Share of coloured cells in common, whatever the shapes; diff: expected cells missed."""
    x1 = as_object(I)
    x2 = as_object(C)
    x3 = intersection(x1, x2)
    x4 = size(x3)
    x5 = size(x1)
    x6 = size(x2)
    x7 = maximum(x5, x6)
    x8 = multiply(10, 10)
    x9 = multiply(x8, 10)
    x10 = multiply(x4, x9)
    x11 = divide(x10, x7)
    x12 = difference(x2, x1)
    x13 = repeat(x11, 1)
    x14 = repeat(x12, 1)
    x15 = pairwise(x13, x14)
    O = first(x15)
    return O


def grid_shape(S, I, C):
    """Overlap of the two grid rectangles over their union's box; diff: C's shape minus I's."""
    x1 = height(I)
    x2 = height(C)
    x3 = width(I)
    x4 = width(C)
    x5 = minimum(x1, x2)
    x6 = minimum(x3, x4)
    x7 = maximum(x1, x2)
    x8 = maximum(x3, x4)
    x9 = multiply(x5, x6)
    x10 = multiply(x7, x8)
    x11 = multiply(10, 10)
    x12 = multiply(x11, 10)
    x13 = multiply(x9, x12)
    x14 = divide(x13, x10)
    x15 = decrement(x12)
    x16 = minimum(x14, x15)
    x17 = equals(I, C)
    x18 = branch(x17, x12, x16)
    x19 = shape(C)
    x20 = shape(I)
    x21 = subtract_pair(x19, x20)
    x22 = repeat(x18, 1)
    x23 = repeat(x21, 1)
    x24 = pairwise(x22, x23)
    O = first(x24)
    return O


def palette_overlap(S, I, C):
    """Colours used by both over colours used by either; diff: colours in one grid only."""
    x1 = palette(I)
    x2 = palette(C)
    x3 = intersection(x1, x2)
    x4 = union(x1, x2)
    x5 = size(x3)
    x6 = size(x4)
    x7 = multiply(10, 10)
    x8 = multiply(x7, 10)
    x9 = multiply(x5, x8)
    x10 = divide(x9, x6)
    x11 = decrement(x8)
    x12 = minimum(x10, x11)
    x13 = equals(I, C)
    x14 = branch(x13, x8, x12)
    x15 = difference(x4, x3)
    x16 = repeat(x14, 1)
    x17 = repeat(x15, 1)
    x18 = pairwise(x16, x17)
    O = first(x18)
    return O


def colour_histogram(S, I, C):
    """Histogram intersection of the colour counts; diff: (colour, expected - got) per colour."""
    x1 = palette(I)
    x2 = palette(C)
    x3 = union(x1, x2)
    x4 = to_tuple(x3)
    x5 = left_bind(colour_count, I)
    x6 = left_bind(colour_count, C)
    x7 = fork(minimum, x5, x6)
    x8 = apply(x4, x7)
    x9 = total(x8)
    x10 = shape(I)
    x11 = shape(C)
    x12 = pair_area(x10)
    x13 = pair_area(x11)
    x14 = maximum(x12, x13)
    x15 = multiply(10, 10)
    x16 = multiply(x15, 10)
    x17 = multiply(x9, x16)
    x18 = divide(x17, x14)
    x19 = decrement(x16)
    x20 = minimum(x18, x19)
    x21 = equals(I, C)
    x22 = branch(x21, x16, x20)
    x23 = fork(subtract, x6, x5)
    x24 = apply(x4, x23)
    x25 = to_tuple(x24)
    x26 = pairwise(x4, x25)
    x27 = repeat(x22, 1)
    x28 = repeat(x26, 1)
    x29 = pairwise(x27, x28)
    O = first(x29)
    return O


def object_count(S, I, C):
    """(fewer + 1) / (more + 1) one-colour objects; diff: expected count minus got."""
    x1 = objects_single_colour(I)
    x2 = objects_single_colour(C)
    x3 = size(x1)
    x4 = size(x2)
    x5 = minimum(x3, x4)
    x6 = maximum(x3, x4)
    x7 = increment(x5)
    x8 = increment(x6)
    x9 = multiply(10, 10)
    x10 = multiply(x9, 10)
    x11 = multiply(x7, x10)
    x12 = divide(x11, x8)
    x13 = decrement(x10)
    x14 = minimum(x12, x13)
    x15 = equals(I, C)
    x16 = branch(x15, x10, x14)
    x17 = subtract(x4, x3)
    x18 = repeat(x16, 1)
    x19 = repeat(x17, 1)
    x20 = pairwise(x18, x19)
    O = first(x20)
    return O


def object_sizes(S, I, C):
    """Overlap of the sets of object sizes; diff: sizes found in one grid only."""
    x1 = objects_single_colour(I)
    x2 = objects_single_colour(C)
    x3 = compose(singleton, object_size)
    x4 = merge_apply(x1, x3)
    x5 = merge_apply(x2, x3)
    x6 = intersection(x4, x5)
    x7 = union(x4, x5)
    x8 = size(x6)
    x9 = size(x7)
    x10 = increment(x8)
    x11 = increment(x9)
    x12 = multiply(10, 10)
    x13 = multiply(x12, 10)
    x14 = multiply(x10, x13)
    x15 = divide(x14, x11)
    x16 = decrement(x13)
    x17 = minimum(x15, x16)
    x18 = equals(I, C)
    x19 = branch(x18, x13, x17)
    x20 = difference(x7, x6)
    x21 = repeat(x19, 1)
    x22 = repeat(x20, 1)
    x23 = pairwise(x21, x22)
    O = first(x23)
    return O


def object_positions(S, I, C):
    """Overlap of the objects' top-left corners; diff: expected corners not matched."""
    x1 = objects_single_colour(I)
    x2 = objects_single_colour(C)
    x3 = compose(singleton, upper_left)
    x4 = merge_apply(x1, x3)
    x5 = merge_apply(x2, x3)
    x6 = intersection(x4, x5)
    x7 = union(x4, x5)
    x8 = size(x6)
    x9 = size(x7)
    x10 = increment(x8)
    x11 = increment(x9)
    x12 = multiply(10, 10)
    x13 = multiply(x12, 10)
    x14 = multiply(x10, x13)
    x15 = divide(x14, x11)
    x16 = decrement(x13)
    x17 = minimum(x15, x16)
    x18 = equals(I, C)
    x19 = branch(x18, x13, x17)
    x20 = difference(x5, x4)
    x21 = repeat(x19, 1)
    x22 = repeat(x20, 1)
    x23 = pairwise(x21, x22)
    O = first(x23)
    return O


def object_shapes(S, I, C):
    """Overlap of the objects' shapes, wherever they are; diff: expected shapes not made."""
    x1 = objects_single_colour(I)
    x2 = objects_single_colour(C)
    x3 = chain(singleton, normalise, to_indices)
    x4 = merge_apply(x1, x3)
    x5 = merge_apply(x2, x3)
    x6 = intersection(x4, x5)
    x7 = union(x4, x5)
    x8 = size(x6)
    x9 = size(x7)
    x10 = increment(x8)
    x11 = increment(x9)
    x12 = multiply(10, 10)
    x13 = multiply(x12, 10)
    x14 = multiply(x10, x13)
    x15 = divide(x14, x11)
    x16 = decrement(x13)
    x17 = minimum(x15, x16)
    x18 = equals(I, C)
    x19 = branch(x18, x13, x17)
    x20 = difference(x5, x4)
    x21 = repeat(x19, 1)
    x22 = repeat(x20, 1)
    x23 = pairwise(x21, x22)
    O = first(x23)
    return O


def whole_objects(S, I, C):
    """Overlap of the objects themselves (shape, place and colour); diff: expected ones missed."""
    x1 = objects_single_colour(I)
    x2 = objects_single_colour(C)
    x3 = intersection(x1, x2)
    x4 = union(x1, x2)
    x5 = size(x3)
    x6 = size(x4)
    x7 = increment(x5)
    x8 = increment(x6)
    x9 = multiply(10, 10)
    x10 = multiply(x9, 10)
    x11 = multiply(x7, x10)
    x12 = divide(x11, x8)
    x13 = decrement(x10)
    x14 = minimum(x12, x13)
    x15 = equals(I, C)
    x16 = branch(x15, x10, x14)
    x17 = difference(x2, x1)
    x18 = repeat(x16, 1)
    x19 = repeat(x17, 1)
    x20 = pairwise(x18, x19)
    O = first(x20)
    return O


def foreground_mask(S, I, C):
    """Overlap of where anything is drawn, colours aside; diff: locations drawn in one grid only."""
    x1 = foreground_indices(I)
    x2 = foreground_indices(C)
    x3 = intersection(x1, x2)
    x4 = union(x1, x2)
    x5 = size(x3)
    x6 = size(x4)
    x7 = increment(x5)
    x8 = increment(x6)
    x9 = multiply(10, 10)
    x10 = multiply(x9, 10)
    x11 = multiply(x7, x10)
    x12 = divide(x11, x8)
    x13 = decrement(x10)
    x14 = minimum(x12, x13)
    x15 = equals(I, C)
    x16 = branch(x15, x10, x14)
    x17 = difference(x4, x3)
    x18 = repeat(x16, 1)
    x19 = repeat(x17, 1)
    x20 = pairwise(x18, x19)
    O = first(x20)
    return O


def content_anywhere(S, I, C):
    """Overlap of the drawings (non-background cells) moved to the origin: right drawing, wrong place."""
    x1 = foreground_indices(I)
    x2 = foreground_indices(C)
    x3 = to_object(x1, I)
    x4 = to_object(x2, C)
    x5 = normalise(x3)
    x6 = normalise(x4)
    x7 = intersection(x5, x6)
    x8 = union(x5, x6)
    x9 = size(x7)
    x10 = size(x8)
    x11 = increment(x9)
    x12 = increment(x10)
    x13 = multiply(10, 10)
    x14 = multiply(x13, 10)
    x15 = multiply(x11, x14)
    x16 = divide(x15, x12)
    x17 = decrement(x14)
    x18 = minimum(x16, x17)
    x19 = equals(I, C)
    x20 = branch(x19, x14, x18)
    x21 = difference(x6, x5)
    x22 = repeat(x20, 1)
    x23 = repeat(x21, 1)
    x24 = pairwise(x22, x23)
    O = first(x24)
    return O


def best_symmetry(S, I, C):
    """Cells in common with C of the best of I's eight turns and mirrors; diff: cells still wrong."""
    x1 = rot90(I)
    x2 = rot180(I)
    x3 = rot270(I)
    x4 = mirror_left_right(I)
    x5 = mirror_top_bottom(I)
    x6 = transpose(I)
    x7 = antitranspose(I)
    x8 = singleton(I)
    x9 = insert(x8, x1)
    x10 = insert(x9, x2)
    x11 = insert(x10, x3)
    x12 = insert(x11, x4)
    x13 = insert(x12, x5)
    x14 = insert(x13, x6)
    x15 = insert(x14, x7)
    x16 = as_object(C)
    x17 = left_bind(intersection, x16)
    x18 = chain(size, x17, as_object)
    x19 = argmax(x15, x18)
    x20 = call(x18, x19)
    x21 = shape(I)
    x22 = pair_area(x21)
    x23 = size(x16)
    x24 = maximum(x22, x23)
    x25 = multiply(10, 10)
    x26 = multiply(x25, 10)
    x27 = multiply(x20, x26)
    x28 = divide(x27, x24)
    x29 = decrement(x26)
    x30 = minimum(x28, x29)
    x31 = equals(I, C)
    x32 = branch(x31, x26, x30)
    x33 = as_object(x19)
    x34 = difference(x16, x33)
    x35 = repeat(x32, 1)
    x36 = repeat(x34, 1)
    x37 = pairwise(x35, x36)
    O = first(x37)
    return O


def colour_blind(S, I, C):
    """Overlap of the colour classes as regions, colours ignored; diff: (got, expected) colour swaps."""
    x1 = partition(I)
    x2 = partition(C)
    x3 = compose(singleton, to_indices)
    x4 = merge_apply(x1, x3)
    x5 = merge_apply(x2, x3)
    x6 = intersection(x4, x5)
    x7 = union(x4, x5)
    x8 = size(x6)
    x9 = size(x7)
    x10 = multiply(10, 10)
    x11 = multiply(x10, 10)
    x12 = multiply(x8, x11)
    x13 = divide(x12, x9)
    x14 = decrement(x11)
    x15 = minimum(x13, x14)
    x16 = equals(I, C)
    x17 = branch(x16, x11, x15)
    x18 = merge(I)
    x19 = merge(C)
    x20 = to_tuple(x18)
    x21 = to_tuple(x19)
    x22 = pairwise(x20, x21)
    x23 = fork(equals, first, last)
    x24 = negation(x23)
    x25 = keep_if(x22, x24)
    x26 = to_tuple(x25)
    x27 = dedupe(x26)
    x28 = repeat(x17, 1)
    x29 = repeat(x27, 1)
    x30 = pairwise(x28, x29)
    O = first(x30)
    return O


def row_set(S, I, C):
    """Overlap of the sets of rows, wherever they are: right rows in the wrong order or place."""
    x1 = merge_apply(I, singleton)
    x2 = merge_apply(C, singleton)
    x3 = intersection(x1, x2)
    x4 = union(x1, x2)
    x5 = size(x3)
    x6 = size(x4)
    x7 = multiply(10, 10)
    x8 = multiply(x7, 10)
    x9 = multiply(x5, x8)
    x10 = divide(x9, x6)
    x11 = decrement(x8)
    x12 = minimum(x10, x11)
    x13 = equals(I, C)
    x14 = branch(x13, x8, x12)
    x15 = difference(x2, x1)
    x16 = repeat(x14, 1)
    x17 = repeat(x15, 1)
    x18 = pairwise(x16, x17)
    O = first(x18)
    return O
