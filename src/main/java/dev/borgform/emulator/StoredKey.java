package dev.borgform.emulator;

import org.jspecify.annotations.Nullable;

/**
 * One SSH key as the account holds it. Keys are immutable at BorgBase (there is no sshEdit), hence
 * a record. Field names match the GraphQL {@code SshKey} type and the state file.
 */
record StoredKey(
    long id,
    String name,
    String keyData,
    String comment,
    String keyType,
    int bits,
    String hashMd5,
    String hashSha256,
    String addedAt,
    @Nullable String lastUsedAt) {}
