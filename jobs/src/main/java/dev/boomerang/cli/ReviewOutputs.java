package dev.boomerang.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the review list goes: the options of every command that writes it. */
public class ReviewOutputs {

  @Option(names = "--exports", paramLabel = "DIR", defaultValue = "data/exports",
      description = "Folder of the review-list CSV export (default: ${DEFAULT-VALUE}).")
  Path exports;

  @Option(names = "--reports", paramLabel = "DIR", defaultValue = "data/reports",
      description = "Folder of the dated HTML reports (default: ${DEFAULT-VALUE}).")
  Path reports;

  Path exports() {
    return exports.toAbsolutePath().normalize();
  }

  Path reports() {
    return reports.toAbsolutePath().normalize();
  }
}
