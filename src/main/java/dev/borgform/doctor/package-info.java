/**
 * The report of {@code borgform doctor} as data: {@link dev.borgform.doctor.Check}s with a {@link
 * dev.borgform.doctor.Status}, schema {@link dev.borgform.doctor.Finding}s, and the report's
 * versioned JSON document. The api package fills it in, render shows it as text; it knows nothing
 * of either.
 */
package dev.borgform.doctor;
