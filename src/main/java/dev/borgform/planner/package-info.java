/**
 * The pure planner: {@code Planner} turns (desired state, live state) into a {@code Plan}; {@code
 * Exporter} turns a live account into a spec. No I/O, no clock, no randomness: the same inputs give
 * the same plan.
 */
package dev.borgform.planner;
