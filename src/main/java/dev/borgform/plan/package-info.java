/**
 * The plan as data: {@code Plan} and its sealed {@code Change} records (dispatched through {@code
 * Change.Visitor}), {@code Address}, {@code KeyRef}, {@code RepoSettings} (what one mutation
 * sends), the apply {@code Phase}s with their plan-file numbers, and the checks made on every plan:
 * {@code DeletionGuard} and {@code PlanIntegrity}. Immutable, sorted, no I/O.
 */
package dev.borgform.plan;
