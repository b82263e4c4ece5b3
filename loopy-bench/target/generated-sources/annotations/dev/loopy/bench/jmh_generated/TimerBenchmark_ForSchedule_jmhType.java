package dev.loopy.bench.jmh_generated;
public class TimerBenchmark_ForSchedule_jmhType extends TimerBenchmark_ForSchedule_jmhType_B3 {
}

