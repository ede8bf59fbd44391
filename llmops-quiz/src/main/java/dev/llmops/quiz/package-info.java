/**
 * Quiz generation: personalised, grounded quizzes from a quiz bank.
 */
package dev.llmops.quiz;
