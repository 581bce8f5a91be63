/**
 * Every line a person reads: text, Markdown and JSON plans ({@code PlanRenderer}s), diagnostics,
 * apply progress and reports, with styles for colour and without. Reads plans and reports; never
 * the network or the spec.
 */
package dev.borgform.render;
