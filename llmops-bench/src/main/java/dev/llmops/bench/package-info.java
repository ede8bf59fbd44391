/**
 * JMH benchmarks of llmops and side-by-side runs against peers. Never published, never part of the test run;
 * each benchmark's javadoc gives the command that runs it, and BENCHMARKS.md records the results.
 */
package dev.llmops.bench;
