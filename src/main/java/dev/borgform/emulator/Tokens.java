package dev.borgform.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The emulator's API tokens: generation of BorgBase-looking tokens and the lookup of a request's
 * {@code Authorization} header. BorgBase tokens are JWTs (three dot-separated base64url segments,
 * 148-152 characters per TruffleHog's detector), and broken ones fail with PyJWT's messages, so
 * generated tokens have the same shape and unknown ones fail the same way.
 */
final class Tokens {
  /** Length BorgBase tokens have (inside the 148-152 range TruffleHog matches). */
  static final int GENERATED_LENGTH = 151;

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final Map<TokenLevel, String> byLevel;
  private final Set<String> expired;

  private Tokens(Map<TokenLevel, String> byLevel, Set<String> expired) {
    this.byLevel = byLevel;
    this.expired = expired;
  }

  static Tokens create(Map<TokenLevel, String> fixed, Clock clock) {
    return create(fixed, Set.of(), clock);
  }

  /**
   * Uses the configured tokens and generates the missing ones (SecureRandom: they are credentials).
   * {@code expired} tokens are recognised but refused as expired.
   */
  static Tokens create(Map<TokenLevel, String> fixed, Set<String> expired, Clock clock) {
    SecureRandom random = new SecureRandom();
    Map<TokenLevel, String> all = new EnumMap<>(TokenLevel.class);
    all.putAll(fixed);
    for (TokenLevel level : TokenLevel.values()) {
      if (!all.containsKey(level)) {
        String token;
        do {
          token = generate(level, random, clock);
        } while (all.containsValue(token) || expired.contains(token));
        all.put(level, token);
      }
    }
    return new Tokens(all, Set.copyOf(expired));
  }

  String token(TokenLevel level) {
    // Every level has a token: the constructor's callers fill all three.
    return Objects.requireNonNull(byLevel.get(level), "token");
  }

  /**
   * A JWT signed with a throw-away HMAC key: the emulator recognises tokens by lookup, not
   * signature.
   */
  static String generate(TokenLevel level, SecureRandom random, Clock clock) {
    String header =
        B64URL.encodeToString(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    long iat = clock.instant().getEpochSecond();
    // Pad the random "jti" so that every token has the same, BorgBase-like length.
    int payloadChars = GENERATED_LENGTH - header.length() - 43 - 2;
    int payloadBytes = payloadChars * 3 / 4;
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iat", iat);
    claims.put("scope", level.cliName());
    claims.put("jti", "");
    int jtiLength = payloadBytes - json(claims).length;
    byte[] jti = new byte[(Math.max(jtiLength, 8) + 1) / 2];
    random.nextBytes(jti);
    claims.put("jti", HexFormat.of().formatHex(jti).substring(0, Math.max(jtiLength, 8)));
    String payload = B64URL.encodeToString(json(claims));
    byte[] key = new byte[32];
    random.nextBytes(key);
    String signature;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      signature =
          B64URL.encodeToString(
              mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from the JDK", e);
    }
    return header + "." + payload + "." + signature;
  }

  private static byte[] json(Map<String, Object> claims) {
    try {
      return new ObjectMapper().writeValueAsBytes(claims);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Who is calling, from the raw {@code Authorization} header (may be null). */
  Caller authenticate(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return Caller.rejected(Caller.AUTH_REQUIRED);
    }
    String value = authorization.strip();
    int space = value.indexOf(' ');
    String scheme = space < 0 ? value : value.substring(0, space);
    if (!scheme.toLowerCase(Locale.ROOT).equals("bearer")) {
      // [GUESS] A header without the Bearer scheme counts as no credentials at all.
      return Caller.rejected(Caller.AUTH_REQUIRED);
    }
    String token = space < 0 ? "" : value.substring(space + 1).strip();
    for (Map.Entry<TokenLevel, String> e : byLevel.entrySet()) {
      // Constant-time comparison: the emulator may run in shared CI.
      if (MessageDigest.isEqual(
          e.getValue().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
        return Caller.of(e.getKey());
      }
    }
    for (String e : expired) {
      if (MessageDigest.isEqual(
          e.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
        return Caller.rejected(Caller.EXPIRED);
      }
    }
    // PyJWT's checks, in its order: first the shape, then the signature.
    if (token.split("\\.", -1).length != 3) {
      return Caller.rejected(Caller.NOT_ENOUGH_SEGMENTS);
    }
    return Caller.rejected(Caller.BAD_SIGNATURE);
  }
}
