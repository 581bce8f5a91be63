/**
 * Applying with re-planning: read, plan, execute, and when a change's outcome is unknown, read
 * again, plan what is left and go on (a bounded number of rounds), so nothing is made twice and
 * nothing is left out. It is the one place that uses the planner and the executor together; both
 * stay unaware of each other.
 */
package dev.borgform.reconcile;
