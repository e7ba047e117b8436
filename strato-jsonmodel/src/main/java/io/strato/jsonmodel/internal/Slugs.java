package io.strato.jsonmodel.internal;

import java.text.Normalizer;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** URL slugs: {@code "Crème Brûlée!"} → {@code "creme-brulee"}, made unique with a suffix. */
public final class Slugs {
  /** Slugs are cut to this many characters (before a uniqueness suffix). */
  public static final int MAX_LENGTH = 80;
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final int MAX_TRIES = 10_000;

  private Slugs() {}

  /**
   * Turns text into a slug: accents removed, lower case, runs of anything but letters and
   * digits become one dash, no leading/trailing dash, at most {@link #MAX_LENGTH}
   * characters. Letters of other scripts are kept.
   *
   * @param text the text (null or blank gives {@code "item"})
   * @return the slug, never empty
   */
  public static String slugify(String text) {
    if (text == null) {
      return "item";
    }
    String s = Normalizer.normalize(text, Normalizer.Form.NFKD);
    s = MARKS.matcher(s).replaceAll("");
    s = s.replace("ß", "ss").replace("æ", "ae").replace("Æ", "ae").replace("ø", "o").replace("Ø", "o")
        .replace("ł", "l").replace("Ł", "l").replace("đ", "d").replace("Đ", "d");
    s = NOT_WORD.matcher(s.toLowerCase(Locale.ROOT)).replaceAll("-");
    s = trimDashes(s);
    if (s.length() > MAX_LENGTH) {
      int end = MAX_LENGTH;
      if (Character.isLowSurrogate(s.charAt(end))) {
        end--;
      }
      s = trimDashes(s.substring(0, end));
    }
    return s.isEmpty() ? "item" : s;
  }

  /**
   * The first of {@code base}, {@code base-2}, {@code base-3}, … that is not taken.
   *
   * @param base the slug
   * @param taken tells whether a slug is in use by another item
   * @return the unique slug
   */
  public static String unique(String base, Predicate<String> taken) {
    if (!taken.test(base)) {
      return base;
    }
    for (int i = 2; i < MAX_TRIES; i++) {
      String s = base + "-" + i;
      if (!taken.test(s)) {
        return s;
      }
    }
    return base + "-" + java.util.UUID.randomUUID();
  }

  private static String trimDashes(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && s.charAt(a) == '-') {
      a++;
    }
    while (b > a && s.charAt(b - 1) == '-') {
      b--;
    }
    return s.substring(a, b);
  }
}
