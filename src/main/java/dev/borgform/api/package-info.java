/**
 * The BorgBase API client: GraphQL over OkHttp, implementing the {@code live.AccountReader} and
 * {@code apply.AccountWriter} ports. The wire format lives only here: GraphQL documents and
 * operation names, the field names of the answer ({@code WireKey}, {@code WireMapper}; a repo's
 * come from {@code model.RepoField}), and the classification of failures into {@code
 * apply.FailureKind} ({@code ErrorClassifier}). Also the route and trust ({@code Network}, proxies,
 * {@code NO_PROXY}, CA bundles), retries ({@code RetryPolicy}, {@code Attempts}), connection rules
 * and answer bounds ({@code GraphQlTransport}), the redacted debug log ({@code HttpLog}) and the
 * token, which never prints ({@code Token}).
 */
package dev.borgform.api;
