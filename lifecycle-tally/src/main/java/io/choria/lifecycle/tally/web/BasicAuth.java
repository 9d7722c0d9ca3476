package io.choria.lifecycle.tally.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Checks HTTP basic credentials against bcrypt hashes as the exporter-toolkit does: a bcrypt
 * comparison costs tens of milliseconds, so the outcome for a (user, hash, password) is cached
 * (100 entries), and comparisons run one at a time so a flood of wrong passwords cannot take
 * every core. A user that does not exist is compared against a hash of the same cost as the
 * configured users' (the toolkit uses a fixed cost-10 hash), so the time of an answer does not
 * tell which user names exist. The cache keys are SHA-256 digests: no password is kept.
 */
final class BasicAuth {
    private static final int CACHE_SIZE = 100;
    /** bcrypt reads 72 bytes of a password; longer ones are cut there, as htpasswd and OpenBSD do. */
    private static final int BCRYPT_MAX_BYTES = 72;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Boolean> cache = new LinkedHashMap<>(CACHE_SIZE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CACHE_SIZE;
        }
    };
    private final Map<Integer, String> decoys = new ConcurrentHashMap<>();
    private final Object bcrypt = new Object();
    private long comparisons;

    /** Whether the {@code Authorization} header holds a user of {@code users} and its password. */
    boolean allows(Map<String, String> users, String authorization) {
        String[] credentials = decode(authorization);
        if (credentials == null) {
            return false;
        }
        String hash = users.get(credentials[0]);
        boolean known = hash != null;
        if (!known) {
            hash = decoy(users);
        }
        String key = cacheKey(credentials[0], hash, credentials[1]);
        Boolean cached;
        synchronized (cache) {
            cached = cache.get(key);
        }
        if (cached == null) {
            boolean match;
            synchronized (bcrypt) {
                comparisons++;
                match = BCrypt.checkpw(truncated(credentials[1]), hash);
            }
            cached = known && match;
            synchronized (cache) {
                cache.put(key, cached);
            }
        }
        return cached && known;
    }

    /** bcrypt comparisons made so far: what a test counts instead of timing answers. */
    long comparisons() {
        synchronized (bcrypt) {
            return comparisons;
        }
    }

    /** {user, password} of a {@code Basic} header, or null when it is absent or not one. */
    static String[] decode(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String text;
        try {
            text = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = text.indexOf(':');
        return colon < 0 ? null : new String[] {text.substring(0, colon), text.substring(colon + 1)};
    }

    /**
     * Makes the decoy hash {@code users} need now, so that the first request for an unknown user
     * does not take longer than one for a known user (it would pay for making the decoy).
     */
    void prepare(Map<String, String> users) {
        if (!users.isEmpty()) {
            decoy(users);
        }
    }

    /** A hash of a random password with the highest cost among the users', made once per cost. */
    private String decoy(Map<String, String> users) {
        int cost = users.values().stream().mapToInt(h -> Integer.parseInt(h.split("\\$")[2])).max().orElse(10);
        return decoys.computeIfAbsent(cost, c -> BCrypt.hashpw(Long.toHexString(RANDOM.nextLong()),
                BCrypt.gensalt("$2y", c)));
    }

    private static byte[] truncated(String password) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= BCRYPT_MAX_BYTES ? bytes : Arrays.copyOf(bytes, BCRYPT_MAX_BYTES);
    }

    private static String cacheKey(String user, String hash, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {user, hash, password}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
                sha.update((byte) ':');
                sha.update(bytes);
            }
            return Base64.getEncoder().encodeToString(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
