package dev.loopy.bench.jmh_generated;
public class TimerBenchmark_ForCancel_jmhType extends TimerBenchmark_ForCancel_jmhType_B3 {
}

