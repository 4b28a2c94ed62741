package dev.boomerang.cli;

import dev.boomerang.common.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code batch FILE}: several commands in one process. Each line of the file is one command line,
 * run as if given to {@code boomerang}; they share one JVM and one Spark session, so each saves the
 * JVM and Spark start and the first, cold reads of the lake's Delta logs (tens of seconds on a small
 * machine). Scripts that chain many short commands (the notebooks' demo lake, an evaluation over
 * several dates) use it.
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
    description = {"Runs several boomerang commands in this one process (one JVM, one Spark session), one command per "
        + "line of FILE ('-' reads standard input), in order; stops at the first that fails and exits with its code.",
        "Blank lines and lines starting with '#' are skipped. Words are split on blanks, except inside '...' or "
        + "\"...\" (no escapes, no variables). 'batch' and 'demo' cannot be nested."})
public class BatchCommand implements Callable<Integer> {

  private static final List<String> NOT_NESTED = List.of("batch", "demo");

  @Parameters(index = "0", paramLabel = "FILE", description = "The commands, one per line; '-' for standard input.")
  String file;

  @Override
  public Integer call() {
    List<List<String>> commands = parse(read(file), file);
    long started = System.nanoTime();
    for (List<String> args : commands) {
      String line = String.join(" ", args);
      System.out.println("== " + line);
      long t0 = System.nanoTime();
      int code = Main.executeStep("batch", args);
      if (code != ExitCode.OK) {
        return code;
      }
      System.out.printf(Locale.ROOT, "== %s: %.1f s%n", args.get(0), (System.nanoTime() - t0) / 1e9);
    }
    System.out.printf(Locale.ROOT, "== batch: %d commands in %.1f s%n", commands.size(),
        (System.nanoTime() - started) / 1e9);
    return ExitCode.OK;
  }

  /** The command lines of {@code text}; a nested batch or demo, or an empty file, is an error naming the line. */
  static List<List<String>> parse(String text, String source) {
    List<List<String>> commands = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      List<String> args = words(line, source + " line " + (i + 1));
      if (NOT_NESTED.contains(args.get(0))) {
        throw new UserError(source + " line " + (i + 1) + ": '" + args.get(0) + "' cannot run inside batch");
      }
      commands.add(args);
    }
    if (commands.isEmpty()) {
      throw new UserError(source + " holds no command");
    }
    return commands;
  }

  /** The words of a line: split on blanks, except inside '…' or "…" (the quotes are dropped; no escapes). */
  static List<String> words(String line, String where) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        word = word == null ? new StringBuilder() : word;
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else {
        word = (word == null ? new StringBuilder() : word).append(c);
      }
    }
    if (quote != 0) {
      throw new UserError(where + ": the quote " + quote + " is never closed");
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }

  private static String read(String file) {
    try {
      if (file.equals("-")) {
        return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError("cannot read the batch file " + file + ": " + e.getMessage(), e);
    }
  }
}
