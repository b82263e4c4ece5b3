package dev.loopy.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles a C program against the system headers and checks that every constant and every
 * struct layout of the package says what the headers say.
 *
 * <p>The program is generated from the facades by reflection: a public constant is named like
 * its C macro, a public struct layout like its C struct and its members like the C fields.
 * The only expectations are what the compiled program prints.
 */
class LinuxConstantsMatchHeadersTest {
    /** The headers each facade mirrors; a facade with constants must be listed here. */
    private static final Map<String, List<String>> HEADERS = Map.of(
            "Errno", List.of("errno.h"),
            "LibC", List.of("fcntl.h", "unistd.h"),
            "Epoll", List.of("sys/epoll.h"),
            "EventFd", List.of("sys/eventfd.h"),
            "Mman", List.of("sys/mman.h"),
            "Sockets", List.of("sys/socket.h", "sys/un.h", "netinet/in.h", "netinet/tcp.h"),
            "Uname", List.of("sys/utsname.h"),
            "Syscall", List.of("sys/syscall.h"),
            "Timespec", List.of("time.h", "linux/time_types.h"));
    private static final String PACKAGE = LibC.class.getPackageName();
    private static final long COMPILE_TIMEOUT_S = 60;

    private static List<Class<?>> facades;

    @BeforeAll
    static void findFacades() throws IOException, URISyntaxException {
        Path classes = Path.of(LibC.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).resolve(PACKAGE.replace('.', '/'));
        facades = new ArrayList<>();
        try (Stream<Path> files = Files.list(classes)) {
            for (String name : files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .map(name -> name.substring(0, name.length() - ".class".length()))
                    .filter(name -> !name.startsWith("IoUring") && !name.equals("package-info"))
                    .sorted().toList()) {
                facades.add(Class.forName(PACKAGE + "." + name));
            }
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyFacadeWithConstantsOrLayoutsNamesItsHeaders() {
        List<String> unlisted = facades.stream()
                .filter(facade -> !constants(facade).isEmpty() || !layouts(facade).isEmpty())
                .map(Class::getSimpleName)
                .filter(name -> !HEADERS.containsKey(name))
                .toList();

        assertThat(unlisted).as("facades missing from HEADERS").isEmpty();
    }

    @Test
    void everyConstantAndLayoutMatchesTheHeaders(@TempDir Path directory) throws Exception {
        Path compiler = findCompiler();
        Map<String, Long> javaSide = new TreeMap<>();
        String program = program(javaSide);

        Map<String, Long> cSide = compileAndRun(compiler, directory, program);

        List<String> mismatches = javaSide.entrySet().stream()
                .filter(entry -> !entry.getValue().equals(cSide.get(entry.getKey())))
                .map(entry -> entry.getKey() + ": java=" + entry.getValue()
                        + " headers=" + cSide.get(entry.getKey()))
                .toList();
        assertThat(cSide.keySet()).isNotEmpty().isEqualTo(javaSide.keySet());
        assertThat(mismatches).as("values that differ from the headers").isEmpty();
    }

    private static String program(Map<String, Long> javaSide) throws IllegalAccessException {
        StringBuilder includes = new StringBuilder("#define _GNU_SOURCE\n");
        StringBuilder body = new StringBuilder();
        for (Class<?> facade : facades) {
            List<String> headers = HEADERS.get(facade.getSimpleName());
            if (headers == null) {
                continue;
            }
            headers.forEach(header -> includes.append("#include <").append(header).append(">\n"));
            for (Field constant : constants(facade)) {
                String key = facade.getSimpleName() + "." + constant.getName();
                javaSide.put(key, ((Number) constant.get(null)).longValue());
                String cast = constant.getType() == int.class ? "(int)" : "(long long)";
                print(body, key, cast + "(" + constant.getName() + ")");
            }
            for (Field field : layouts(facade)) {
                describe(body, javaSide, facade.getSimpleName(),
                        (GroupLayout) field.get(null));
            }
        }
        includes.append("#include <stddef.h>\n#include <stdio.h>\n");
        return includes + "int main(void) {\n" + body + "    return 0;\n}\n";
    }

    private static void describe(StringBuilder body, Map<String, Long> javaSide,
            String facade, GroupLayout layout) {
        String struct = "struct " + layout.name().orElseThrow();
        String prefix = facade + "." + layout.name().orElseThrow();
        javaSide.put(prefix + ".sizeof", layout.byteSize());
        print(body, prefix + ".sizeof", "sizeof(" + struct + ")");
        javaSide.put(prefix + ".alignof", layout.byteAlignment());
        print(body, prefix + ".alignof", "_Alignof(" + struct + ")");
        long offset = 0;
        for (MemoryLayout member : layout.memberLayouts()) {
            Optional<String> name = member.name();
            if (!(member instanceof PaddingLayout) && name.isPresent()) {
                String field = prefix + "." + name.get();
                javaSide.put(field + ".offset", offset);
                print(body, field + ".offset", "offsetof(" + struct + ", " + name.get() + ")");
                javaSide.put(field + ".size", member.byteSize());
                print(body, field + ".size",
                        "sizeof(((" + struct + " *) 0)->" + name.get() + ")");
            }
            offset += member.byteSize();
        }
    }

    private static void print(StringBuilder body, String key, String expression) {
        body.append("    printf(\"%s %lld\\n\", \"").append(key)
                .append("\", (long long) (").append(expression).append("));\n");
    }

    private static List<Field> constants(Class<?> facade) {
        return publicStaticFinal(facade).stream()
                .filter(field -> field.getType() == int.class || field.getType() == long.class)
                .toList();
    }

    private static List<Field> layouts(Class<?> facade) {
        return publicStaticFinal(facade).stream()
                .filter(field -> GroupLayout.class.isAssignableFrom(field.getType()))
                .toList();
    }

    private static List<Field> publicStaticFinal(Class<?> facade) {
        int wanted = Modifier.PUBLIC | Modifier.STATIC | Modifier.FINAL;
        return Stream.of(facade.getDeclaredFields())
                .filter(field -> (field.getModifiers() & wanted) == wanted)
                .toList();
    }

    private static Path findCompiler() {
        Optional<Path> compiler = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .flatMap(directory -> Stream.of("cc", "gcc", "clang")
                        .map(name -> Path.of(directory, name)))
                .filter(Files::isExecutable)
                .findFirst();
        assumeTrue(compiler.isPresent(), "no C compiler (cc, gcc, clang) on PATH");
        return compiler.get();
    }

    private static Map<String, Long> compileAndRun(Path compiler, Path directory,
            String program) throws IOException, InterruptedException {
        Path source = Files.writeString(directory.resolve("constants.c"), program);
        Path binary = directory.resolve("constants");
        run(directory, compiler.toString(), "-std=gnu11", "-o", binary.toString(),
                source.toString());
        String output = run(directory, binary.toString());
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            String[] parts = line.split(" ");
            values.put(parts[0], Long.parseLong(parts[1]));
        }
        return values;
    }

    private static String run(Path directory, String... command)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).start();
        // Every pipe to the child is closed here, not left for the JDK's reaper to close later.
        process.getOutputStream().close();
        byte[] output;
        try (var in = process.getInputStream()) {
            output = in.readAllBytes();
        }
        assertThat(process.waitFor(COMPILE_TIMEOUT_S, TimeUnit.SECONDS))
                .as("finished: " + command[0]).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + text).isZero();
        return text;
    }
}
