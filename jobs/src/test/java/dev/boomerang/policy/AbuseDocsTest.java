package dev.boomerang.policy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AbuseDocsTest {

  @Test
  void docsCarryTheSignalCatalogue() throws Exception {
    Path doc = Path.of("..", "docs", "ABUSE.md");
    if (!Files.exists(doc)) {
      doc = Path.of("docs", "ABUSE.md");
    }
    String text = Files.readString(doc);
    assertTrue(text.contains(AbuseSignals.markdown()),
        "docs/ABUSE.md must embed AbuseSignals.markdown() between the signals markers; regenerate it");
  }
}
