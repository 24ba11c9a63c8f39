package io.riskwatch.job;
public class RiskwatchJob { public static void main(String[] a) {} }
