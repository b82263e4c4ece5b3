package dev.loopy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopy.Loop;
import dev.loopy.LoopOptions;
import dev.loopy.ManualClock;
import dev.loopy.RunMode;
import dev.loopy.WrongThreadException;
import dev.loopy.cluster.spi.RegistryBackend;
import dev.loopy.cluster.spi.RegistryEventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry in front of a backend that answers its writes in a later iteration. */
class RegistryBackendTest {
    private final int fdsBefore = RegistryFixture.openFds();
    private final Loop loop = Loop.create(LoopOptions.builder().clock(new ManualClock()).build());
    private final DeferredBackend backend = new DeferredBackend();
    private final Registry registry = Registry.create(loop, backend);
    private final List<RegistryEvent> events = new ArrayList<>();

    @AfterEach
    void close() {
        registry.close();
        assertThat(backend.closed).isTrue();
        loop.close();
        assertThat(RegistryFixture.openFds()).isEqualTo(fdsBefore);
    }

    @Test
    void writesCompleteOnTheLoopOnceTheBackendAnswers() {
        registry.subscribe(events::add);

        CompletionStage<ConfigEntry> put = registry.put("k", "v");
        assertThat(put.toCompletableFuture()).isNotDone();
        assertThat(registry.get("k")).isEmpty();
        settle();

        assertThat(put.toCompletableFuture()).isCompletedWithValueMatching(
                entry -> entry.valueAsString().equals("v"));
        assertThat(registry.get("k")).isPresent();
        assertThat(events).extracting(RegistryEvent::type)
                .containsExactly(RegistryEventType.KEY_PUT);
    }

    @Test
    void theSameCallsDriveNodesAndCompareAndSetThroughAnyBackend() {
        AtomicReference<CasResult> conflict = new AtomicReference<>();
        registry.join(NodeSpec.of("n1")).thenRun(() -> registry.heartbeat("n1"));
        registry.compareAndSet("lock", ConfigEntry.ABSENT, "a")
                .thenCompose(won -> registry.compareAndSet("lock", ConfigEntry.ABSENT, "b"))
                .thenAccept(conflict::set);
        settle();

        assertThat(registry.leader()).contains(new Leadership("n1", 1));
        assertThat(conflict.get().outcome()).isEqualTo(CasOutcome.CONFLICT);
        assertThat(registry.get("lock").orElseThrow().valueAsString()).isEqualTo("a");
    }

    @Test
    void aRegistryIsCreatedOnItsLoopsThreadOnly() throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                Registry.embedded(loop);
            } catch (Throwable refused) {
                failure.set(refused);
            }
        });
        other.start();
        other.join(5_000);

        assertThat(failure.get()).isInstanceOf(WrongThreadException.class)
                .hasMessageContaining("Registry.create");
        assertThatThrownBy(() -> backend.open(loop, event -> { }))
                .isInstanceOf(IllegalStateException.class);
    }

    private void settle() {
        for (int i = 0; i < 4; i++) {
            loop.run(RunMode.NOWAIT);
        }
    }

    /** The embedded backend, with every write answered from a task of a later iteration. */
    private final class DeferredBackend implements RegistryBackend {
        private final EmbeddedRegistryBackend store =
                new EmbeddedRegistryBackend(RegistryOptions.defaults());
        private boolean closed;

        @Override
        public void open(Loop owner, RegistryEventSink sink) {
            store.open(owner, sink);
        }

        @Override
        public long revision() {
            return store.revision();
        }

        @Override
        public Optional<NodeInfo> node(String nodeId) {
            return store.node(nodeId);
        }

        @Override
        public List<NodeInfo> nodes() {
            return store.nodes();
        }

        @Override
        public Optional<Leadership> leader() {
            return store.leader();
        }

        @Override
        public Optional<ConfigEntry> get(String key) {
            return store.get(key);
        }

        @Override
        public List<ConfigEntry> entries(String prefix) {
            return store.entries(prefix);
        }

        @Override
        public CompletionStage<NodeInfo> join(NodeSpec spec) {
            return later(() -> store.join(spec));
        }

        @Override
        public boolean heartbeat(String nodeId) {
            return store.heartbeat(nodeId);
        }

        @Override
        public CompletionStage<NodeInfo> leave(String nodeId) {
            return later(() -> store.leave(nodeId));
        }

        @Override
        public CompletionStage<ConfigEntry> put(String key, byte[] value, long ttlNs) {
            return later(() -> store.put(key, value, ttlNs));
        }

        @Override
        public CompletionStage<CasResult> compareAndSet(String key, long expectedVersion,
                byte[] value, long ttlNs) {
            return later(() -> store.compareAndSet(key, expectedVersion, value, ttlNs));
        }

        @Override
        public CompletionStage<Boolean> delete(String key) {
            return later(() -> store.delete(key));
        }

        @Override
        public void close() {
            closed = true;
            store.close();
        }

        private <T> CompletionStage<T> later(Supplier<CompletionStage<T>> write) {
            CompletableFuture<T> answer = new CompletableFuture<>();
            loop.execute(() -> write.get().whenComplete((value, failure) -> {
                if (failure != null) {
                    answer.completeExceptionally(failure);
                } else {
                    answer.complete(value);
                }
            }));
            return answer;
        }
    }
}
