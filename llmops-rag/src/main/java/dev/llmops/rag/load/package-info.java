/** Loaders that turn files (plain text, Markdown, HTML, PDF, JSON lines) into documents to index. */
package dev.llmops.rag.load;
