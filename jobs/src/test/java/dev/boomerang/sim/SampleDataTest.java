package dev.boomerang.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** data/sample/ is exactly what the command documented in data/sample/README.md writes. */
class SampleDataTest {

  static final Path SAMPLE = Path.of("..", "data", "sample");
  static final String[] COMMAND = {"generate", "--customers", "1500", "--days", "30", "--skus", "300"};

  @Test
  void regeneratingTheSampleReproducesItByteForByte(@TempDir Path tmp) throws IOException {
    String readme = Files.readString(SAMPLE.resolve("README.md"), StandardCharsets.UTF_8);
    assertTrue(readme.contains("./boomerang " + String.join(" ", COMMAND)
            + " --out data/sample/landing --truth data/sample/truth"), "README documents the command this test runs");
    String[] args = new String[COMMAND.length + 4];
    System.arraycopy(COMMAND, 0, args, 0, COMMAND.length);
    args[COMMAND.length] = "--out";
    args[COMMAND.length + 1] = tmp.resolve("landing").toString();
    args[COMMAND.length + 2] = "--truth";
    args[COMMAND.length + 3] = tmp.resolve("truth").toString();
    assertEquals(0, Main.execute(args), "generate succeeds");
    for (String part : new String[] {"landing", "truth"}) {
      Map<String, byte[]> committed = SimulatorTest.contents(SAMPLE.resolve(part));
      Map<String, byte[]> fresh = SimulatorTest.contents(tmp.resolve(part));
      assertEquals(committed.keySet(), fresh.keySet(), part + ": the same files");
      committed.forEach((name, bytes) -> assertArrayEquals(bytes, fresh.get(name), part + "/" + name + " is identical"));
    }
  }
}
