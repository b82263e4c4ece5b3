package dev.loopy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopy.cluster.RegistryEvent.KeyDeleted;
import dev.loopy.cluster.RegistryEvent.KeyEvent;
import dev.loopy.cluster.RegistryEvent.KeyExpired;
import dev.loopy.cluster.RegistryEvent.KeyPut;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {
    private final RegistryFixture fixture = new RegistryFixture();
    private final Registry registry = fixture.registry;

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aPutIsReadBackWithItsVersion() {
        ConfigEntry written = put("db.url", "postgres://a");

        ConfigEntry read = registry.get("db.url").orElseThrow();

        assertThat(read).isEqualTo(written);
        assertThat(read.valueAsString()).isEqualTo("postgres://a");
        assertThat(read.version()).isEqualTo(registry.revision());
        assertThat(read.expires()).isFalse();
        assertThat(registry.get("db.user")).isEmpty();
    }

    @Test
    void versionsGrowAcrossKeysAndEveryWriteWhileTheCreateVersionStays() {
        ConfigEntry first = put("a", "1");
        ConfigEntry other = put("b", "1");
        ConfigEntry second = put("a", "2");

        assertThat(other.version()).isGreaterThan(first.version());
        assertThat(second.version()).isGreaterThan(other.version());
        assertThat(second.createVersion()).isEqualTo(first.version());
        fixture.settle();
        assertThat(fixture.eventsOf(KeyPut.class)).extracting(KeyPut::previousVersion)
                .containsExactly(ConfigEntry.ABSENT, ConfigEntry.ABSENT, first.version());
    }

    @Test
    void aCompareAndSetSucceedsOnTheExpectedVersionAndConflictsOnAnyOther() {
        ConfigEntry first = put("lock", "a");

        CasResult won = cas("lock", first.version(), "b");
        CasResult lost = cas("lock", first.version(), "c");

        assertThat(won.outcome()).isEqualTo(CasOutcome.SET);
        assertThat(won.version()).isGreaterThan(first.version());
        assertThat(lost.outcome()).isEqualTo(CasOutcome.CONFLICT);
        assertThat(lost.succeeded()).isFalse();
        assertThat(lost.version()).isEqualTo(won.version());
        assertThat(registry.get("lock").orElseThrow().valueAsString()).isEqualTo("b");
    }

    @Test
    void aCompareAndSetExpectingAbsenceOnlyCreatesAMissingKey() {
        CasResult created = cas("leader-key", ConfigEntry.ABSENT, "me");
        CasResult refused = cas("leader-key", ConfigEntry.ABSENT, "you");

        assertThat(created.succeeded()).isTrue();
        assertThat(refused.outcome()).isEqualTo(CasOutcome.CONFLICT);
        assertThat(refused.version()).isEqualTo(created.version());
        assertThat(cas("other", 7, "x")).isEqualTo(new CasResult(CasOutcome.CONFLICT, 0));
    }

    @Test
    void aDeleteRemovesTheEntryAndReportsIt() {
        ConfigEntry written = put("k", "v");

        assertThat(registry.delete("k").toCompletableFuture().join()).isTrue();
        assertThat(registry.delete("k").toCompletableFuture().join()).isFalse();
        fixture.settle();

        assertThat(registry.get("k")).isEmpty();
        KeyDeleted deleted = fixture.eventsOf(KeyDeleted.class).getFirst();
        assertThat(deleted.key()).isEqualTo("k");
        assertThat(deleted.version()).isEqualTo(written.version());
        assertThat(fixture.eventsOf(KeyDeleted.class)).hasSize(1);
    }

    @Test
    void anEntryWithATimeToLiveExpiresOnItsOwnUnderTheVirtualClock() {
        ConfigEntry written = registry.put("session", "s1", Duration.ofSeconds(10))
                .toCompletableFuture().join();
        assertThat(written.deadlineNs()).isEqualTo(fixture.clock.nanoTime() + 10_000_000_000L);

        fixture.advance(Duration.ofMillis(9_999));
        assertThat(registry.get("session")).isPresent();
        fixture.advance(Duration.ofMillis(1));

        assertThat(registry.get("session")).isEmpty();
        KeyExpired expired = fixture.eventsOf(KeyExpired.class).getFirst();
        assertThat(expired.key()).isEqualTo("session");
        assertThat(expired.version()).isEqualTo(written.version());
    }

    @Test
    void anEntryIsNeverReadPastItsDeadlineEvenBeforeItsTimerRan() {
        registry.put("session", "s1", Duration.ofSeconds(1));
        fixture.clock.advance(Duration.ofSeconds(2));

        assertThat(registry.get("session")).isEmpty();
        assertThat(cas("session", ConfigEntry.ABSENT, "s2").succeeded()).isTrue();
        fixture.settle();

        assertThat(fixture.types()).containsExactly(RegistryEventType.KEY_PUT,
                RegistryEventType.KEY_EXPIRED, RegistryEventType.KEY_PUT);
    }

    @Test
    void rewritingAKeyRestartsOrDropsItsTimeToLive() {
        registry.put("a", "1", Duration.ofSeconds(5));
        registry.put("b", "1", Duration.ofSeconds(5));
        fixture.advance(Duration.ofSeconds(4));

        registry.put("a", "2", Duration.ofSeconds(5));
        registry.put("b", "2");
        fixture.advance(Duration.ofSeconds(4));
        assertThat(registry.get("a")).isPresent();
        fixture.advance(Duration.ofSeconds(1));

        assertThat(registry.get("a")).isEmpty();
        assertThat(registry.get("b").orElseThrow().valueAsString()).isEqualTo("2");
        fixture.advance(Duration.ofDays(1));
        assertThat(fixture.eventsOf(KeyExpired.class)).extracting(KeyExpired::key)
                .containsExactly("a");
    }

    @Test
    void aWatchReceivesOnlyTheKeysUnderItsPrefix() {
        List<KeyEvent> seen = new ArrayList<>();
        registry.watch("db.", event -> seen.add((KeyEvent) event));

        put("db.url", "x");
        put("cache.url", "y");
        registry.delete("db.url");
        registry.put("db.user", "z", Duration.ofSeconds(1));
        registry.join(NodeSpec.of("n1"));
        fixture.advance(Duration.ofSeconds(1));

        assertThat(seen).extracting(RegistryEvent::type).containsExactly(
                RegistryEventType.KEY_PUT, RegistryEventType.KEY_DELETED,
                RegistryEventType.KEY_PUT, RegistryEventType.KEY_EXPIRED);
        assertThat(seen).extracting(KeyEvent::key).allMatch(key -> key.startsWith("db."));
    }

    @Test
    void aWatchSeesOnlyChangesMadeAfterItAndNoneOnceCancelled() {
        put("k", "before");
        List<RegistryEvent> seen = new ArrayList<>();
        RegistryWatch watch = registry.watch("", seen::add);
        put("k", "after");
        fixture.settle();
        put("k", "queued");

        assertThat(watch.cancel()).isTrue();
        fixture.settle();

        assertThat(seen).extracting(event -> ((KeyPut) event).entry().valueAsString())
                .containsExactly("after");
        assertThat(watch.isActive()).isFalse();
        assertThat(watch.cancel()).isFalse();
    }

    @Test
    void eventsArriveAfterTheCallThatCausedThem() {
        put("k", "v");

        assertThat(fixture.events).isEmpty();
        fixture.settle();

        assertThat(fixture.types()).containsExactly(RegistryEventType.KEY_PUT);
    }

    @Test
    void aListenerMayWriteAndItsEventsFollowTheCurrentOne() {
        registry.watch("ping", event -> registry.put("pong", "1"));

        put("ping", "1");
        fixture.settle();

        assertThat(fixture.eventsOf(KeyPut.class)).extracting(KeyPut::key)
                .containsExactly("ping", "pong");
    }

    @Test
    void aThrowingListenerGoesToTheErrorHandlerAndOthersStillHearTheEvent() {
        IllegalStateException boom = new IllegalStateException("listener failed");
        registry.watch("", event -> {
            throw boom;
        });
        List<RegistryEvent> seen = new ArrayList<>();
        registry.watch("", seen::add);

        put("k", "v");
        put("k", "w");
        fixture.settle();

        assertThat(seen).hasSize(2);
        assertThat(fixture.loopFailures).containsExactly(boom, boom);
    }

    @Test
    void entriesListAPrefixInKeyOrderWithoutExpiredOnes() {
        put("svc.b", "2");
        put("svc.a", "1");
        put("svd", "3");
        registry.put("svc.c", "gone", Duration.ofSeconds(1));
        fixture.clock.advance(Duration.ofSeconds(1));

        assertThat(registry.entries("svc.")).extracting(ConfigEntry::key)
                .containsExactly("svc.a", "svc.b");
        assertThat(registry.entries("")).extracting(ConfigEntry::key)
                .containsExactly("svc.a", "svc.b", "svd");
    }

    @Test
    void valuesAreCopiedInAndOut() {
        byte[] bytes = "abc".getBytes(StandardCharsets.UTF_8);
        registry.put("k", bytes);
        bytes[0] = 'x';

        byte[] read = registry.get("k").orElseThrow().value();
        read[1] = 'y';

        assertThat(registry.get("k").orElseThrow().valueAsString()).isEqualTo("abc");
    }

    @Test
    void reservedAndMalformedKeysAndBadValuesAreRefusedWithTheirRule() {
        assertThatThrownBy(() -> registry.put("$leader", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key=\"$leader\" (expected no leading $, which is reserved for "
                        + "the registry)");
        assertThatThrownBy(() -> registry.put("", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key=\"\" (expected 1 to 512 printable characters)");
        assertThatThrownBy(() -> registry.get("a\u0000b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("key=\"a\\u0000b\"");
        assertThatThrownBy(() -> registry.put("k".repeat(513), "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.watch("$", event -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.put("k", new byte[Registry.MAX_VALUE_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("value.length=1048577 (expected <= 1048576)");
        assertThatThrownBy(() -> registry.put("k", "v", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ttl=PT0S (expected > 0");
        assertThatThrownBy(() -> registry.compareAndSet("k", -1, "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("expectedVersion=-1 (expected >= 0");
        assertThatThrownBy(() -> registry.put("k", (byte[]) null))
                .isInstanceOf(NullPointerException.class).hasMessage("value");
        assertThat(registry.entries("")).isEmpty();
    }

    private ConfigEntry put(String key, String value) {
        return registry.put(key, value).toCompletableFuture().join();
    }

    private CasResult cas(String key, long expectedVersion, String value) {
        return registry.compareAndSet(key, expectedVersion, value).toCompletableFuture().join();
    }
}
