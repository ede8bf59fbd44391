/**
 * Provider adapters: one subpackage per wire format, each translating requests and responses and mapping
 * the provider's errors to the {@link dev.llmops.core.ProviderException} family.
 */
package dev.llmops.core.provider;
