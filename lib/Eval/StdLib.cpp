//===- StdLib.cpp - The RASP standard library source ----------------------===//
//
// The library every session loads at start-up. It provides the functions of
// the reference interpreter's library with the same names, parameters and
// results, written for this project. `__selector_width` is an intrinsic that
// only this file can see: it counts selected keys natively, giving the exact
// widths the reference obtains with its averaging trick, as one IR op the
// compiler can lower directly.
//
//===----------------------------------------------------------------------===//

#include "StdLib.h"

const char *rasp::eval::getStdLibSource() {
  return R"RASP(# RASP standard library.

# Every query attends to every key.
full_s = select(1, 1, ==);

# The input length, at every position.
length = __selector_width(full_s);

# How many keys each query selects.
def selector_width(sel) {
	return __selector_width(sel);
}

# True where the query selects at least one key.
def has_focus(sel) {
	return aggregate(sel, 1, 0) > 0;
}

# How often `atom` occurs in `seq`, at every position.
def count(seq, atom) {
	fraction = aggregate(full_s, indicator(seq == atom));
	return round(length * fraction);
}

# Whether `atom` occurs anywhere in `seq`, at every position.
def contains(seq, atom) {
	return aggregate(full_s, indicator(seq == atom)) > 0;
}

def max(a, b) {
	return a if a > b else b;
}

def min(a, b) {
	return a if a < b else b;
}

# The mean of `a` over all positions.
def average(a) {
	return aggregate(full_s, a);
}

# Every position reads `seq` at position `location`.
def load_from_location(seq, location) {
	return aggregate(select(indices, location, ==), seq);
}

# Position i reads seq[i - n]; positions with no source get `filler`.
def shift(seq, n, filler) {
	return aggregate(select(indices + n, indices, ==), seq, filler);
}

def mark_last_instance(seq, val) {
	is_val = seq == val;
	val_later = select(seq, val, ==) and select(indices, indices, >);
	return is_val and not has_focus(val_later);
}

def mark_first_instance(seq, val) {
	is_val = seq == val;
	val_earlier = select(seq, val, ==) and select(indices, indices, <);
	return is_val and not has_focus(val_earlier);
}

def select_from_last(seq, val) {
	return select(mark_last_instance(seq, val), True, ==);
}

def select_from_first(seq, val) {
	return select(mark_first_instance(seq, val), True, ==);
}

# Stable ascending sort of `seq` by `key`: each element goes to the number of
# elements before it in the sorted order.
def sort(seq, key) {
	goes_before = select(key, key, <) or
		(select(key, key, ==) and select(indices, indices, <));
	destination = selector_width(goes_before);
	return aggregate(select(destination, indices, ==), seq);
}

# Each position selects the next later position holding the same value.
def select_next_identical(seq) {
	same_before = select(seq, seq, ==) and select(indices, indices, <);
	rank = selector_width(same_before);
	return select(seq, seq, ==) and select(rank, rank + 1, ==);
}
)RASP";
}
