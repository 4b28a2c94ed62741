package dev.boomerang.common;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Resolves configuration in one place. Precedence, highest first: a command-line flag, an
 * environment variable {@code BOOMERANG_<NAME>}, a key {@code <name>} in the properties file given
 * by {@code --config} (or {@code BOOMERANG_CONFIG}), then the built-in default. Keys starting with
 * {@code spark.} in the config file are passed to the Spark session (for example the
 * {@code spark.hadoop.fs.s3a.*} settings of an object-store lake).
 */
public final class Settings {

  private final Properties file;
  private final Map<String, String> env;

  private Settings(Properties file, Map<String, String> env) {
    this.file = file;
    this.env = env;
  }

  public static Settings load(Path configFile, Map<String, String> env) {
    Properties p = new Properties();
    if (configFile != null) {
      if (!Files.isRegularFile(configFile)) {
        throw new UserError("config file " + configFile + " does not exist");
      }
      try (Reader r = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        throw new UserError("cannot read config file " + configFile + ": " + e.getMessage(), e);
      }
    }
    return new Settings(p, env);
  }

  public static String envName(String key) {
    return "BOOMERANG_" + key.toUpperCase().replace('-', '_').replace('.', '_');
  }

  /** The value below the command line: environment, then config file; null when neither has it. */
  public String fallback(String key) {
    String v = env.get(envName(key));
    if (v != null && !v.isBlank()) {
      return v;
    }
    v = file.getProperty(key);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** {@code spark.*} entries of the config file. */
  public Map<String, String> sparkConf() {
    Map<String, String> conf = new TreeMap<>();
    for (String k : file.stringPropertyNames()) {
      if (k.startsWith("spark.")) {
        conf.put(k, file.getProperty(k).trim());
      }
    }
    return conf;
  }
}
