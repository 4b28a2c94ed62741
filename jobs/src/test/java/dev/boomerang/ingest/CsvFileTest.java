package dev.boomerang.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.contract.Contract;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvFileTest {

  static final String HEADER = "order_id,line_no,sku,quantity,unit_price,discount,size";

  private static CsvFile.Parsed parse(byte[] bytes) {
    return CsvFile.parse(Contract.ORDER_LINES, "f.csv", "2025-11-01", bytes);
  }

  private static CsvFile.Parsed parse(String text) {
    return parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void goodLinesAreNumberedFromOneAndQuotedFieldsKeepCommasAndLineBreaks() {
    CsvFile.Parsed p = parse(HEADER + "\r\nO1,1,P1,2,10.00,0,\"M, \"\"slim\"\"\nfit\"\nO1,2,P2,1,5.00,0,\n");
    assertNull(p.fileError());
    assertEquals(2, p.rowCount());
    assertArrayEquals(new String[] {"O1", "1", "P1", "2", "10.00", "0", "M, \"slim\"\nfit"}, p.records().get(0).values());
    assertEquals(2, p.records().get(1).rowNumber(), "data rows count from 1 after the header");
    assertNull(p.records().get(1).values()[6], "an empty field is a missing value");
  }

  @Test
  void invalidUtf8LineIsQuarantinedAloneAndItsNeighboursSurvive() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes((HEADER + "\nO1,1,P1,2,10.00,0,M\nO1,2,P").getBytes(StandardCharsets.UTF_8));
    b.write(0xC3); // a lone lead byte: not UTF-8
    b.write(0x28);
    b.writeBytes(",1,5.00,0,\nO1,3,P3,1,5.00,0,\n".getBytes(StandardCharsets.UTF_8));
    CsvFile.Parsed p = parse(b.toByteArray());
    assertEquals(List.of(true, false, true), p.records().stream().map(CsvFile.Record::isGood).toList());
    assertEquals("bad_encoding", p.records().get(1).rule());
    assertEquals(2, p.records().get(1).rowNumber());
  }

  @Test
  void wrongFieldCountAndTruncatedLastLineAreNamed() {
    CsvFile.Parsed p = parse(HEADER + "\nO1,1,P1,2,10.00,0,M,extra\nO1,2,P2,1,5.00,0,\nO1,3,P3,1,5.");
    assertEquals("wrong_column_count", p.records().get(0).rule());
    assertEquals("8 fields, the header has 7", p.records().get(0).detail());
    assertTrue(p.records().get(1).isGood());
    assertEquals("wrong_column_count", p.records().get(2).rule());
    assertTrue(p.records().get(2).detail().startsWith("truncated last line"), p.records().get(2).detail());

    CsvFile.Parsed open = parse(HEADER + "\nO1,1,P1,2,10.00,0,\"M");
    assertEquals("truncated last line: a quoted field is never closed", open.records().get(0).detail());

    CsvFile.Parsed noFinalNewline = parse(HEADER + "\nO1,1,P1,2,10.00,0,M");
    assertTrue(noFinalNewline.records().get(0).isGood(), "a complete last line without a line end is fine");
  }

  @Test
  void headerProblemsFailTheFileWithAReason() {
    assertEquals("the header uses ';' as delimiter; the contract says ','",
        parse(HEADER.replace(',', ';') + "\nO1;1;P1;2;10.00;0;M\n").fileError());
    assertEquals("missing required column(s) quantity (header: order_id,line_no,sku,unit_price,discount,size)",
        parse("order_id,line_no,sku,unit_price,discount,size\nO1,1,P1,10.00,0,M\n").fileError());
    assertEquals("the header names column 'sku' twice", parse(HEADER + ",sku\n").fileError());
  }

  @Test
  void extraAndMissingOptionalColumnsAreAccepted() {
    CsvFile.Parsed p = parse("\uFEFForder_id,line_no,sku,quantity,unit_price,discount,gift_wrap\nO1,1,P1,2,10.00,0,yes\n");
    assertNull(p.fileError(), "a BOM, a new column and a missing optional column are all fine");
    assertEquals(List.of("gift_wrap"), p.extraColumns(Contract.ORDER_LINES));
    assertTrue(p.records().get(0).isGood());
  }
}
