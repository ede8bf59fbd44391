/** For implementers: the service interface a chat provider registers so {@code ChatModels} can find it by name. */
package dev.llmops.core.spi;
