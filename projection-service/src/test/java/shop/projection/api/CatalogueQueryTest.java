package shop.projection.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import shop.projection.api.CatalogueQuery.Sort;

/** How a search text becomes a PostgreSQL tsquery, and how sorts are named (plain Java, no engine). */
class CatalogueQueryTest {

  @Test
  void givenFreeTextWhenSplitThenEveryLetterOrDigitRunIsALowerCaseWordAndTheRestIsDropped() {
    assertThat(CatalogueQuery.words("  Bière, BLONDE!! 33cl ")).containsExactly("bière", "blonde", "33cl");
    assertThat(CatalogueQuery.words("it's a'b & c | d:*")).containsExactly("it", "s", "a", "b", "c", "d");
    assertThat(CatalogueQuery.words("!!! ... ")).isEmpty();
    assertThat(CatalogueQuery.words(null)).isEmpty();
    assertThat(CatalogueQuery.words("a b c d e f g h i j k l")).hasSize(10);
  }

  @Test
  void givenWordsWhenQueriedThenEachIsARequiredPrefix() {
    CatalogueQuery q = new CatalogueQuery(List.of("bie", "blo"), null, null, false, Sort.RELEVANCE, 0, 50);
    assertThat(q.tsquery()).isEqualTo("bie:* & blo:*");
    assertThat(new CatalogueQuery(List.of(), null, null, false, Sort.NAME, 0, 50).tsquery()).isNull();
  }

  @Test
  void givenASortNameWhenParsedThenOnlyTheApiNamesAreKnownAndTheDefaultDependsOnWords() {
    assertThat(Sort.parse("name", false)).isEqualTo(Sort.NAME);
    assertThat(Sort.parse("price", true)).isEqualTo(Sort.PRICE);
    assertThat(Sort.parse("-price", true)).isEqualTo(Sort.PRICE_DESC);
    assertThat(Sort.parse("popularity", false)).isEqualTo(Sort.POPULARITY);
    assertThat(Sort.parse(null, true)).isEqualTo(Sort.RELEVANCE);
    assertThat(Sort.parse(null, false)).isEqualTo(Sort.NAME);
    assertThat(Sort.parse("relevance", true)).isNull();
    assertThat(Sort.parse("PRICE", true)).isNull();
  }
}
