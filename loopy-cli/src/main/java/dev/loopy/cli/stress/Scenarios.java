package dev.loopy.cli.stress;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The scenarios {@code loopy stress} knows, by name.
 *
 * <p>Any thread; scenarios hold no state between runs.
 */
public final class Scenarios {
    private static final List<Scenario> ALL = List.of(ChannelScenario.mpmc(),
            ChannelScenario.spsc(), new PubSubScenario(), new RegistryScenario(),
            new IntegrationScenario());

    private Scenarios() {
    }

    /**
     * Returns every scenario, in the order {@code --scenario all} runs them.
     *
     * @return the scenarios
     */
    public static List<Scenario> all() {
        return ALL;
    }

    /**
     * Finds a scenario by name.
     *
     * @param name for example {@code "channel-mpmc"}
     * @return the scenario
     * @throws IllegalArgumentException if there is none of that name
     */
    public static Scenario byName(String name) {
        for (Scenario scenario : ALL) {
            if (scenario.name().equals(name)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("scenario=" + name + " (expected all or one of "
                + names() + ")");
    }

    /**
     * Returns the names of all scenarios, joined by commas.
     *
     * @return the names
     */
    public static String names() {
        return ALL.stream().map(Scenario::name).collect(Collectors.joining(", "));
    }
}
