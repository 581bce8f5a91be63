/**
 * Work done side by side on a machine's cores: {@code Meanwhile}, a value worked out on a thread of
 * its own while the caller goes on, and {@code Pipe}, items made on a thread of their own and taken
 * in order by the caller; both wait through {@code Uninterruptibly}. Uses nothing else of borgform.
 */
package dev.borgform.concurrent;
