package io.treenetra.platform.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text a client typed, as a PostgreSQL text query for the {@code treenetra} configuration (English
 * stemming, no accents; V4 migration): every word must match, each as a prefix, so "map" finds
 * "maple" and "maples" finds "maple". Only letters and digits pass, so nothing the client types can
 * change the query's syntax.
 */
public final class TextSearch {

  private static final String AND = " & ";

  public static final int MAX_LENGTH = 200;
  public static final int MAX_WORDS = 16;
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  private TextSearch() {}

  /** The words of the text, lower-cased. */
  public static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    Matcher matcher = WORD.matcher(text);
    while (matcher.find()) {
      words.add(matcher.group().toLowerCase(Locale.ROOT));
    }
    return words;
  }

  /** The text query of these words: {@code 'red':* & 'map':*}. */
  public static String prefixQuery(List<String> words) {
    return String.join(AND, words.stream().map(word -> "'" + word + "':*").toList());
  }

  /** Whether a query of {@link #prefixQuery} asks for more than one word. */
  public static boolean severalWords(String prefixQuery) {
    return prefixQuery.contains(AND);
  }
}
