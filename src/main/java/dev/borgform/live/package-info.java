/**
 * The account as read: {@code LiveState}, a snapshot of every key and repo, with the digest a saved
 * plan is bound to, and the {@code AccountReader} port the API client implements.
 */
package dev.borgform.live;
