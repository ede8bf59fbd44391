/**
 * What chat calls cost: model prices, a tracker that prices every response and keeps totals, and budgets that refuse a call before it would overspend.
 */
package dev.llmops.core.cost;
