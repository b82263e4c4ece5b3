package dev.loopy.bench.jmh_generated;
public class TimerBenchmark_ForExpiry_jmhType extends TimerBenchmark_ForExpiry_jmhType_B3 {
}

