package io.strato.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH JSON result file ({@code -rf json -rff results.json}) into the Markdown table of
 * the README: each {@code libX} beside its {@code rawX}, with the ratio library/raw (time per
 * operation; lower is better).
 *
 * <pre>{@code
 * java -cp strato-bench/target/benchmarks.jar io.strato.bench.Report results.json
 * }</pre>
 */
public final class Report {
  private Report() {}

  /**
   * Prints the table.
   *
   * @param args the JSON result file
   * @throws Exception when the file cannot be read
   */
  public static void main(String[] args) throws Exception {
    JsonNode results = Docs.MAPPER.readTree(new File(args[0]));
    Map<String, double[]> pairs = new LinkedHashMap<>();
    Map<String, String> units = new LinkedHashMap<>();
    for (JsonNode r : results) {
      String full = r.path("benchmark").asText();
      // the benchmark class without the package, nested classes included (EsBench.Drain)
      String prefix = Report.class.getPackageName() + ".";
      String cls = full.substring(full.startsWith(prefix) ? prefix.length() : 0, full.lastIndexOf('.'));
      String method = full.substring(full.lastIndexOf('.') + 1);
      boolean lib = method.startsWith("lib");
      String op = cls + "." + (lib ? method.substring(3) : method.startsWith("raw") ? method.substring(3) : method);
      double score = r.path("primaryMetric").path("score").asDouble();
      pairs.computeIfAbsent(op, k -> new double[] {Double.NaN, Double.NaN})[lib ? 0 : 1] = score;
      units.put(op, r.path("primaryMetric").path("scoreUnit").asText());
    }
    System.out.println("| benchmark | library | raw | ratio lib/raw |");
    System.out.println("|---|---:|---:|---:|");
    for (Map.Entry<String, double[]> e : pairs.entrySet()) {
      double[] v = e.getValue();
      System.out.println(String.format(Locale.ROOT, "| %s | %.2f %s | %.2f %s | %.2f |", e.getKey(), v[0],
          units.get(e.getKey()), v[1], units.get(e.getKey()), v[0] / v[1]));
    }
  }
}
