package dev.loopy.cli.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The quick level of every scenario passes and leaves no descriptor open. */
class StressScenariosQuickTest {
    static Iterable<Scenario> scenarios() {
        return Scenarios.all();
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void theQuickLevelFindsNoViolation(Scenario scenario) throws InterruptedException {
        StringWriter output = new StringWriter();
        int fdsBefore = openFds();

        StressResult result = new StressRunner(new PrintWriter(output), Progress.Mode.NONE)
                .run(scenario, StressLevel.QUICK, 20_261_203L, null);

        assertThat(result.passed()).as(output.toString()).isTrue();
        assertThat(result.reports()).hasSizeGreaterThanOrEqualTo(StressLevel.QUICK.rounds());
        assertThat(result.received()).isPositive();
        assertThat(openFds()).isEqualTo(fdsBefore);
    }

    @Test
    void oneSeedDrawsTheSameRounds() {
        StressContext first = new StressContext("x", StressLevel.MEDIUM, 99, null);
        StressContext second = new StressContext("x", StressLevel.MEDIUM, 99, null);
        ChannelScenario scenario = ChannelScenario.mpmc();

        for (int round = 1; round <= StressLevel.MEDIUM.rounds(); round++) {
            assertThat(scenario.draw(first, round)).isEqualTo(scenario.draw(second, round));
        }
    }

    @Test
    void everyScenarioIsFoundByItsName() {
        assertThat(Scenarios.all()).extracting(Scenario::name).containsExactly(
                "channel-mpmc", "channel-spsc", "pubsub", "registry", "integration");
        for (Scenario scenario : Scenarios.all()) {
            assertThat(Scenarios.byName(scenario.name())).isSameAs(scenario);
            assertThat(scenario.description()).isNotBlank();
        }
    }

    private static int openFds() {
        String[] entries = new File("/proc/self/fd").list();
        return entries == null ? -1 : entries.length;
    }
}
