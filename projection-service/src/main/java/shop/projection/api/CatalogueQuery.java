package shop.projection.api;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A validated catalogue search: {@code q} becomes a prefix match on every word ("bie blo" finds "Bière blonde"),
 * {@code sort} is {@code name}, {@code price}, {@code -price}, {@code popularity}, or by relevance when absent and
 * {@code q} is given (else by name).
 */
public record CatalogueQuery(List<String> words, String category, String locationId, boolean inStock, Sort sort,
    int page, int size) {

  public enum Sort {
    NAME,
    PRICE,
    PRICE_DESC,
    POPULARITY,
    RELEVANCE;

    /** The API's name of a sort, null when unknown. */
    public static Sort parse(String s, boolean hasWords) {
      if (s == null) {
        return hasWords ? RELEVANCE : NAME;
      }
      switch (s) {
        case "name" :
          return NAME;
        case "price" :
          return PRICE;
        case "-price" :
          return PRICE_DESC;
        case "popularity" :
          return POPULARITY;
        default :
          return null;
      }
    }
  }

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  /** The searchable words of {@code q} (letters and digits), lower case, at most 10. */
  public static List<String> words(String q) {
    List<String> words = new ArrayList<>();
    if (q != null) {
      Matcher m = WORD.matcher(Normalizer.normalize(q, Normalizer.Form.NFC).toLowerCase(Locale.ROOT));
      while (m.find() && words.size() < 10) {
        words.add(m.group());
      }
    }
    return words;
  }

  /** The PostgreSQL tsquery text: every word as a prefix, all required; null when there are none. */
  public String tsquery() {
    return words.isEmpty() ? null : String.join(" & ", words.stream().map(w -> w + ":*").toList());
  }
}
