package shop.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The root README's event-flow table ({@code ## Event flow}: topic | key | producer | event types | consumers), read
 * by tests so that it cannot go stale: the events module checks it against its catalogue, each service checks the
 * topics it consumes against the consumers column.
 */
public final class EventFlowTable {

  /** One topic of the table. */
  public record Row(String topic, String key, String producer, Set<String> types, Set<String> consumers) {
  }

  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern SERVICE = Pattern.compile("\\b([a-z]+-service)\\b");

  private EventFlowTable() {
  }

  /** The root README, found from a module's directory (tests run there) or the root itself. */
  public static Path readme() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("README.md");
      if (Files.exists(dir.resolve("pom.xml")) && Files.exists(dir.resolve("events")) && Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("root README.md not found above " + Path.of("").toAbsolutePath());
  }

  /** The rows of the table under {@code ## Event flow}. */
  public static List<Row> rows() {
    List<String> lines;
    try {
      lines = Files.readAllLines(readme());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int start = lines.indexOf("## Event flow");
    if (start < 0) {
      throw new IllegalStateException("no '## Event flow' section in " + readme());
    }
    List<Row> rows = new ArrayList<>();
    boolean header = true;
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("## ")) {
        break;
      }
      if (!line.startsWith("|")) {
        if (!rows.isEmpty()) {
          break;
        }
        continue;
      }
      if (header || line.startsWith("|---")) {
        header = false;
        continue;
      }
      String[] cells = line.split("\\|");
      // cells[0] is empty (the line starts with |): topic, key, producer, types, consumers
      rows.add(new Row(code(cells[1]).iterator().next(), cells[2].strip().replace("`", ""), cells[3].strip(),
          code(cells[4]), services(cells[5])));
    }
    return rows;
  }

  /** The topics the README says {@code service} consumes. */
  public static Set<String> topicsConsumedBy(String service) {
    Set<String> topics = new TreeSet<>();
    rows().stream().filter(r -> r.consumers().contains(service)).forEach(r -> topics.add(r.topic()));
    return topics;
  }

  /** The topics a service's incoming channels read ({@code mp.messaging.incoming.<channel>.topic}). */
  public static Set<String> topicsOfIncomingChannels(Path applicationProperties) {
    Properties props = new Properties();
    try (var in = Files.newBufferedReader(applicationProperties)) {
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<String> topics = new TreeSet<>();
    props.stringPropertyNames().stream()
        .filter(name -> name.matches("mp\\.messaging\\.incoming\\.[^.]+\\.topic"))
        .forEach(name -> topics.add(props.getProperty(name)));
    return topics;
  }

  private static Set<String> code(String cell) {
    Set<String> values = new LinkedHashSet<>();
    Matcher m = CODE.matcher(cell);
    while (m.find()) {
      values.add(m.group(1));
    }
    return values;
  }

  private static Set<String> services(String cell) {
    Set<String> values = new TreeSet<>();
    Matcher m = SERVICE.matcher(cell);
    while (m.find()) {
      values.add(m.group(1));
    }
    return values;
  }
}
