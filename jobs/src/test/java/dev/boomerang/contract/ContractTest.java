package dev.boomerang.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ContractTest {

  @Test
  void contractDocumentEmbedsTheGeneratedSchemaVerbatim() throws Exception {
    Path doc = Path.of("..", "data", "CONTRACT.md");
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    assertTrue(text.contains(Contract.markdown()),
        "data/CONTRACT.md is out of date with Contract.java: paste the output of './boomerang contract' into it");
    assertTrue(text.contains("Version " + Contract.VERSION), "CONTRACT.md names contract version " + Contract.VERSION);
  }

  @Test
  void everyVersionColumnIsATimestampOfItsEntity() {
    for (Entity e : Contract.ENTITIES) {
      if (e.versionColumn() != null) {
        assertEquals(ColumnType.TIMESTAMP, e.field(e.versionColumn()).orElseThrow().type(),
            e.name() + "." + e.versionColumn());
      }
    }
  }

  @Test
  void reasonCodesSplitByResponsibility() {
    assertTrue(ReasonCode.DEFECTIVE.isSellerFault());
    assertTrue(!ReasonCode.UNWANTED_ITEM.isSellerFault());
    assertEquals(java.util.List.of("APPAREL_TOO_SMALL", "APPAREL_TOO_LARGE"), ReasonCode.sizeRelatedNames());
    assertEquals(ReasonCode.names(), Contract.RETURNS.field("reason_code").orElseThrow().allowed());
  }
}
