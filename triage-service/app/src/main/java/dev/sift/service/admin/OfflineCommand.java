package dev.sift.service.admin;

import dev.sift.service.system.SiftConfiguration;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * What the offline commands ({@link ImportCommand}, {@link ReembedCommand}) share: the options that
 * configure the engine (the data directory, and any server setting passed on to Spring), the engine
 * itself without the web server, and how a command line is parsed, so that both answer usage errors
 * and {@code --help} alike. A superclass rather than a picocli mixin, because picocli takes
 * {@code @Unmatched} from the command's class hierarchy only.
 */
@Command(
    sortOptions = false,
    usageHelpWidth = 100,
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n")
abstract class OfflineCommand implements Callable<Integer> {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  /**
   * Where the shared options come in the usage: after the command's own (picocli's default order is
   * 0...).
   */
  static final int LATE = 100;

  static final int LAST = 101;

  /** The usage's word on {@link #settings()}, which are no picocli options. */
  static final String SETTINGS_HELP =
      "%nAny other server setting can be given as --sift.KEY=VALUE (--spring.* and"
          + " --logging.* too),%ne.g. --sift.embedding.model=bge-small-en-v1.5-q";

  /** Settings passed on to Spring as they are; any other unknown option is a usage error. */
  private static final Pattern PASSED_ON = Pattern.compile("--(sift|spring|logging)\\.");

  /** Where the command reports: the report on out, progress and errors on err. */
  final PrintStream out;

  final PrintStream err;

  @Spec private CommandSpec command;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      order = LATE,
      description = "data directory (default: sift.data-dir, ./data)")
  private String dataDir;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      order = LAST,
      description = "show this help")
  private boolean help;

  // Picocli has no prefix options: what it does not know lands here and is checked by settings().
  @Unmatched private List<String> unmatched = new ArrayList<>();

  OfflineCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /**
   * Parses {@code args} into {@code command} and runs it. {@code --help} prints the usage on {@code
   * out} (exit 0); a usage error, from picocli or a {@link #usageError} the command throws before
   * it loads anything, goes to {@code err} with a pointer to the help (exit 2); otherwise the
   * command's own exit status.
   */
  static int execute(OfflineCommand command, String[] args) {
    PrintWriter outWriter = new PrintWriter(command.out, true);
    PrintWriter errWriter = new PrintWriter(command.err, true);
    CommandLine cli =
        new CommandLine(command)
            .setOut(outWriter)
            .setErr(errWriter)
            // A value such as --map @Team is a value, not a file of arguments to read.
            .setExpandAtFiles(false)
            // The usage is the same text whether or not a terminal shows it, without escape codes
            // in a pipe.
            .setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF))
            .setParameterExceptionHandler(
                (e, given) -> {
                  String name = e.getCommandLine().getCommandName();
                  errWriter.println("sift " + name + ": " + e.getMessage());
                  errWriter.println("Run 'java -jar sift.jar " + name + " --help' for usage.");
                  return USAGE;
                });
    try {
      return cli.execute(args);
    } finally {
      outWriter.flush();
      errWriter.flush();
    }
  }

  /** A usage error found after parsing; {@link #execute} reports it as it does picocli's own. */
  ParameterException usageError(String message) {
    return new ParameterException(command.commandLine(), message);
  }

  /**
   * The settings to pass on to Spring ({@code --sift.KEY=VALUE}, {@code --spring.*}, {@code
   * --logging.*}).
   *
   * @throws ParameterException for any other argument picocli did not know, or a setting without a
   *     value
   */
  List<String> settings() {
    for (String arg : unmatched) {
      if (!arg.startsWith("--")) {
        throw usageError("unexpected argument '" + arg + "'");
      }
      if (!PASSED_ON.matcher(arg).lookingAt()) {
        int eq = arg.indexOf('=');
        throw usageError("unknown option " + (eq < 0 ? arg : arg.substring(0, eq)));
      }
      if (!arg.contains("=")) {
        throw usageError("option " + arg + " needs a value: " + arg + "=VALUE");
      }
    }
    return List.copyOf(unmatched);
  }

  /**
   * The engine without the web server, for a command: the server's configuration, quieter logging.
   */
  ConfigurableApplicationContext start() {
    List<String> args = new ArrayList<>(settings());
    if (dataDir != null) {
      args.add("--sift.data-dir=" + dataDir);
    }
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("logging.level.root", "WARN");
    // Start-up failures are reported in one line by the command; Spring's own report would repeat
    // them at length.
    defaults.put("logging.level.org.springframework", "OFF");
    defaults.put("logging.level.ai.djl", "ERROR");
    return new SpringApplicationBuilder(SiftConfiguration.class)
        .web(WebApplicationType.NONE)
        .bannerMode(Banner.Mode.OFF)
        .logStartupInfo(false)
        .properties(defaults)
        .run(args.toArray(String[]::new));
  }

  /** The innermost cause's message: the one line that says why the engine could not start. */
  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }
}
