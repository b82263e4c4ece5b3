package dev.loopy.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles a C program against {@code <linux/io_uring.h>} and {@code <poll.h>} and checks
 * that every constant of {@link IoUring} and every offset of {@link IoUringLayouts} says
 * what the headers say. Constants are found by reflection, named like their C macros.
 */
class IoUringConstantsMatchHeadersTest {
    private static final long COMPILE_TIMEOUT_S = 60;
    private static final Path HEADER = Path.of("/usr/include/linux/io_uring.h");

    @TempDir
    Path dir;

    @Test
    void everyConstantAndOffsetMatchesTheKernelHeaders() throws Exception {
        assumeTrue(Files.exists(HEADER), "no kernel headers");
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.putAll(constants());
        expected.putAll(layoutFacts());
        expected.putAll(probeNames());

        Map<String, Long> actual = runCProgram(expected.keySet().stream().toList());

        assertThat(new TreeMap<>(expected)).isEqualTo(new TreeMap<>(actual));
    }

    private static Map<String, Long> constants() throws IllegalAccessException {
        Map<String, Long> values = new LinkedHashMap<>();
        for (Field field : IoUring.class.getFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers)
                    && (field.getType() == int.class || field.getType() == long.class)) {
                values.put(field.getName(), ((Number) field.get(null)).longValue());
            }
        }
        return values;
    }

    private static Map<String, Long> layoutFacts() {
        Map<String, Long> facts = new LinkedHashMap<>();
        facts.put("sizeof(struct io_uring_sqe)", IoUringLayouts.IO_URING_SQE.byteSize());
        facts.put("sizeof(struct io_uring_cqe)", IoUringLayouts.IO_URING_CQE.byteSize());
        facts.put("sizeof(struct io_uring_params)", IoUringLayouts.IO_URING_PARAMS.byteSize());
        facts.put("sizeof(struct io_uring_getevents_arg)",
                IoUringLayouts.IO_URING_GETEVENTS_ARG.byteSize());
        facts.put("sizeof(struct io_uring_probe_op)",
                IoUringLayouts.IO_URING_PROBE_OP.byteSize());
        sqe(facts, "opcode", IoUringLayouts.SQE_OPCODE);
        sqe(facts, "flags", IoUringLayouts.SQE_FLAGS);
        sqe(facts, "ioprio", IoUringLayouts.SQE_IOPRIO);
        sqe(facts, "fd", IoUringLayouts.SQE_FD);
        sqe(facts, "off", IoUringLayouts.SQE_OFF);
        sqe(facts, "addr2", IoUringLayouts.SQE_OFF);
        sqe(facts, "addr", IoUringLayouts.SQE_ADDR);
        sqe(facts, "len", IoUringLayouts.SQE_LEN);
        sqe(facts, "poll32_events", IoUringLayouts.SQE_OP_FLAGS);
        sqe(facts, "timeout_flags", IoUringLayouts.SQE_OP_FLAGS);
        sqe(facts, "cancel_flags", IoUringLayouts.SQE_OP_FLAGS);
        sqe(facts, "user_data", IoUringLayouts.SQE_USER_DATA);
        sqe(facts, "buf_index", IoUringLayouts.SQE_BUF_INDEX);
        sqe(facts, "addr3", IoUringLayouts.SQE_ADDR3);
        facts.put("offsetof(struct io_uring_cqe, user_data)", IoUringLayouts.CQE_USER_DATA);
        facts.put("offsetof(struct io_uring_cqe, res)", IoUringLayouts.CQE_RES);
        facts.put("offsetof(struct io_uring_cqe, flags)", IoUringLayouts.CQE_FLAGS);
        params(facts, "sq_entries", IoUringLayouts.PARAMS_SQ_ENTRIES);
        params(facts, "cq_entries", IoUringLayouts.PARAMS_CQ_ENTRIES);
        params(facts, "flags", IoUringLayouts.PARAMS_FLAGS);
        params(facts, "features", IoUringLayouts.PARAMS_FEATURES);
        params(facts, "sq_off.head", IoUringLayouts.SQ_OFF_HEAD);
        params(facts, "sq_off.tail", IoUringLayouts.SQ_OFF_TAIL);
        params(facts, "sq_off.ring_mask", IoUringLayouts.SQ_OFF_RING_MASK);
        params(facts, "sq_off.ring_entries", IoUringLayouts.SQ_OFF_RING_ENTRIES);
        params(facts, "sq_off.flags", IoUringLayouts.SQ_OFF_FLAGS);
        params(facts, "sq_off.dropped", IoUringLayouts.SQ_OFF_DROPPED);
        params(facts, "sq_off.array", IoUringLayouts.SQ_OFF_ARRAY);
        params(facts, "cq_off.head", IoUringLayouts.CQ_OFF_HEAD);
        params(facts, "cq_off.tail", IoUringLayouts.CQ_OFF_TAIL);
        params(facts, "cq_off.ring_mask", IoUringLayouts.CQ_OFF_RING_MASK);
        params(facts, "cq_off.ring_entries", IoUringLayouts.CQ_OFF_RING_ENTRIES);
        params(facts, "cq_off.overflow", IoUringLayouts.CQ_OFF_OVERFLOW);
        params(facts, "cq_off.cqes", IoUringLayouts.CQ_OFF_CQES);
        facts.put("offsetof(struct io_uring_getevents_arg, sigmask_sz)",
                IoUringLayouts.ARG_SIGMASK_SZ);
        facts.put("offsetof(struct io_uring_getevents_arg, ts)", IoUringLayouts.ARG_TS);
        facts.put("offsetof(struct io_uring_probe, last_op)", IoUringLayouts.PROBE_LAST_OP);
        facts.put("offsetof(struct io_uring_probe, ops_len)", IoUringLayouts.PROBE_OPS_LEN);
        facts.put("offsetof(struct io_uring_probe, ops)", IoUringLayouts.PROBE_OPS);
        facts.put("offsetof(struct io_uring_probe_op, op)", IoUringLayouts.PROBE_OP_OP);
        facts.put("offsetof(struct io_uring_probe_op, flags)", IoUringLayouts.PROBE_OP_FLAGS);
        return facts;
    }

    /* The probe's name tables, for the names this machine's header already has. */
    private static Map<String, Long> probeNames() throws IOException {
        String header = Files.readString(HEADER);
        Map<String, Long> names = new LinkedHashMap<>();
        for (int op = 0; op < 256; op++) {
            String macro = "IORING_OP_" + IoUringProbe.opcodeName(op).toUpperCase(Locale.ROOT);
            if (header.contains(macro + ",")) {
                names.put(macro, (long) op);
            }
        }
        for (int bit = 0; bit < Integer.SIZE; bit++) {
            String name = IoUringProbe.featureNames(1 << bit).get(0);
            String macro = "IORING_FEAT_" + name.toUpperCase(Locale.ROOT);
            if (header.contains(macro + "\t") || header.contains(macro + " ")) {
                names.put(macro, 1L << bit);
            }
        }
        return names;
    }

    private static void sqe(Map<String, Long> facts, String field, long offset) {
        facts.put("offsetof(struct io_uring_sqe, " + field + ")", offset);
    }

    private static void params(Map<String, Long> facts, String field, long offset) {
        facts.put("offsetof(struct io_uring_params, " + field + ")", offset);
    }

    private Map<String, Long> runCProgram(List<String> expressions)
            throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/cc")), "no C compiler");
        assumeTrue(Files.exists(HEADER), "no kernel headers");
        StringBuilder source = new StringBuilder("""
                #define _GNU_SOURCE
                #include <linux/io_uring.h>
                #include <poll.h>
                #include <stddef.h>
                #include <stdio.h>
                int main(void) {
                """);
        for (String expression : expressions) {
            source.append("    printf(\"%s\\t%lld\\n\", \"").append(expression)
                    .append("\", (long long) (").append(expression).append("));\n");
        }
        source.append("    return 0;\n}\n");
        Path program = dir.resolve("iouring_facts");
        Files.writeString(dir.resolve("iouring_facts.c"), source);
        run(List.of("/usr/bin/cc", "-o", program.toString(),
                dir.resolve("iouring_facts.c").toString()));
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : run(List.of(program.toString())).split("\n")) {
            String[] parts = line.split("\t");
            values.put(parts[0], Long.parseLong(parts[1]));
        }
        return values;
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).start();
        String output;
        process.getOutputStream().close();
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(COMPILE_TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", command, output).isZero();
        return output;
    }
}
