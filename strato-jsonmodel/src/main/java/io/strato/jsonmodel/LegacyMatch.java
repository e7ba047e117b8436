package io.strato.jsonmodel;

import java.util.Set;

/**
 * The search flags of the deprecated {@link ColumnDef} methods ({@code isArray()},
 * {@code in()}, {@code inAll()}, {@code isAnyOfArray()}, {@code textSearch()}). They could be
 * called in any order and combined, so they are collected and turned into one
 * {@link MatchMode} when the column is resolved, with the checks they always had.
 */
enum LegacyMatch {
  IS_ARRAY, IN, IN_ALL, IS_ANY_OF_ARRAY, TEXT_SEARCH;

  /**
   * The mode a set of flags meant.
   *
   * @param flags the flags given (may be empty)
   * @return the mode, or null when no flag was given
   * @throws IllegalArgumentException (without the column's name; the resolver adds it) for
   *     combinations that never made sense
   */
  static MatchMode toMode(Set<LegacyMatch> flags) {
    if (flags.isEmpty()) {
      return null;
    }
    boolean array = flags.contains(IS_ARRAY) || flags.contains(IS_ANY_OF_ARRAY);
    boolean in = flags.contains(IN);
    if (flags.contains(TEXT_SEARCH)) {
      if (flags.size() > 1) {
        throw new IllegalArgumentException("textSearch cannot be combined with in/isArray/falsyBool");
      }
      return MatchMode.TEXT_SEARCH;
    }
    if (flags.contains(IN_ALL)) {
      if (!array) {
        throw new IllegalArgumentException("inAll requires isArray");
      }
      if (in || flags.contains(IS_ANY_OF_ARRAY)) {
        throw new IllegalArgumentException("inAll cannot be combined with in/isAnyOfArray");
      }
      return MatchMode.IN_ALL;
    }
    if (flags.contains(IS_ANY_OF_ARRAY) || (array && in)) {
      return MatchMode.IS_ANY_OF_ARRAY;
    }
    return array ? MatchMode.IS_ARRAY : MatchMode.IN;
  }
}
