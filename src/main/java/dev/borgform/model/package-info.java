/**
 * Value records of the domain: desired and live keys and repos, quota, regions, formats, borg
 * versions, compaction, names and their rules, and SSH public key parsing. No I/O and no dependency
 * beyond {@code diag}.
 */
package dev.borgform.model;
