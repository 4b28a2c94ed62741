package dev.boomerang.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @TempDir Path dir;

  @Test
  void environmentBeatsConfigFileAndSparkKeysPassThrough() throws Exception {
    Path conf = dir.resolve("boomerang.properties");
    Files.writeString(conf, "lake=/from/file\nlanding=/landing/file\nspark.hadoop.fs.s3a.endpoint=http://minio:9000\n");
    Settings s = Settings.load(conf, Map.of("BOOMERANG_LAKE", "/from/env"));

    assertEquals("/from/env", s.fallback("lake"), "environment wins over the config file");
    assertEquals("/landing/file", s.fallback("landing"), "config file fills what the environment lacks");
    assertNull(s.fallback("master"), "neither: the built-in default applies");
    assertEquals(Map.of("spark.hadoop.fs.s3a.endpoint", "http://minio:9000"), s.sparkConf());
  }

  @Test
  void missingConfigFileIsNamed() {
    UserError e = assertThrows(UserError.class, () -> Settings.load(dir.resolve("nope.properties"), Map.of()));
    assertEquals("config file " + dir.resolve("nope.properties") + " does not exist", e.getMessage());
  }
}
