/**
 * The {@code llmops} command line: picocli commands over every llmops module.
 */
package dev.llmops.cli;
