package io.strato.jsonmodel;

import java.util.List;

/**
 * One page of search results.
 *
 * @param items the items of this page, in sort order
 * @param cursor continues after the last item; null when no more rows can follow (or no
 *     limit was given, or {@code noCursor})
 * @param prevCursor continues before the first item; null on the first page
 * @param total the number of all matches, or null with {@code noTotal}/{@code noCursor}
 * @param <T> the item type
 */
public record Page<T>(List<T> items, String cursor, String prevCursor, Long total) {
  /**
   * Creates a page; the item list is copied (nulls are not allowed in it).
   *
   * @param items the items
   * @param cursor the next cursor or null
   * @param prevCursor the previous cursor or null
   * @param total the total or null
   */
  public Page {
    items = List.copyOf(items);
  }
}
