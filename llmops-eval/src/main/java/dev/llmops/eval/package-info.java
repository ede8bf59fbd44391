/**
 * Evaluation: datasets, metrics, judges, a runner, a JUnit 5 extension and reports.
 */
package dev.llmops.eval;
