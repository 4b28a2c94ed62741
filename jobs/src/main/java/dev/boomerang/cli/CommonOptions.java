package dev.boomerang.cli;

import dev.boomerang.common.Lake;
import dev.boomerang.common.Settings;
import dev.boomerang.common.SparkSessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * Options every command takes. Each falls back to {@code BOOMERANG_<NAME>}, then to the config
 * file, then to its default (see {@link dev.boomerang.common.Settings}).
 */
public class CommonOptions {

  @Option(names = "--lake", paramLabel = "DIR", defaultValue = "data/lake",
      description = "Lake root: a folder or a Hadoop URI such as s3a://bucket/lake (env BOOMERANG_LAKE; default: ${DEFAULT-VALUE}).")
  String lake;

  @Option(names = "--landing", paramLabel = "DIR", defaultValue = "data/landing",
      description = "Landing folder with the daily drops (env BOOMERANG_LANDING; default: ${DEFAULT-VALUE}).")
  String landing;

  @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
      description = "Spark master; 'submit' leaves it to spark-submit (env BOOMERANG_MASTER; default: ${DEFAULT-VALUE}).")
  String master;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Properties file: keys lake, landing, master, ... and any spark.* setting (env BOOMERANG_CONFIG).")
  Path config;

  @Option(names = {"-v", "--verbose"}, description = "Show stack traces and Spark's own warnings.")
  boolean verbose;

  public Lake lake() {
    return Lake.of(lake);
  }

  public Path landing() {
    return Path.of(landing).toAbsolutePath().normalize();
  }

  public String landingLocation() {
    return landing.contains("://") ? landing : landing().toString();
  }

  /** These options as command-line arguments, for a command that runs others in this process. */
  public List<String> asArgs() {
    List<String> args = new ArrayList<>(List.of("--lake", lake().root(), "--landing", landing().toString()));
    if (master != null) {
      args.addAll(List.of("--master", master));
    }
    if (config != null) {
      args.addAll(List.of("--config", config.toString()));
    }
    return args;
  }

  public boolean verbose() {
    return verbose;
  }

  /** A session for this command. The master is left to spark-submit when it says 'submit'. */
  public SparkSession session(String appName) {
    Lake lk = lake();
    var b = SparkSessions.builder("submit".equals(master) ? null : master, "boomerang " + appName)
        .config("spark.sql.warehouse.dir", lk.catalogDir());
    for (Map.Entry<String, String> e : Settings.load(config, System.getenv()).sparkConf().entrySet()) {
      b = b.config(e.getKey(), e.getValue());
    }
    return b.getOrCreate();
  }
}
