/**
 * A local imitation of BorgBase's GraphQL API for tests, demos and CI (docs/borgbase-api.md).
 *
 * <p>Entry point: {@link dev.borgform.emulator.EmulatorServer#start(EmulatorConfig)}. The package
 * depends on nothing else in {@code dev.borgform}: only the JDK HTTP server, graphql-java and
 * Jackson.
 *
 * <p>Behaviour in brief (details and [GUESS] markers at the code that implements each point):
 *
 * <ul>
 *   <li>Requests are read and documents answered the way graphene 2 (graphql-core 2.3 behind
 *       Flask-GraphQL) does where it differs from graphql-java: variable coercion, operation
 *       choice, message wording, content types ({@link dev.borgform.emulator.GrapheneVariables},
 *       {@link dev.borgform.emulator.GraphqlApi}).
 *   <li>Invalid documents (syntax, validation, variable coercion) and malformed request bodies:
 *       HTTP 400 with {@code {"errors":[{message, locations}]}} and no {@code data}, as graphene 2
 *       answers.
 *   <li>Resolver failures (token, permission, not found, invalid values, over quota): HTTP 200 with
 *       the field null and {@code errors:[{message, locations, path}]}; the other fields of the
 *       document still run.
 *   <li>Token levels as BorgBase documents them. Read Only: every query. Create Only: {@code
 *       repoAdd}, {@code sshAdd}, {@code repoList}, {@code sshList} and nothing else (not even
 *       {@code repo}, {@code me} or {@code overageList}). Full Access: everything. {@code
 *       isAuthenticated} needs no token and answers true or false, never an error.
 *   <li>The state file ({@code AccountStore}): one process per file (a lock beside it), each
 *       mutation journaled and forced to disk before its answer, folded into the file on close or
 *       after a crash; tokens given with {@code --token} are kept in it, so it is owner-only.
 *   <li>Every request is bounded ({@link dev.borgform.emulator.EmulatorLimits}): body, document and
 *       answer sizes, and the time a client has to send and to read; a slow client costs a thread
 *       for that long at most, and any failure inside a request is a 500.
 *   <li>Faults on request ({@link dev.borgform.emulator.FaultRule}): delays, 5xx, 429 with
 *       Retry-After, and answers lost, garbled, cut short or never sent after the change was
 *       committed; per operation, by count or seeded rate; set at start or while running.
 * </ul>
 */
package dev.borgform.emulator;
