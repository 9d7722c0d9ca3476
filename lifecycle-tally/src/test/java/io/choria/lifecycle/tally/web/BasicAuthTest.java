package io.choria.lifecycle.tally.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Basic auth against htpasswd's bcrypt hashes. Timing is not asserted (the machine is shared);
 * what makes the times alike is: every first answer costs one bcrypt comparison, for a known user
 * or not, right password or not, and a repeated question is answered from the cache.
 */
class BasicAuthTest {
    private static Map<String, String> users;

    @BeforeAll
    static void hashes() {
        users = Map.of("prometheus", Htpasswd.hash("s3cret", 6), "grafana", Htpasswd.hash("other", 6));
    }

    private static String header(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theRightPasswordOfAKnownUserPasses() {
        BasicAuth auth = new BasicAuth();
        assertThat(auth.allows(users, header("prometheus", "s3cret"))).isTrue();
        assertThat(auth.allows(users, header("prometheus", "S3cret"))).isFalse();
        assertThat(auth.allows(users, header("grafana", "s3cret"))).as("another user's password").isFalse();
    }

    @Test
    void anUnknownUserCostsOneComparisonLikeAWrongPassword() {
        BasicAuth auth = new BasicAuth();
        auth.prepare(users);
        long before = auth.comparisons();
        assertThat(auth.allows(users, header("prometheus", "wrong"))).isFalse();
        assertThat(auth.comparisons() - before).as("known user, wrong password").isEqualTo(1);
        assertThat(auth.allows(users, header("mallory", "s3cret"))).isFalse();
        assertThat(auth.comparisons() - before).as("unknown user: compared against a decoy of the same cost").isEqualTo(2);
        assertThat(auth.allows(users, header("prometheus", "s3cret"))).isTrue();
        assertThat(auth.comparisons() - before).isEqualTo(3);
    }

    @Test
    void aRepeatedQuestionIsAnsweredFromTheCache() {
        BasicAuth auth = new BasicAuth();
        for (int i = 0; i < 5; i++) {
            assertThat(auth.allows(users, header("prometheus", "s3cret"))).isTrue();
            assertThat(auth.allows(users, header("mallory", "x"))).isFalse();
        }
        assertThat(auth.comparisons()).isEqualTo(2);
    }

    @Test
    void aChangedHashIsComparedAgain() {
        BasicAuth auth = new BasicAuth();
        assertThat(auth.allows(users, header("prometheus", "s3cret"))).isTrue();
        Map<String, String> changed = Map.of("prometheus", Htpasswd.hash("new", 6));
        assertThat(auth.allows(changed, header("prometheus", "s3cret"))).isFalse();
        assertThat(auth.allows(changed, header("prometheus", "new"))).isTrue();
    }

    @Test
    void headersThatAreNotBasicCredentialsFail() {
        BasicAuth auth = new BasicAuth();
        assertThat(auth.allows(users, null)).isFalse();
        assertThat(auth.allows(users, "Bearer abc")).isFalse();
        assertThat(auth.allows(users, "Basic !!!")).isFalse();
        assertThat(auth.allows(users, "Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes()))).isFalse();
        assertThat(BasicAuth.decode("basic " + Base64.getEncoder().encodeToString("a:b:c".getBytes())))
                .containsExactly("a", "b:c");
    }
}
