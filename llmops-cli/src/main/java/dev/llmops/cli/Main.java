package dev.llmops.cli;

import java.io.PrintWriter;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code llmops} command line. Run it through the {@code ./llmops} launcher at the repository root.
 *
 * <p>Not thread-safe; one instance per invocation.
 */
@Command(name = "llmops",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Build, test and operate LLM applications from the command line.",
        subcommands = {DemoCommand.class, RagCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Lucene logs through java.util.logging; held here so that the level set below is not lost to GC. */
    private static final Logger LUCENE_LOG = Logger.getLogger("org.apache.lucene");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        quietLibraryLogging();
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * The libraries log through SLF4J and ship no binding, as libraries should; this application selects
     * SLF4J's no-op provider (unless the user chose one) and routes Hibernate Validator's JBoss Logging there
     * too, and keeps Lucene's informational java.util.logging lines (such as which vector scorer it chose) off
     * the console, so the console shows only what the commands print and warnings.
     */
    private static void quietLibraryLogging() {
        LUCENE_LOG.setLevel(Level.WARNING);
        setIfAbsent("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        setIfAbsent("slf4j.internal.verbosity", "WARN");
        setIfAbsent("org.jboss.logging.provider", "slf4j");
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** Runs the command line writing to the given streams; returns the exit status. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            cmd.getErr().println("llmops: " + exception.getMessage());
            return 1;
        });
        return commandLine.execute(args);
    }
}
