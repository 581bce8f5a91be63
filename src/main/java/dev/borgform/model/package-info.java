/**
 * Value records of the domain: desired and live keys and repos, quota, regions, formats, borg
 * versions, the table of repo fields ({@code RepoField}) that everything else is driven by, names
 * and their rules, and SSH public key parsing. No I/O and no dependency beyond {@code diag}.
 */
package dev.borgform.model;
