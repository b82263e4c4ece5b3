package dev.loopy.bench.jmh_generated;
public class TimerBenchmark_jmhType extends TimerBenchmark_jmhType_B3 {
}

