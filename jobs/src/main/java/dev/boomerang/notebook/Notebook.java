package dev.boomerang.notebook;

import dev.boomerang.common.Lake;
import dev.boomerang.common.SparkSessions;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * What an analyst notebook needs in one line each: a session with every lake table registered by
 * name ({@link #session()}), a small Dataset shown as an HTML table ({@link #table}) and a bar or
 * line chart shown as an image ({@link #chart}).
 *
 * <p>It does not depend on the Jupyter kernel. It returns what the kernel's display system already
 * renders: {@link Html}, whose {@code toString()} is the markup (rendered as {@code text/html}), and a
 * {@link BufferedImage} (rendered as {@code image/png}). Both collect at most {@code n} rows to the
 * driver, so pass small, aggregated Datasets.
 */
public final class Notebook {

  private Notebook() {}

  /** Default rows shown by {@link #table(Dataset)}. */
  public static final int DEFAULT_ROWS = 20;

  /** An HTML fragment; the kernel displays an object's {@code toString()} as {@code text/html}. */
  public record Html(String html) {
    @Override
    public String toString() {
      return html;
    }
  }

  /** How {@link #chart} draws its series. */
  public enum Kind { BAR, LINE }

  /**
   * The notebook's session ({@code BOOMERANG_MASTER}, default {@code local[*]}) with Boomerang's
   * settings and every table of {@link #lake()} registered for SQL. Repeated calls return the same
   * session and register tables that appeared since.
   */
  public static SparkSession session() {
    Lake lake = lake();
    String master = System.getenv().getOrDefault("BOOMERANG_MASTER", "local[*]");
    SparkSession spark = SparkSessions.forJob(master, "boomerang-notebook", lake);
    lake.register(spark);
    return spark;
  }

  /** The lake the notebook reads: see {@link #lakeLocation(Map, Path)}. */
  public static Lake lake() {
    return Lake.of(lakeLocation(System.getenv(), Path.of("")));
  }

  /**
   * Registers every table of the notebook's lake in {@code spark}'s catalog (for a session built
   * elsewhere) and returns the lake.
   */
  public static Lake lake(SparkSession spark) {
    Lake lake = lake();
    lake.register(spark);
    return lake;
  }

  /**
   * Where the lake is: {@code BOOMERANG_LAKE} when set, else {@code data/lake} under
   * {@code BOOMERANG_HOME} (the repository; the kernelspec sets it), else {@code data/lake} under
   * {@code cwd}.
   */
  public static String lakeLocation(Map<String, String> env, Path cwd) {
    String lake = env.get("BOOMERANG_LAKE");
    if (lake != null && !lake.isBlank()) {
      return lake;
    }
    String home = env.get("BOOMERANG_HOME");
    Path base = home != null && !home.isBlank() ? Path.of(home) : cwd;
    return base.resolve("data").resolve("lake").toAbsolutePath().normalize().toString();
  }

  /** The first {@value #DEFAULT_ROWS} rows of {@code ds} as an HTML table. */
  public static Html table(Dataset<Row> ds) {
    return table(ds, DEFAULT_ROWS);
  }

  /** The first {@code n} rows of {@code ds} as an HTML table; a footer says when there are more. */
  public static Html table(Dataset<Row> ds, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("rows to show must be at least 1, got " + n);
    }
    // One row more than shown tells whether the table was cut, without a count() of the whole Dataset.
    List<Row> rows = ds.limit(n + 1).collectAsList();
    List<List<Object>> cells = new ArrayList<>();
    for (Row r : rows.subList(0, Math.min(n, rows.size()))) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        values.add(r.get(i));
      }
      cells.add(values);
    }
    return html(Arrays.asList(ds.columns()), cells, rows.size() > n);
  }

  /** Renders a table from plain values: {@code null} shows as an empty grey cell. */
  static Html html(List<String> columns, List<List<Object>> rows, boolean truncated) {
    StringBuilder b = new StringBuilder("<table class=\"boomerang\">\n<thead><tr>");
    for (String c : columns) {
      b.append("<th>").append(escape(c)).append("</th>");
    }
    b.append("</tr></thead>\n<tbody>\n");
    for (List<Object> row : rows) {
      b.append("<tr>");
      for (Object v : row) {
        if (v == null) {
          b.append("<td style=\"color:#999\">null</td>");
        } else {
          String align = v instanceof Number ? " style=\"text-align:right\"" : "";
          b.append("<td").append(align).append('>').append(escape(String.valueOf(v))).append("</td>");
        }
      }
      b.append("</tr>\n");
    }
    b.append("</tbody>\n</table>");
    if (truncated) {
      b.append("\n<p><i>first ").append(rows.size()).append(" rows shown</i></p>");
    }
    return new Html(b.toString());
  }

  /** Escapes text for HTML element content and attribute values. */
  public static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * A bar or line chart of {@code ds}: one category per row, labelled by {@code xCol}, one series per
   * {@code yCols} column (numbers; null counts as 0). At most 200 rows are drawn.
   *
   * @return a 720×400 image; the kernel shows it inline as PNG
   */
  public static BufferedImage chart(Dataset<Row> ds, Kind kind, String title, String xCol, String... yCols) {
    if (yCols.length == 0) {
      throw new IllegalArgumentException("chart needs at least one value column");
    }
    List<String> cols = new ArrayList<>();
    cols.add(xCol);
    cols.addAll(Arrays.asList(yCols));
    List<String> available = Arrays.asList(ds.columns());
    for (String c : cols) {
      if (!available.contains(c)) {
        throw new IllegalArgumentException("chart column '" + c + "' is not in " + available);
      }
    }
    List<Row> rows = ds.selectExpr(cols.stream().map(c -> "`" + c + "`").toArray(String[]::new))
        .limit(200).collectAsList();
    List<String> x = new ArrayList<>();
    List<List<Number>> series = new ArrayList<>();
    for (String ignored : yCols) {
      series.add(new ArrayList<>());
    }
    for (Row r : rows) {
      // XChart cannot draw an empty tick label.
      String label = String.valueOf(r.get(0));
      x.add(label.isEmpty() ? "(empty)" : label);
      for (int i = 0; i < yCols.length; i++) {
        Object v = r.get(i + 1);
        if (v != null && !(v instanceof Number)) {
          throw new IllegalArgumentException("chart column '" + yCols[i] + "' is not numeric: " + v);
        }
        series.get(i).add(v == null ? 0 : (Number) v);
      }
    }
    return chart(kind, title, xCol, x, Arrays.asList(yCols), series);
  }

  /** Draws the chart from plain values. */
  static BufferedImage chart(Kind kind, String title, String xTitle, List<String> x,
      List<String> names, List<List<Number>> series) {
    if (x.isEmpty()) {
      // XChart refuses an empty series; an empty Dataset still gets a titled, empty frame.
      return chart(kind, title, xTitle, List.of("(no rows)"), names,
          names.stream().map(n -> List.<Number>of(0)).toList());
    }
    CategoryChart chart = new CategoryChartBuilder().width(720).height(400)
        .title(title).xAxisTitle(xTitle).build();
    CategoryStyler style = chart.getStyler();
    style.setDefaultSeriesRenderStyle(kind == Kind.LINE ? CategorySeriesRenderStyle.Line : CategorySeriesRenderStyle.Bar);
    style.setLegendVisible(names.size() > 1);
    style.setLegendPosition(LegendPosition.InsideNE);
    style.setChartBackgroundColor(Color.WHITE);
    // Slanted labels when upright ones would overlap: about 60 characters fit across 720 px.
    boolean crowded = x.size() > 8 || x.stream().anyMatch(l -> l.length() * x.size() > 60);
    style.setXAxisLabelRotation(crowded ? 45 : 0);
    style.setAntiAlias(true);
    for (int i = 0; i < names.size(); i++) {
      chart.addSeries(names.get(i), x, series.get(i));
    }
    return BitmapEncoder.getBufferedImage(chart);
  }

}
