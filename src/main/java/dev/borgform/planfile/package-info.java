/**
 * The JSON plan document ({@code plan --output json}, {@code plan --out}, {@code apply PLAN.json}):
 * Jackson DTOs ({@code Docs}) and {@code PlanCodec}, which writes a plan and reads one back,
 * checking that a document shows what it sends and carrying its plan hash. Knows plans and the
 * model; does no I/O.
 */
package dev.borgform.planfile;
