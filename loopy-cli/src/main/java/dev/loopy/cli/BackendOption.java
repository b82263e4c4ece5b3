package dev.loopy.cli;

import dev.loopy.Backend;
import dev.loopy.LoopOptions;
import picocli.CommandLine;

/**
 * The {@code --backend} option shared by every subcommand that runs a loop.
 */
final class BackendOption {
    @CommandLine.Option(names = "--backend", paramLabel = "io_uring|epoll|nio",
            converter = BackendConverter.class,
            description = "Force a backend (default: the automatic choice).")
    Backend backend;

    LoopOptions.Builder options() {
        return LoopOptions.builder().backend(backend);
    }

    /** Turns a backend's label into the backend. */
    static final class BackendConverter implements CommandLine.ITypeConverter<Backend> {
        @Override
        public Backend convert(String value) {
            return Backend.fromLabel(value);
        }
    }
}
