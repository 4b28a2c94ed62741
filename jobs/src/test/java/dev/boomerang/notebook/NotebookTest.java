package dev.boomerang.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.notebook.Notebook.Kind;
import dev.boomerang.testing.SparkTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class NotebookTest extends SparkTest {

  private static final StructType SCHEMA = new StructType()
      .add("category", DataTypes.StringType)
      .add("return_rate", DataTypes.DoubleType)
      .add("lines", DataTypes.LongType);

  private static Dataset<Row> rates() {
    return spark.createDataFrame(List.of(
        RowFactory.create("shoes", 0.25, 40L),
        RowFactory.create("<b>bags</b> & co", 0.125, 8L),
        RowFactory.create("toys", null, 0L)), SCHEMA).orderBy("category");
  }

  @Test
  void escapesEveryHtmlSpecialCharacter() {
    assertEquals("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;",
        Notebook.escape("<a href=\"x\">Tom & Jerry's</a>"));
    assertEquals("plain", Notebook.escape("plain"));
  }

  @Test
  void tableShowsHeaderEscapedCellsNullsAndTruncation() {
    String html = Notebook.table(rates(), 2).toString();

    assertTrue(html.startsWith("<table class=\"boomerang\">"), html);
    assertTrue(html.contains("<th>category</th><th>return_rate</th><th>lines</th>"), html);
    assertTrue(html.contains("<td>&lt;b&gt;bags&lt;/b&gt; &amp; co</td>"), "cell text is escaped: " + html);
    assertTrue(html.contains("<td style=\"text-align:right\">0.125</td>"), "numbers align right: " + html);
    assertFalse(html.contains("toys"), "only the first 2 rows are shown: " + html);
    assertTrue(html.endsWith("<p><i>first 2 rows shown</i></p>"), "a footer says the table was cut: " + html);
    assertEquals(3, html.split("<tr>", -1).length - 1, "one header row and two data rows");
  }

  @Test
  void fullTableHasNoFooterAndShowsNull() {
    String html = Notebook.table(rates()).toString();
    assertTrue(html.contains("<td>toys</td><td style=\"color:#999\">null</td>"), html);
    assertFalse(html.contains("rows shown"), html);
  }

  @Test
  void chartIsAPngOfTheDocumentedSize() throws Exception {
    BufferedImage img = Notebook.chart(rates(), Kind.BAR, "Return rate by category", "category", "return_rate");
    assertEquals(720, img.getWidth());
    assertEquals(400, img.getHeight());

    ByteArrayOutputStream png = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(img, "png", png), "the image encodes as PNG, as the kernel does");
    byte[] magic = Arrays.copyOf(png.toByteArray(), 8);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, magic);
    assertTrue(distinctColours(img) > 10, "a drawn chart, not a blank canvas");
  }

  @Test
  void lineChartOfSeveralSeriesAndEmptyChartsDraw() {
    BufferedImage two = Notebook.chart(rates(), Kind.LINE, "t", "category", "return_rate", "lines");
    assertEquals(720, two.getWidth());
    BufferedImage empty = Notebook.chart(rates().limit(0), Kind.BAR, "t", "category", "lines");
    assertEquals(400, empty.getHeight());
  }

  @Test
  void chartRejectsUnknownAndNonNumericColumns() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> Notebook.chart(rates(), Kind.BAR, "t", "category", "nope"));
    assertTrue(unknown.getMessage().contains("'nope'"), unknown.getMessage());
    IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
        () -> Notebook.chart(rates(), Kind.BAR, "t", "lines", "category"));
    assertTrue(text.getMessage().contains("not numeric"), text.getMessage());
  }

  @Test
  void lakeComesFromEnvironmentThenHomeThenWorkingDirectory() {
    Path cwd = Path.of("/work/repo/notebooks");
    assertEquals("s3a://b/lake", Notebook.lakeLocation(Map.of("BOOMERANG_LAKE", "s3a://b/lake"), cwd));
    assertEquals("/work/repo/data/lake", Notebook.lakeLocation(Map.of("BOOMERANG_HOME", "/work/repo"), cwd));
    assertEquals("/work/repo/notebooks/data/lake", Notebook.lakeLocation(Map.of(), cwd));
  }

  private static int distinctColours(BufferedImage img) {
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 4) {
      for (int x = 0; x < img.getWidth(); x += 4) {
        seen.add(img.getRGB(x, y));
      }
    }
    return seen.size();
  }
}
