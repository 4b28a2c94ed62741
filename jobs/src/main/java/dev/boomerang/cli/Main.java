package dev.boomerang.cli;

import dev.boomerang.common.Settings;
import dev.boomerang.common.Text;
import dev.boomerang.common.UserError;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code boomerang} command line. Each subcommand parses its options and calls one job. */
@Command(name = "boomerang", mixinStandardHelpOptions = true, version = "boomerang 0.1.0",
    description = "Returns analytics and return-abuse detection on Spark and Delta Lake.",
    subcommands = {
        GenerateCommand.class,
        ImportCommand.class,
        IngestCommand.class,
        FeaturesCommand.class,
        TrainCommand.class,
        ScoreCommand.class,
        ReportCommand.class,
        NightlyCommand.class,
        DemoCommand.class,
        BenchCommand.class,
        BatchCommand.class,
        RunsCommand.class,
        EvaluateCommand.class,
        SqlCommand.class,
        TablesCommand.class,
        ContractCommand.class,
        CommandLine.HelpCommand.class
    },
    footer = {"", "Options of every command fall back to BOOMERANG_<OPTION> in the environment, then to the --config file.",
        "Exit codes: 0 success, 1 failure, 2 usage error, 3 lake locked by another run."})
public class Main implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "no command given");
  }

  public static void main(String[] args) {
    int code;
    try {
      code = execute(args);
    } catch (Throwable t) { // a JVM error escaping picocli's handlers still gets one line
      System.err.println("boomerang: " + describe(t));
      if (Arrays.asList(args).contains("--verbose")) {
        t.printStackTrace();
      }
      code = ExitCode.FAILED;
    }
    System.exit(code);
  }

  /** Runs the CLI and returns the exit code; never calls System.exit (tests call this). */
  public static int execute(String... args) {
    boolean verbose = Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v");
    CommandLine cmd = new CommandLine(new Main());
    try {
      cmd.setDefaultValueProvider(new FallbackProvider(Settings.load(configArg(args), System.getenv())));
    } catch (UserError e) {
      System.err.println("boomerang: " + e.getMessage());
      return ExitCode.USAGE;
    }
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setParameterExceptionHandler((ex, a) -> {
      CommandLine c = ex.getCommandLine();
      PrintWriter err = c.getErr();
      String name = c.getCommandSpec().qualifiedName();
      String msg = Text.firstLine(ex.getMessage());
      if (ex instanceof UnmatchedArgumentException u && c.getCommandSpec().subcommands().size() > 0
          && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
        msg = "unknown command '" + u.getUnmatched().get(0) + "'";
      }
      err.println(name + ": " + msg + " (see '" + name + " --help')");
      return ExitCode.USAGE;
    });
    cmd.setExecutionExceptionHandler((ex, c, parseResult) -> {
      c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + describe(ex));
      if (verbose) {
        ex.printStackTrace(c.getErr());
      }
      return ExitCode.FAILED;
    });
    return cmd.execute(args);
  }

  /**
   * Runs one command line in this process for {@code caller} (a command that chains others) and
   * returns its exit code; a failure is named on stderr with the line that failed.
   */
  static int executeStep(String caller, List<String> args) {
    int code = execute(args.toArray(String[]::new));
    if (code != ExitCode.OK) {
      System.err.println("boomerang " + caller + ": stopped, '" + String.join(" ", args) + "' exited with " + code);
    }
    return code;
  }

  /** One line that names the problem: the user's error as written, anything else with its type. */
  static String describe(Throwable ex) {
    if (ex instanceof UserError) {
      return ex.getMessage();
    }
    Throwable t = ex;
    while (t.getMessage() == null && t.getCause() != null) {
      t = t.getCause();
    }
    String msg = Text.firstLine(t.getMessage() == null ? "" : t.getMessage());
    // Spark appends "SQLSTATE: ...; line 1 pos 7;" and a plan; the sentence before it says it all.
    int sqlState = msg.indexOf(" SQLSTATE:");
    if (sqlState > 0) {
      msg = msg.substring(0, sqlState);
    }
    return t.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg);
  }


  private static Path configArg(String[] args) {
    List<String> a = Arrays.asList(args);
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i).equals("--config") && i + 1 < a.size()) {
        return Path.of(a.get(i + 1));
      }
      if (a.get(i).startsWith("--config=")) {
        return Path.of(a.get(i).substring("--config=".length()));
      }
    }
    String env = System.getenv(Settings.envName("config"));
    return env == null || env.isBlank() ? null : Path.of(env);
  }

  /** Environment, then config file, for every long option; null falls back to the annotation. */
  record FallbackProvider(Settings settings) implements IDefaultValueProvider {
    @Override
    public String defaultValue(ArgSpec arg) {
      if (arg instanceof OptionSpec o && o.longestName().startsWith("--")) {
        return settings.fallback(o.longestName().substring(2));
      }
      return null;
    }
  }
}
