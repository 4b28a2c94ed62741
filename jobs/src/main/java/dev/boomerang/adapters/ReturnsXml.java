package dev.boomerang.adapters;

import dev.boomerang.common.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The XML returns report ({@code GET_XML_RETURNS_DATA_BY_RETURN_DATE}) flattened into the same
 * records as the flat file: one record per {@code item_details} of each {@code return_details}
 * element, with every leaf element below {@code return_details} (also inside nested groups such
 * as {@code label_details}) as a cell named by its normalised element name, so {@code order_id}
 * and the flat file's {@code Order ID} are one column. External entities are disabled.
 */
final class ReturnsXml {
  private ReturnsXml() {}

  static List<SourceRow> read(Path file) {
    Document doc;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setNamespaceAware(true);
      doc = f.newDocumentBuilder().parse(file.toFile());
    } catch (Exception e) {
      throw new UserError("cannot parse XML returns report " + file + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
    }
    List<Element> details = new ArrayList<>();
    collect(doc.getDocumentElement(), "return-details", details);
    if (details.isEmpty()) {
      throw new UserError(file + " has no return_details element: not a GET_XML_RETURNS_DATA_BY_RETURN_DATE report");
    }
    List<SourceRow> rows = new ArrayList<>();
    String name = file.getFileName().toString();
    int n = 0;
    for (Element d : details) {
      n++;
      Map<String, String> base = new LinkedHashMap<>();
      List<Element> items = new ArrayList<>();
      leaves(d, base, items);
      if (items.isEmpty()) {
        rows.add(new SourceRow(name, n, flat(base), base));
      }
      for (Element item : items) {
        Map<String, String> cells = new LinkedHashMap<>(base);
        leaves(item, cells, new ArrayList<>());
        rows.add(new SourceRow(name, n, flat(cells), cells));
      }
    }
    return rows;
  }

  private static String local(Node n) {
    return FlatFile.norm(n.getLocalName() != null ? n.getLocalName() : n.getNodeName());
  }

  private static void collect(Element e, String name, List<Element> out) {
    if (local(e).equals(name)) {
      out.add(e);
      return;
    }
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element ce) {
        collect(ce, name, out);
      }
    }
  }

  /** Leaf elements into {@code cells}; {@code item_details} groups into {@code items}. */
  private static void leaves(Element e, Map<String, String> cells, List<Element> items) {
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (!(c instanceof Element ce)) {
        continue;
      }
      if (local(ce).equals("item-details")) {
        items.add(ce);
      } else if (hasElementChild(ce)) {
        leaves(ce, cells, items);
      } else {
        String v = ce.getTextContent().trim();
        cells.put(local(ce), v.isEmpty() ? null : v);
      }
    }
  }

  private static boolean hasElementChild(Element e) {
    NodeList l = e.getChildNodes();
    for (int i = 0; i < l.getLength(); i++) {
      if (l.item(i) instanceof Element) {
        return true;
      }
    }
    return false;
  }

  private static String flat(Map<String, String> cells) {
    StringBuilder b = new StringBuilder();
    cells.forEach((k, v) -> b.append(b.length() == 0 ? "" : "; ").append(k).append('=').append(v == null ? "" : v));
    return b.toString();
  }

}
