/**
 * Implementation of the prompts module: file parsing, template compilation, catalogs, label and lock files.
 */
package dev.llmops.prompts.internal;
