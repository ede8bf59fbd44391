package dev.llmops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code llmops rag}: retrieval-augmented generation tools; today {@code rag eval}.
 *
 * <p>Not thread-safe; one instance per invocation.
 */
@Command(name = "rag", mixinStandardHelpOptions = true,
        description = "Index and retrieval tools for RAG.",
        subcommands = {RagEvalCommand.class, CommandLine.HelpCommand.class})
final class RagCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
