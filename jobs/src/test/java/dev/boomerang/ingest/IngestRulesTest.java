package dev.boomerang.ingest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class IngestRulesTest {

  @Test
  void ingestionDocEmbedsTheRulesAsDeclaredInCode() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "INGESTION.md"));
    assertTrue(doc.contains(IngestRules.markdown().strip()),
        "docs/INGESTION.md must embed IngestRules.markdown(): paste `./boomerang ingest --rules` into it");
  }
}
