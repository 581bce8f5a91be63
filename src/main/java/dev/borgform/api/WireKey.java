package dev.borgform.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An {@code SshKey} as the API sends it. Unknown fields are ignored so API additions are harmless.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record WireKey(
    String id,
    String name,
    String keyData,
    String comment,
    String keyType,
    Integer bits,
    String hashMd5,
    String hashSha256,
    String addedAt) {}
